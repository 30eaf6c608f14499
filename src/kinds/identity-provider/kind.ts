import type { IdentityProviderType } from "@aws-sdk/client-cognito-identity-provider";
import type { ChildKind } from "../../plan/child-kind.js";
import { identityProviderSpecFromConfig, identityProviderSpecFromLive, projectIdentityProvider, type IdentityProviderSpec } from "./model.js";

export const identityProviderKind: ChildKind = {
  kind: "identityProvider",
  declared: (pool) => pool.identityProviders?.map((p) => ({ name: p.name, spec: { ...identityProviderSpecFromConfig(p) }, ignore: p.ignoreChanges })),
  liveName: (live) => (live as IdentityProviderType).ProviderName ?? "",
  liveSpec: (live) => ({ ...identityProviderSpecFromLive(live as IdentityProviderType) }),
  project: (live, desired) => ({ ...projectIdentityProvider(live as unknown as IdentityProviderSpec, desired as unknown as IdentityProviderSpec) }),
  // The provider type cannot change in place.
  replaceOn: ["type"],
  sensitive: ["clientSecret"],
  prune: (pool) => ({ allowed: pool.prune.identityProviders, setting: "prune.identityProviders" }),
};
