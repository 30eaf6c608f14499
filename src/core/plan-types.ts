/**
 * The plan is plain data: everything the renderers, the saved-plan file and the executor need, and
 * nothing that talks to AWS. Diffing produces it; rendering and applying only read it.
 */

/** What happens to one resource. `no-op` changes are kept so drift and JSON output can list them. */
export type Action = "create" | "update" | "replace" | "delete" | "no-op";

/** One changed field of a resource, in the desired-state file's vocabulary (camelCase paths). */
export interface FieldChange {
  /**
   * Path inside the resource: object keys joined by dots, list items of documents as `[i]`, e.g.
   * `passwordPolicy.minimumLength`, `tags.team`, `inlinePolicies.user-data.Statement[1].Action`.
   */
  path: string;
  /** Live value (`undefined` = not set). Already masked when `sensitive`. */
  before: unknown;
  /** Desired value (`undefined` = not set). Already masked when `sensitive`. */
  after: unknown;
  sensitive: boolean;
  /** True when AWS cannot change this field in place, so the resource must be replaced. */
  forcesReplacement: boolean;
  /**
   * Set when the desired value is, or contains, an id that exists only once apply has created what
   * it names (KNOWN_AFTER_APPLY): renderers show the marker, never the placeholder as a value.
   */
  unknown?: true;
}

/**
 * A planned change of one resource. `fields` holds what changes (update, replace) or what a create
 * sets (every field, with no before value); it is empty for delete and no-op.
 */
export interface Change {
  /** Stable identity across runs, e.g. `userPool.MyApp-UserPool/group.admin`. */
  address: string;
  kind: string;
  action: Action;
  /** Why this action, for people; never used to decide anything. */
  reason: string;
  fields: FieldChange[];
  /** Address of the resource this one lives in (its pool), if any. */
  parent?: string;
}

/** A child that exists live but is not in the file and that prune leaves alone. */
export interface UnmanagedResource {
  address: string;
  kind: string;
  reason: string;
}

export interface PlanSummary {
  create: number;
  update: number;
  replace: number;
  delete: number;
  noOp: number;
}

export interface Plan {
  formatVersion: 1;
  stack: string;
  changes: Change[];
  unmanaged: UnmanagedResource[];
  summary: PlanSummary;
  /** What the plan does not change but the reviewer should know (a client whose login pages will not show); only when there are any. */
  warnings?: string[];
}

export const SENSITIVE_MASK = "(sensitive)";

/** Stands in, inside a desired value, for an id that exists only once apply has created its resource. */
export const KNOWN_AFTER_APPLY = "(known after apply)";

/** True when a value is the KNOWN_AFTER_APPLY marker or holds it (in a string, a key, a list item). */
export function containsKnownAfterApply(value: unknown): boolean {
  if (typeof value === "string") return value.includes(KNOWN_AFTER_APPLY);
  if (Array.isArray(value)) return value.some(containsKnownAfterApply);
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).some(([key, v]) => key.includes(KNOWN_AFTER_APPLY) || containsKnownAfterApply(v));
  }
  return false;
}

export function summarise(changes: readonly Change[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, replace: 0, delete: 0, noOp: 0 };
  for (const change of changes) {
    if (change.action === "no-op") summary.noOp += 1;
    else summary[change.action] += 1;
  }
  return summary;
}

export function hasChanges(plan: Pick<Plan, "changes">): boolean {
  return plan.changes.some((c) => c.action !== "no-op");
}
