import type { AwsClients } from "../aws/clients.js";
import type { IrreversibleDelete } from "./child-kind.js";
import type { Change } from "./plan-types.js";

/**
 * A step is the planner's whole decision about one resource, as data: the change, what it was
 * computed from, what must finish first, and the operation that carries it out. The executor knows
 * no kind: it runs operations in dependency order and records the ids they make. Steps stay in
 * memory; the plan document (and a saved plan) holds only the changes.
 */
export interface Step {
  kind: string;
  change: Change;
  region: string;
  /** Addresses of steps that must finish first. */
  dependsOn: string[];
  /** The resource it lives in (a pool's address), for kinds that live in one. */
  poolAddress?: string;
  /** The desired spec, ignored paths set to their live values: what the operation writes. */
  desired?: object;
  /** The live resource as AWS described it. */
  live?: unknown;
  /** The live resource in the file's vocabulary: what a saved plan's fingerprint covers. */
  liveSpec?: object;
  /** Fields of the spec that are secrets (left out of fingerprints). */
  sensitive?: readonly string[];
  /** The id others name the live resource by (a pool's id, a client's id, a role's ARN). */
  liveId?: string;
  /** The live resource's ARN, for kinds that have one: it names the account the run works in. */
  liveArn?: string;
  /** Set when deleting one cannot be undone: a prune of them needs --allow-destroy as well. */
  irreversibleDelete?: IrreversibleDelete;
  /** What apply refuses about this change, beyond the replacement every kind needs --allow-replace for. */
  guards?: StepGuard[];
  operation: StepOperation;
}

/** A refusal: unless `allowedBy` names a flag that was given (none: refused whatever the flags). */
export interface StepGuard {
  allowedBy?: "allowDestroy" | "allowReplace";
  message: string;
}

/** Ids by address: known up front for what stays, filled in as apply creates the rest. */
export interface IdLookup {
  get(address: string): string | undefined;
  /** The id, or an error naming an ordering bug: whatever a step needs was made by a step it depends on. */
  need(address: string): string;
}

export interface OperationContext {
  aws: AwsClients;
  ids: IdLookup;
  stack: string;
}

/** What carrying out one change does; returns a detail for the report and the id of what it made. */
export type StepOperation = (ctx: OperationContext) => Promise<{ detail: string; id?: string }>;

/**
 * A value that names ids existing only once apply has made their resources (a new user pool's id
 * in an identity pool's providers, a new identity pool's id in a role's trust policy): the
 * addresses it needs, and how it is built from their ids. The planner makes it from what it
 * decided; the executor resolves it when the step runs, after the steps making those ids.
 */
export interface KnownAfterApply<T> {
  needs: readonly string[];
  resolve(ids: IdLookup): T;
}
