import type { IdentityProviderType } from "@aws-sdk/client-cognito-identity-provider";
import { isRecord } from "../../core/paths.js";
import type { ChildKind } from "../../core/child-kind.js";
import { idpSecretVariable } from "./secret-variable.js";
import { identityProviderSpecFromConfig, identityProviderSpecFromLive, projectIdentityProvider, type IdentityProviderSpec } from "./model.js";

export const identityProviderKind: ChildKind<IdentityProviderSpec, IdentityProviderType> = {
  kind: "identityProvider",
  section: "identityProviders",
  permissions: { read: ["ListIdentityProviders", "DescribeIdentityProvider"], write: ["CreateIdentityProvider", "UpdateIdentityProvider", "DeleteIdentityProvider"] },
  isLive: (value): value is IdentityProviderType => isRecord(value) && typeof value.ProviderName === "string",
  declared: (pool) => pool.identityProviders?.map((p) => ({ name: p.name, spec: identityProviderSpecFromConfig(p), ignore: p.ignoreChanges })),
  liveName: (live) => live.ProviderName ?? "",
  liveSpec: (live) => identityProviderSpecFromLive(live),
  project: (live, desired) => projectIdentityProvider(live, desired),
  // The provider type cannot change in place.
  // A client naming it keeps AWS from deleting it.
  deleteAfterReferrers: true,
  replaceOn: ["type"],
  sensitive: ["clientSecret"],
  prune: (pool) => ({ allowed: pool.prune.identityProviders, setting: "prune.identityProviders" }),
  // The secret is not written: the file reads it from an environment variable named after the provider.
  exportSection: (live) =>
    live.map((p) => {
      const { clientSecret, ...rest } = identityProviderSpecFromLive(p);
      return { ...rest, ...(clientSecret !== undefined ? { clientSecret: `\${env:${idpSecretVariable(rest.name)}}` } : {}) };
    }),
  effects: async () => (await import("./aws.js")).identityProviderEffects,
};
