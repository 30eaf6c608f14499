import { adoptFileNames } from "../../core/blobs.js";
import type { ChildKind, DeclaredChild } from "../../core/child-kind.js";
import { clientOwner } from "../client/owned.js";
import { isRecord } from "../../core/paths.js";
import type { LivePool } from "../../core/live-types.js";
import type { UserPoolConfig } from "../../schema/user-pool.js";
import {
  ALL_CLIENTS,
  exportedUiCustomization,
  isNoUiCustomization,
  needsDomain,
  poolWillHaveDomain,
  uiSpecFromConfig,
  uiSpecFromLive,
  type LiveUiCustomization,
  type UiSpec,
} from "./model.js";

/** The pool's customization is named by this in addresses (`.../uiCustomization.pool`). */
export const POOL_UI_CUSTOMIZATION = "pool";

/** The clients whose entry has the section (null and {} included): their own customizations are managed. */
const clientsWithSection = (pool: UserPoolConfig) => (pool.clients ?? []).filter((c) => c.uiCustomization !== undefined);

/** Whether the pool's live domain shows managed login (version 2) rather than the classic hosted UI. */
const onManagedLogin = (pool: LivePool) => (pool.children.domain ?? []).some((d) => isRecord(d) && d.ManagedLoginVersion === 2);

/** A live customization is compared by content: the file's name goes to the live side where the bytes are the same. */
const project = (live: UiSpec, desired: UiSpec): UiSpec => adoptFileNames(live, desired);

/**
 * The classic hosted UI customization of the pool (ClientId ALL), which every client without its
 * own shows. Left out of the file, it is not managed; `null` or `{}` means none, so a live one is
 * removed, as `domain: null` deletes a domain.
 */
export const uiCustomizationKind: ChildKind<UiSpec, LiveUiCustomization> = {
  kind: "uiCustomization",
  section: "uiCustomization",
  permissions: { read: ["GetUICustomization"], write: ["SetUICustomization"] },
  isLive: (value): value is LiveUiCustomization => isRecord(value) && value.ClientId === ALL_CLIENTS,
  declared: (pool) => {
    if (pool.uiCustomization === undefined) return undefined;
    const spec = uiSpecFromConfig(pool.uiCustomization);
    return isNoUiCustomization(spec) ? [] : [{ name: POOL_UI_CUSTOMIZATION, spec }];
  },
  liveName: () => POOL_UI_CUSTOMIZATION,
  liveSpec: (live) => uiSpecFromLive(live),
  project,
  liveProblems: (pool, live) => {
    const wanted = pool.uiCustomization && !isNoUiCustomization(uiSpecFromConfig(pool.uiCustomization));
    return wanted && !poolWillHaveDomain(pool, live) ? [needsDomain("uiCustomization")] : [];
  },
  // SetUICustomization needs the domain: it is written after the domain is created.
  references: ["domain"],
  singleton: true,
  replaceOn: [],
  sensitive: [],
  // Only null or {} leaves a live customization undeclared: the file then says there is none.
  prune: () => ({ allowed: true, setting: "uiCustomization", reason: "the file's uiCustomization is none (null or {})" }),
  // The list holds a customization only when the pool has one; none leaves the block out.
  exportSection: (live, context) => (live[0] ? exportedUiCustomization(live[0], { css: "hosted-ui.css", logo: "logo" }, "uiCustomization", context) : undefined),
  effects: async () => (await import("./aws.js")).uiCustomizationEffects,
};

/**
 * An app client's own classic hosted UI customization, which it shows instead of the pool's. It
 * lives in the client's entry and is named by the client's name. A client whose entry leaves
 * `uiCustomization` out is not managed; `null` or `{}` means none of its own (a live one is
 * removed, so the pool's applies).
 */
export const clientUiCustomizationKind: ChildKind<UiSpec, LiveUiCustomization> = {
  kind: "clientUiCustomization",
  section: "uiCustomization",
  permissions: { read: ["GetUICustomization"], write: ["SetUICustomization"] },
  owner: clientOwner("uiCustomization", (live) => live.ClientName ?? ""),
  isLive: (value): value is LiveUiCustomization => isRecord(value) && typeof value.ClientId === "string" && value.ClientId !== ALL_CLIENTS && typeof value.ClientName === "string",
  declared: (pool) => {
    const clients = clientsWithSection(pool);
    if (clients.length === 0) return undefined;
    return clients.flatMap((client): DeclaredChild<UiSpec>[] => {
      const spec = uiSpecFromConfig(client.uiCustomization ?? null);
      return isNoUiCustomization(spec) ? [] : [{ name: client.name, owner: client.name, spec }];
    });
  },
  liveName: (live) => live.ClientName ?? "",
  liveSpec: (live) => uiSpecFromLive(live),
  project,
  liveProblems: (pool, live) => {
    const wanted = clientsWithSection(pool).filter((c) => c.uiCustomization && !isNoUiCustomization(uiSpecFromConfig(c.uiCustomization)));
    return wanted.length > 0 && !poolWillHaveDomain(pool, live) ? [needsDomain(`the uiCustomization of client ${wanted.map((c) => c.name).join(", ")}`)] : [];
  },
  references: ["domain"],
  // One a client, as the pool's is one a pool: `uiCustomization: null` on every client that has
  // the section means exactly that, not an empty list to guard against.
  singleton: true,
  replaceOn: [],
  sensitive: [],
  prune: () => ({ allowed: true, setting: "uiCustomization", reason: "the client's uiCustomization is none (null or {})" }),
  // Only the clients with one of their own: a client without shows the pool's, and its entry leaves
  // the block out. Under a managed login domain a client's classic customization shows nowhere and
  // a file may not declare it, so it is left out with a word.
  exportSection: (live, context) =>
    Object.fromEntries(
      live.flatMap((c) => {
        const name = c.ClientName ?? "";
        if (onManagedLogin(context.pool)) {
          context.leftOut.push(`client ${name} uiCustomization: the domain is on managed login (version 2), which does not show the classic hosted UI; style the client with branding`);
          return [];
        }
        const block = exportedUiCustomization(c, { css: `${name}.css`, logo: `${name}-logo` }, `client ${name} uiCustomization`, context);
        return block ? [[name, block]] : [];
      }),
    ),
  effects: async () => (await import("./aws.js")).clientUiCustomizationEffects,
};
