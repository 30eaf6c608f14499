/**
 * The plan is plain data: everything the renderers, the saved-plan file and the executor need, and
 * nothing that talks to AWS. Diffing produces it; rendering and applying only read it.
 */

/** What happens to one resource. `no-op` changes are kept so drift and JSON output can list them. */
export type Action = "create" | "update" | "replace" | "delete" | "no-op";

/** One changed field of a resource, in the desired-state file's vocabulary (camelCase paths). */
export interface FieldChange {
  /** Dotted path inside the resource, e.g. `passwordPolicy.minimumLength`, `tags.team`. */
  path: string;
  /** Live value (`undefined` = not set). Already masked when `sensitive`. */
  before: unknown;
  /** Desired value (`undefined` = not set). Already masked when `sensitive`. */
  after: unknown;
  sensitive: boolean;
  /** True when AWS cannot change this field in place, so the resource must be replaced. */
  forcesReplacement: boolean;
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
}

export const SENSITIVE_MASK = "(sensitive)";

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
