import type { Change } from "../core/plan-types.js";

/** What the apply report needs of one carried-out operation. */
export interface ReportedResult {
  address: string;
  action: Change["action"];
  status: "done" | "failed" | "skipped";
  detail: string;
  ms: number;
}

const SYMBOLS: Record<string, string> = { create: "+", update: "~", replace: "-/+", delete: "-" };
const VERBS: Record<Change["action"], string> = { create: "created", update: "updated", replace: "replaced", delete: "deleted", "no-op": "unchanged" };

/** One line of the apply report: `  + ADDRESS: created (detail) [0.1s]`, or what failed or was skipped and why. */
export function describeResult(result: ReportedResult): string {
  const symbol = (SYMBOLS[result.action] ?? " ").padStart(3);
  if (result.status === "done") return `${symbol} ${result.address}: ${VERBS[result.action]}${result.detail ? ` (${result.detail})` : ""} [${(result.ms / 1000).toFixed(1)}s]`;
  if (result.status === "skipped") return `  ! ${result.address}: skipped, because ${result.detail}`;
  return `  ! ${result.address}: FAILED: ${result.detail}`;
}

/** Why an apply that carried out every operation is still an error: what the fresh read still finds different. */
export function describeRemaining(remaining: readonly Change[]): string {
  const lines = remaining.flatMap((c) => [`  ${c.address} (${c.action})`, ...c.fields.map((f) => `      ${f.path}`)]);
  return `apply finished but live state still differs from the file:\n${lines.join("\n")}\nAWS may have rejected or adjusted a value; run plan to see the difference`;
}

/** The closing line of an apply that converged. */
export function describeComplete(applied: number): string {
  return `Apply complete: ${applied} operation${applied === 1 ? "" : "s"}; live state matches the file.`;
}
