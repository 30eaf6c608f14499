import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { LivePool } from "./live-types.js";
import type { FieldChange } from "./plan-types.js";
import type { StepOperation } from "./step.js";
import type { UserPoolConfig } from "../schema/user-pool.js";

/** Operations by their API names (`ListGroups`), without the service prefix. */
export interface KindPermissions {
  read: readonly string[];
  write: readonly string[];
}

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
  /** For a kind owned by another (a client's branding): the owner's name, as its kind names it. */
  owner?: string;
  /**
   * Declared from what is live (a client's secrets to keep or add): meaningless for an owner being
   * created or replaced, which starts afresh, so such a child is dropped then.
   */
  followsLiveOwner?: boolean;
  /** Why it is created, said in the plan (default "not found in the pool"). */
  createReason?: string;
  spec: Spec;
  /** Field paths (in the spec's vocabulary) never diffed and kept as they are live. */
  ignore?: string[];
}

/**
 * The AWS half of a kind that lives in a pool. Each returns a short detail for the apply report.
 * A kind owned by another (a client's terms) gets its owner's id last: the id of a client created
 * earlier in the same apply is known only then.
 */
export interface ChildEffects<Spec, Live> {
  /**
   * Reads the live children. An owned kind reads those of the owners already read into the pool,
   * only of `owners` when given (the ones the file manages it for; export reads them all).
   */
  list(idp: CognitoIdentityProviderClient, pool: LivePool, owners?: ReadonlySet<string>): Promise<Live[]>;
  /** Returns a detail for the report and, for kinds others refer to by id (clients), the new id. */
  create(idp: CognitoIdentityProviderClient, poolId: string, spec: Spec, ownerId?: string): Promise<{ detail: string; id?: string }>;
  update(idp: CognitoIdentityProviderClient, poolId: string, spec: Spec, live: Live, fields: FieldChange[], ownerId?: string): Promise<string>;
  delete(idp: CognitoIdentityProviderClient, poolId: string, live: Live, ownerId?: string): Promise<void>;
}

/**
 * Where a kind lives inside another kind of the same pool (a client's branding, terms and
 * secrets): each child belongs to one owner, and only the owners whose entry in the file has the
 * kind's section are managed. A child of an owner that is being created or replaced is new with
 * it (the old owner's go with the old owner); a child of an owner the file does not manage, or
 * that is being deleted, is left to the owner.
 */
export interface ChildOwner<Live> {
  /** The owner's kind (`client`): its children are read, planned and written first. */
  kind: string;
  /** The owner's name a live child belongs to. */
  of(live: Live): string;
  /** The owners whose entry in the file holds this kind's section (present, even if empty or null). */
  manages(pool: UserPoolConfig): string[];
  /** The owners whose children are read: those it manages, and any a warning looks at (default: those it manages). */
  reads?(pool: UserPoolConfig): string[];
}

/**
 * A kind that lives in a pool, typed by its spec (the file's vocabulary, what is diffed) and its
 * live object (as AWS describes it): how the file declares it, how a live object reads, what AWS
 * cannot change in place, what it must wait for, and its AWS half, loaded only when a run needs it.
 */
export interface ChildKind<Spec extends object, Live> {
  /** The name addresses and the plan use (`client`); the registry keeps names unique. */
  kind: string;
  /** The pool entry's key for this kind in the file (`clients`; `domain` for a singleton); an owned kind's key in its owner's entry. */
  section: string;
  /** Set for a kind that lives inside another kind (a client's branding). */
  owner?: ChildOwner<Live>;
  /**
   * The cognito-idp operations its AWS half calls: to read it (plan, drift, export) and to write it
   * (apply). `iam-policy` builds least-privilege policies from these; a test checks them against
   * the calls the code makes.
   */
  permissions: KindPermissions;
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
  /**
   * What the file leaves as it is but will not work as the user may think (a client of a managed
   * login domain without a branding), for the plan to warn of.
   */
  warnings?(pool: UserPoolConfig, live: LivePool | undefined): string[];
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
  /** A change AWS cannot make in place though its field can change (an image a branding no longer has). */
  replaceWhen?(field: FieldChange, desired: Spec): boolean;
  /** What a replacement means for whoever uses the resource, said in the plan. */
  replaceConsequence?: string;
  sensitive: readonly string[];
  /**
   * Whether undeclared live children may be deleted, and the setting that says so; `reason`, when
   * given, is what the plan says of such a delete instead of "not in the file (SETTING)".
   */
  prune(pool: UserPoolConfig): { allowed: boolean; setting: string; reason?: string };
  /** New children are created only after the deletions of this kind in the pool (AWS allows so many at once). */
  createAfterDeletes?: boolean;
  /** Deleting one cannot be undone (a user, with its password): a prune of them also needs --allow-destroy. */
  irreversibleDelete?: IrreversibleDelete;
  /**
   * The section as `export` writes it from the pool's live children, such that plan of the file
   * shows no changes; undefined leaves the section out. What the file cannot hold goes to
   * `leftOut`, one line each ("WHERE: why"). An owned kind answers a record of sections by owner
   * name, each set in that owner's entry.
   */
  exportSection(live: readonly Live[], context: ExportContext): unknown;
  /** Export reads and writes this kind only when asked (users: there may be millions, and they are data, not set-up). */
  exportOptIn?: boolean;
  /** Export neither reads nor writes it: what the file says of it is the file's alone (a rotation schedule). */
  notExported?: boolean;
  effects(): Promise<ChildEffects<Spec, Live>>;
}

export interface ExportContext {
  pool: LivePool;
  leftOut: string[];
  /**
   * Keeps bytes the file names by path (a logo, a style sheet), written next to the exported file;
   * returns the path to write in the file. `name` is a file name the kind suggests.
   */
  file(name: string, bytes: Uint8Array): string;
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
  /** Kinds whose writes this one's wait for: the ones it references, and its owner's. */
  references: readonly string[];
  createAfterDeletes: boolean;
  deleteAfterReferrers: boolean;
  singleton: boolean;
  exportOptIn: boolean;
  notExported: boolean;
  use<R>(visit: <Spec extends object, Live>(kind: ChildKind<Spec, Live>) => R): R;
}

export function registerChildKind<Spec extends object, Live>(kind: ChildKind<Spec, Live>): AnyChildKind {
  return {
    kind: kind.kind,
    references: [...(kind.references ?? []), ...(kind.owner ? [kind.owner.kind] : [])],
    createAfterDeletes: kind.createAfterDeletes ?? false,
    deleteAfterReferrers: kind.deleteAfterReferrers ?? false,
    singleton: kind.singleton ?? false,
    exportOptIn: kind.exportOptIn ?? false,
    notExported: kind.notExported ?? false,
    use: (visit) => visit(kind),
  };
}

/**
 * The operation for a change, made while the kind's types are still known: create, update,
 * replace or delete, in the pool whose id the executor knows by `poolAddress` when it runs.
 */
export function childOperation<Spec extends object, Live>(
  kind: ChildKind<Spec, Live>,
  where: { region: string; poolAddress: string; ownerAddress?: string },
  action: "create" | "update" | "replace" | "delete" | "no-op",
  desired: Spec | undefined,
  live: Live | undefined,
  fields: FieldChange[],
): StepOperation {
  return async ({ aws, ids }) => {
    const effects = await kind.effects();
    const idp = aws.idp(where.region);
    const poolId = ids.need(where.poolAddress);
    const ownerId = where.ownerAddress !== undefined ? ids.need(where.ownerAddress) : undefined;
    const create = () => {
      if (desired === undefined) throw new Error(`${kind.kind}: nothing to create from`);
      return effects.create(idp, poolId, desired, ownerId);
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
        return { detail: await effects.update(idp, poolId, desired, existing(), fields, ownerId) };
      }
      case "replace":
        await effects.delete(idp, poolId, existing(), ownerId);
        return create();
      case "delete":
        await effects.delete(idp, poolId, existing(), ownerId);
        return { detail: "" };
      case "no-op":
        return { detail: "" };
    }
  };
}
