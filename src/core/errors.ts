/**
 * Errors a user can cause (bad file, missing flag, AWS refusing an operation) are `UserError`s: the
 * CLI prints their message as one line and exits 1, without a stack trace. Anything else is a bug.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  /** Extra lines shown only under `--log-level debug`. */
  readonly details: string | undefined;
  constructor(message: string, details?: string) {
    super(message);
    this.details = details;
  }
}

/** A problem found in the desired-state file, located at a line and column. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.message}`;
}

/** The file is invalid; carries every diagnostic found, in file order. */
export class ConfigError extends UserError {
  readonly diagnostics: Diagnostic[];
  constructor(diagnostics: Diagnostic[]) {
    const sorted = [...diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
    super(sorted.map(formatDiagnostic).join("\n"));
    this.diagnostics = sorted;
  }
}

/** The plan cannot be made as asked (ownership conflict, immutable change without a flag, ...). */
export class PlanError extends UserError {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join("\n"));
    this.problems = problems;
  }
}

/** A saved plan no longer matches the file or live state: exit code 3, make a new plan. */
export class StalePlanError extends UserError {}
