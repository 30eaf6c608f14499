import type { ChildKindName, LivePool } from "../core/live-types.js";
import type { UserPoolConfig } from "../schema/user-pool.js";

export type { ChildKindName } from "../core/live-types.js";

/** One declared child: its name (identity inside the pool) and its desired spec. */
export interface DeclaredChild {
  /** The name as the file writes it: the address shows it. */
  name: string;
  /** What it is matched by among live names (a user in a case-insensitive pool: lower case); default name. */
  key?: string;
  /** Keys it was known by before (a user's renamedFrom): matched when the key itself is not live. */
  formerKeys?: string[];
  /** The field a rename shows as changed (a user: username). */
  nameField?: string;
  spec: Record<string, unknown>;
  /** Field paths (in the spec's vocabulary) never diffed and kept as they are live. */
  ignore?: string[];
}

/**
 * The pure half of a kind that lives in a pool: how the file declares it, how a live object reads
 * in the file's vocabulary, and what AWS cannot change in place. Effects live in the kind's aws.ts.
 */
export interface ChildKind {
  kind: ChildKindName;
  /** The declared children, or undefined when the file leaves the section out (not managed). */
  declared(pool: UserPoolConfig, live?: LivePool): DeclaredChild[] | undefined;
  /** How a live child is named in addresses (a user: its email in an email-sign-in pool, not its sub). */
  liveName(live: unknown): string;
  /** Every name a live child answers to (a user: username, and email in email-username pools). */
  liveNames?(live: unknown): string[];
  liveSpec(live: unknown): Record<string, unknown>;
  /**
   * Narrows a live spec to what the desired spec manages, for kinds where AWS adds keys of its own
   * (an identity provider's discovered endpoints). Without it, the whole live spec is compared.
   */
  project?(live: Record<string, unknown>, desired: Record<string, unknown>): Record<string, unknown>;
  /**
   * Problems with the file that only the live pool shows (a user's naming, when the file leaves
   * signIn to the live pool), and why a create would collide with a live child of another name.
   */
  liveProblems?(pool: UserPoolConfig, live: LivePool | undefined): string[];
  createConflict?(spec: Record<string, unknown>, liveChildren: readonly unknown[], live: LivePool): string | undefined;
  /** Live children that belong to AWS or another service rather than to anyone's file. */
  isForeign?(live: unknown): boolean;
  replaceOn: readonly string[];
  /** What a replacement means for whoever uses the resource, said in the plan. */
  replaceConsequence?: string;
  sensitive: readonly string[];
  /** Whether undeclared live children may be deleted, and the setting that says so. */
  prune(pool: UserPoolConfig): { allowed: boolean; setting: string };
}
