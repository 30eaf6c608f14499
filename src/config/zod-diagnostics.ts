import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import type { SourcePosition } from "./source-map.js";
import { allowedKeysAt } from "./zod-shape.js";

export type LocatedMessage<P extends SourcePosition = SourcePosition> = P & { message: string };

/** Finds where a path of the data was written: a SourceMap, or the merge of several files' maps. */
export interface Locator<P extends SourcePosition = SourcePosition> {
  locate(path: readonly PropertyKey[], options?: { key?: boolean }): P;
}

/** `userPools[0].passwordPolicy.minimumLength`, the way a reader finds it in the file. */
export function displayPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out === "" ? "(top level)" : out;
}

/** A close spelling among `candidates`, for "did you mean" hints; undefined when none is close. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const best = closest(word, [...candidates]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  const caseInsensitiveMatch = candidates.find((c) => c.toLowerCase() === word.toLowerCase());
  if (caseInsensitiveMatch) return caseInsensitiveMatch;
  return distance(word, best) <= limit ? best : undefined;
}

function hint(word: string, candidates: readonly string[]): string {
  const s = suggest(word, candidates);
  return s ? `; did you mean "${s}"?` : "";
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

type Issue = z.core.$ZodIssue;

function sizeMessage(issue: Issue & { code: "too_small" | "too_big" }): string {
  const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
  const relation = issue.code === "too_small" ? "at least" : "at most";
  switch (issue.origin) {
    case "string":
      return `must be ${relation} ${String(bound)} characters long`;
    case "array":
    case "set":
      return `must have ${relation} ${String(bound)} ${Number(bound) === 1 ? "entry" : "entries"}`;
    default:
      return `must be ${relation} ${String(bound)}`;
  }
}

/** One zod issue -> one or more located, one-line messages in the file's terms. */
export function describeIssue<P extends SourcePosition>(issue: Issue, root: z.ZodType, source: Locator<P>): LocatedMessage<P>[] {
  const where = displayPath(issue.path);
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(root, issue.path);
      return issue.keys.map((key) => ({
        ...source.locate([...issue.path, key], { key: true }),
        message: `unknown key "${key}" in ${where}${hint(key, allowed)}`,
      }));
    }
    case "invalid_type": {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined) {
        return [{ ...source.locate(issue.path), message: `${where} is required` }];
      }
      const names: Record<string, string> = { array: "a list", object: "a mapping", record: "a mapping", int: "an integer" };
      const expected = names[issue.expected] ?? `a ${issue.expected}`;
      return [{ ...source.locate(issue.path), message: `${where} must be ${expected}, not ${describeValue(input)}` }];
    }
    case "invalid_value": {
      const input = (issue as { input?: unknown }).input;
      if (input === undefined) return [{ ...source.locate(issue.path), message: `${where} is required` }];
      const values = issue.values.map((v) => String(v));
      // Strings are quoted so a reader sees where they start and end; numbers stay numbers.
      const shown = issue.values.map((v) => (typeof v === "string" ? JSON.stringify(v) : String(v))).join(", ");
      const got = input === undefined ? "" : `, not ${describeValue(input)}`;
      const hinted = typeof input === "string" ? hint(input, values) : "";
      const message = values.length === 1 ? `${where} must be ${shown}${got}` : `${where} must be one of ${shown}${got}${hinted}`;
      return [{ ...source.locate(issue.path), message }];
    }
    case "too_small":
    case "too_big":
      return [{ ...source.locate(issue.path), message: `${where} ${sizeMessage(issue)}` }];
    case "invalid_format":
      return [{ ...source.locate(issue.path), message: `${where} ${issue.message}` }];
    case "invalid_key": {
      // A mapping key the record refuses: say which key, at the key, with the key schema's reason.
      const key = issue.path[issue.path.length - 1];
      const reasons = issue.issues.map((inner) => inner.message).join("; ");
      return [{ ...source.locate(issue.path, { key: true }), message: `${displayPath(issue.path.slice(0, -1))}: key "${String(key)}" ${reasons}` }];
    }
    case "invalid_union": {
      // A field that takes one of several shapes (an ARN, or an object with it): the branch whose
      // shape the value has says what is wrong inside it; the others only that the type differs.
      const matching = issue.errors.filter((branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0));
      if (matching.length === 1 && matching[0]!.length > 0) {
        return matching[0]!.flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue, root, source));
      }
      return [{ ...source.locate(issue.path), message: `${where} ${issue.message}` }];
    }
    default: {
      // "must ..." and "may ..." read on from the path; a whole sentence stands after a colon.
      const joiner = /^(must|may) /.test(issue.message) ? " " : ": ";
      return [{ ...source.locate(issue.path), message: `${where}${joiner}${issue.message}` }];
    }
  }
}

/**
 * Every issue, in the file's terms. A misspelt key also makes the key it was meant to be missing;
 * "did you mean" already says so, so the "is required" for that key is left out.
 */
export function describeIssues<P extends SourcePosition>(issues: readonly Issue[], root: z.ZodType, source: Locator<P>): LocatedMessage<P>[] {
  const meant = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== "unrecognized_keys") continue;
    const allowed = allowedKeysAt(root, issue.path);
    for (const key of issue.keys) {
      const suggestion = suggest(key, allowed);
      if (suggestion !== undefined) meant.add(JSON.stringify([...issue.path, suggestion]));
    }
  }
  const isMissing = (issue: Issue) => (issue.code === "invalid_type" || issue.code === "invalid_value") && (issue as { input?: unknown }).input === undefined;
  return issues.filter((issue) => !(isMissing(issue) && meant.has(JSON.stringify(issue.path)))).flatMap((issue) => describeIssue(issue, root, source));
}
