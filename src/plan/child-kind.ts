import type { UserPoolConfig } from "../schema/user-pool.js";

/** The kinds that live inside a user pool, in the order the file lists them. */
export type ChildKindName = "domain" | "resourceServer" | "identityProvider" | "client" | "group" | "user";

/** One declared child: its name (identity inside the pool) and its desired spec. */
export interface DeclaredChild {
  name: string;
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
  declared(pool: UserPoolConfig): DeclaredChild[] | undefined;
  liveName(live: unknown): string;
  /** Every name a live child answers to (a user: username, and email in email-username pools). */
  liveNames?(live: unknown): string[];
  liveSpec(live: unknown): Record<string, unknown>;
  /**
   * Narrows a live spec to what the desired spec manages, for kinds where AWS adds keys of its own
   * (an identity provider's discovered endpoints). Without it, the whole live spec is compared.
   */
  project?(live: Record<string, unknown>, desired: Record<string, unknown>): Record<string, unknown>;
  /** Live children that belong to AWS or another service rather than to anyone's file. */
  isForeign?(live: unknown): boolean;
  replaceOn: readonly string[];
  /** What a replacement means for whoever uses the resource, said in the plan. */
  replaceConsequence?: string;
  sensitive: readonly string[];
  /** Whether undeclared live children may be deleted, and the setting that says so. */
  prune(pool: UserPoolConfig): { allowed: boolean; setting: string };
}
