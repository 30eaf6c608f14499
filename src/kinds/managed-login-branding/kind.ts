import { adoptFileNames } from "../../core/blobs.js";
import type { ChildKind } from "../../core/child-kind.js";
import { isRecord } from "../../core/paths.js";
import type { ClientConfig } from "../../schema/client.js";
import { clientOwner } from "../client/owned.js";
import type { UserPoolConfig } from "../../schema/user-pool.js";
import { brandingConfigFromLive, brandingSpecFromConfig, brandingSpecFromLive, type BrandingSpec, type LiveBranding } from "./model.js";

/** The managed login version the file gives the pool's domain (2 = managed login, 1 = the classic hosted UI). */
const managedLoginVersion = (pool: UserPoolConfig) => pool.domain?.managedLoginVersion;

/** A client whose users sign in on the domain's pages: the code or implicit grant (client_credentials shows no page). */
const signsInOnPages = (client: ClientConfig) => client.oauth?.enabled === true && client.oauth.flows.some((flow) => flow === "code" || flow === "implicit");

/** The clients whose entry holds a branding section, null included. */
const withSection = (pool: UserPoolConfig) => (pool.clients ?? []).filter((c) => c.branding !== undefined);

export const isLiveBranding = (value: unknown): value is LiveBranding =>
  isRecord(value) && typeof value.ManagedLoginBrandingId === "string" && typeof value.ClientId === "string" && typeof value.ClientName === "string";

/**
 * A client's managed login branding: the style of its login pages, one per client, named by the
 * client. Left out of a client's entry, it is not managed; `branding: null` means none (a live one
 * is deleted); present, it is the whole branding, and a change of settings or images is made in
 * place. A domain on managed login (version 2) shows "login pages unavailable" for a client without
 * one, which the plan warns of.
 */
export const managedLoginBrandingKind: ChildKind<BrandingSpec, LiveBranding> = {
  kind: "branding",
  section: "branding",
  permissions: { read: ["DescribeManagedLoginBrandingByClient"], write: ["CreateManagedLoginBranding", "UpdateManagedLoginBranding", "DeleteManagedLoginBranding"] },
  // The clients the warning speaks of are read too, to know which have a branding live.
  owner: clientOwner("branding", (live) => live.ClientName, (pool) => (managedLoginVersion(pool) === 2 ? (pool.clients ?? []).filter(signsInOnPages).map((c) => c.name) : [])),
  isLive: isLiveBranding,
  declared: (pool) => {
    const clients = withSection(pool);
    // With managed login and no branding in the file, the live ones are still read: the plan warns
    // of clients that have none.
    if (clients.length === 0) return managedLoginVersion(pool) === 2 ? [] : undefined;
    return clients.flatMap((c) => (c.branding ? [{ name: c.name, owner: c.name, spec: brandingSpecFromConfig(c.branding) }] : []));
  },
  liveName: (live) => live.ClientName,
  liveSpec: (live) => brandingSpecFromLive(live),
  // The live images have no file names: where the content is the file's, they take its name.
  project: (live, desired) => adoptFileNames(live, desired),
  warnings: (pool, live) => {
    if (managedLoginVersion(pool) !== 2) return [];
    const branded = new Set((live?.children.branding ?? []).filter(isLiveBranding).map((b) => b.ClientName));
    return (pool.clients ?? [])
      .filter((c) => signsInOnPages(c) && (c.branding === null || (c.branding === undefined && !branded.has(c.name))))
      .map((c) => `client ${c.name} has no managed login branding; its login pages will be unavailable (add branding: { useCognitoProvidedValues: true } or settings)`);
  },
  replaceOn: [],
  // UpdateManagedLoginBranding "preserves existing style settings that you don't specify" (API
  // reference): an image or setting the file drops might stay after an update, so dropping one
  // deletes the branding and creates it again. Changed and added ones are updated in place, and so
  // is a switch to Cognito's own style, which an update with the flag resets to.
  replaceWhen: (field, desired) => !desired.useCognitoProvidedValues && /^(assets|settings)\b/.test(field.path) && (field.after === undefined || field.after === null),
  replaceConsequence: "the client's login pages show Cognito's style between the delete and the create",
  sensitive: [],
  // Only `branding: null` leaves a managed client's live branding undeclared.
  prune: () => ({ allowed: true, setting: "branding: null", reason: "the client's branding is null in the file" }),
  exportSection: (live, { file }) => Object.fromEntries(live.map((b) => [b.ClientName, brandingConfigFromLive(b, file)])),
  effects: async () => (await import("./aws.js")).managedLoginBrandingEffects,
};
