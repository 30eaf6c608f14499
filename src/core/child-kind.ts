import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { LivePool } from "./live-types.js";
import type { FieldChange } from "./plan-types.js";
import type { StepOperation } from "./step.js";
import type { UserPoolConfig } from "../schema/user-pool.js";

/** One declared child: its name (identity inside the pool) and its desired spec. */
export interface DeclaredChild<Spec> {
  /** The name as the file writes it: the address shows it. */
  name: string;
  /** What it is matched by among live names (a user in a case-insensitive pool: lower case); default name. */
  key?: string;
  /** Keys it was known by before (a user's renamedFrom): matched when the key itself is not live. */
  formerKeys?: string[];
  /** The field a rename shows as changed (a user: username). */
  nameField?: string;
  spec: Spec;
  /** Field paths (in the spec's vocabulary) never diffed and kept as they are live. */
  ignore?: string[];
}

/** The AWS half of a kind that lives in a pool. Each returns a short detail for the apply report. */
export interface ChildEffects<Spec, Live> {
  list(idp: CognitoIdentityProviderClient, pool: LivePool): Promise<Live[]>;
  /** Returns a detail for the report and, for kinds others refer to by id (clients), the new id. */
  create(idp: CognitoIdentityProviderClient, poolId: string, spec: Spec): Promise<{ detail: string; id?: string }>;
  update(idp: CognitoIdentityProviderClient, poolId: string, spec: Spec, live: Live, fields: FieldChange[]): Promise<string>;
  delete(idp: CognitoIdentityProviderClient, poolId: string, live: Live): Promise<void>;
}

/**
 * A kind that lives in a pool, typed by its spec (the file's vocabulary, what is diffed) and its
 * live object (as AWS describes it): how the file declares it, how a live object reads, what AWS
 * cannot change in place, what it must wait for, and its AWS half, loaded only when a run needs it.
 */
export interface ChildKind<Spec extends object, Live> {
  /** The name addresses and the plan use (`client`); the registry keeps names unique. */
  kind: string;
  /** The pool entry's key for this kind in the file (`clients`; `domain` for a singleton). */
  section: string;
  /** Whether a value read from AWS (or a test's live data) is one of this kind's live objects. */
  isLive(value: unknown): value is Live;
  /** The declared children, or undefined when the file leaves the section out (not managed). */
  declared(pool: UserPoolConfig, live?: LivePool): DeclaredChild<Spec>[] | undefined;
  /** How a live child is named in addresses (a user: its email in an email-sign-in pool, not its sub). */
  liveName(live: Live): string;
  /** Every name a live child answers to (a user: username, and email in email-username pools). */
  liveNames?(live: Live): string[];
  liveSpec(live: Live): Spec;
  /**
   * Narrows a live spec to what the desired spec manages, for kinds where AWS adds keys of its own
   * (an identity provider's discovered endpoints). Without it, the whole live spec is compared.
   */
  project?(live: Spec, desired: Spec): Spec;
  /**
   * Problems with the file that only the live pool shows (a user's naming, when the file leaves
   * signIn to the live pool), and why a create would collide with a live child of another name.
   */
  liveProblems?(pool: UserPoolConfig, live: LivePool | undefined): string[];
  createConflict?(spec: Spec, liveChildren: readonly Live[], live: LivePool): string | undefined;
  /** Live children that belong to AWS or another service rather than to anyone's file. */
  isForeign?(live: Live): boolean;
  /** The id other resources name it by (a client's id in an identity pool), once it exists. */
  idOf?(live: Live): string | undefined;
  /**
   * Kinds of the same pool it names, so it is written after their creates and updates (a client
   * after the scopes and providers it lists, a user after the groups it joins).
   */
  references?: readonly string[];
  /** AWS refuses to delete it while something names it: deleted after the kinds referencing it changed. */
  deleteAfterReferrers?: boolean;
  /** One of the kind a pool: a new one waits for the old one's deletion (a domain). */
  singleton?: boolean;
  replaceOn: readonly string[];
  /** What a replacement means for whoever uses the resource, said in the plan. */
  replaceConsequence?: string;
  sensitive: readonly string[];
  /** Whether undeclared live children may be deleted, and the setting that says so. */
  prune(pool: UserPoolConfig): { allowed: boolean; setting: string };
  /** Deleting one cannot be undone (a user, with its password): a prune of them also needs --allow-destroy. */
  irreversibleDelete?: IrreversibleDelete;
  /**
   * The section as `export` writes it from the pool's live children, such that plan of the file
   * shows no changes; undefined leaves the section out. What the file cannot hold goes to
   * `leftOut`, one line each ("WHERE: why").
   */
  exportSection(live: readonly Live[], context: ExportContext): unknown;
  /** Export reads and writes this kind only when asked (users: there may be millions, and they are data, not set-up). */
  exportOptIn?: boolean;
  effects(): Promise<ChildEffects<Spec, Live>>;
}

export interface ExportContext {
  pool: LivePool;
  leftOut: string[];
}

/** How the refusal and plan's note speak of deletions that cannot be undone. */
export interface IrreversibleDelete {
  singular: string;
  plural: string;
  /** The prune setting that allows them. */
  setting: string;
  /** What is lost, said in the refusal. */
  consequence: string;
}

/**
 * A kind with its types hidden, as the registry lists it: code for every kind reaches the typed
 * kind through `use`, whose callback is generic in the kind's types.
 */
export interface AnyChildKind {
  kind: string;
  references: readonly string[];
  deleteAfterReferrers: boolean;
  singleton: boolean;
  exportOptIn: boolean;
  use<R>(visit: <Spec extends object, Live>(kind: ChildKind<Spec, Live>) => R): R;
}

export function registerChildKind<Spec extends object, Live>(kind: ChildKind<Spec, Live>): AnyChildKind {
  return {
    kind: kind.kind,
    references: kind.references ?? [],
    deleteAfterReferrers: kind.deleteAfterReferrers ?? false,
    singleton: kind.singleton ?? false,
    exportOptIn: kind.exportOptIn ?? false,
    use: (visit) => visit(kind),
  };
}

/**
 * The operation for a change, made while the kind's types are still known: create, update,
 * replace or delete, in the pool whose id the executor knows by `poolAddress` when it runs.
 */
export function childOperation<Spec extends object, Live>(
  kind: ChildKind<Spec, Live>,
  where: { region: string; poolAddress: string },
  action: "create" | "update" | "replace" | "delete" | "no-op",
  desired: Spec | undefined,
  live: Live | undefined,
  fields: FieldChange[],
): StepOperation {
  return async ({ aws, ids }) => {
    const effects = await kind.effects();
    const idp = aws.idp(where.region);
    const poolId = ids.need(where.poolAddress);
    const create = () => {
      if (desired === undefined) throw new Error(`${kind.kind}: nothing to create from`);
      return effects.create(idp, poolId, desired);
    };
    const existing = (): Live => {
      if (live === undefined) throw new Error(`${kind.kind}: no live resource to change`);
      return live;
    };
    switch (action) {
      case "create":
        return create();
      case "update": {
        if (desired === undefined) throw new Error(`${kind.kind}: nothing to update from`);
        return { detail: await effects.update(idp, poolId, desired, existing(), fields) };
      }
      case "replace":
        await effects.delete(idp, poolId, existing());
        return create();
      case "delete":
        await effects.delete(idp, poolId, existing());
        return { detail: "" };
      case "no-op":
        return { detail: "" };
    }
  };
}
