import type { LiveIdentityPool, LiveIdentityState } from "../core/identity-live-types.js";
import type { LiveState } from "../core/live-types.js";
import type { UnmanagedResource } from "../core/plan-types.js";
import type { Step } from "../core/step.js";
import type { IdentityPoolConfig } from "../schema/identity-pool.js";
import type { DesiredState } from "../schema/root.js";
import type { Match, MatchedKind, PoolMatch } from "./match-pools.js";

export interface PlanOptions {
  allowDestroy: boolean;
  allowReplace: boolean;
  adopt?: boolean;
  /** The region pools live in when neither the pool nor the file names one. */
  defaultRegion: string;
}

/** What the read gives the planner: live state, and which live resource each entry of the file is. */
export interface PlanInput {
  live: LiveState;
  match: PoolMatch;
  /** Absent when the run read no identity pools (a file without any): nothing to plan for them. */
  identity?: LiveIdentityState;
  identityMatch?: Match<IdentityPoolConfig, LiveIdentityPool>;
}

export interface TopPlanContext {
  state: DesiredState;
  input: PlanInput;
  options: PlanOptions;
  /** The steps of the kinds planned before this one (listed earlier in the registry), which it may name. */
  earlier: readonly Step[];
}

/** One top-level kind's share of the plan. */
export interface TopPlan {
  steps: Step[];
  unmanaged: UnmanagedResource[];
  /** Ownership problems first, then what planning found. */
  problems: string[];
  /** What the file leaves as it is but will not work as the user may think (said on stderr, kept in the plan). */
  warnings?: string[];
  /** How many entries the file declares, and how many live ones of the stack it no longer names. */
  declared: number;
  orphans: number;
}

/**
 * A kind the file lists at its top (user pools, identity pools): it owns the resources inside it
 * and plans them with itself, through the child kinds' descriptors. Kinds later in the registry may
 * name earlier ones' resources (an identity pool names user pool clients), never the reverse.
 */
export interface TopKind {
  kind: string;
  matched: MatchedKind;
  plan(context: TopPlanContext): TopPlan;
}
