import type { DomainDescriptionType } from "@aws-sdk/client-cognito-identity-provider";
import type { ChildKind } from "../../plan/child-kind.js";
import { domainSpecFromConfig, domainSpecFromLive } from "./model.js";

/**
 * The pool's hosted domain, identified by its name: a new name is delete + create. `domain: null`
 * in the file means "no domain"; leaving `domain` out leaves it unmanaged.
 */
export const domainKind: ChildKind = {
  kind: "domain",
  declared: (pool) => {
    if (pool.domain === undefined) return undefined;
    if (pool.domain === null) return [];
    const spec = domainSpecFromConfig(pool.domain);
    return [{ name: spec.domain, spec: { ...spec } }];
  },
  liveName: (live) => (live as DomainDescriptionType).Domain ?? "",
  liveSpec: (live) => ({ ...domainSpecFromLive(live as DomainDescriptionType) }),
  replaceOn: [],
  sensitive: [],
  prune: () => ({ allowed: true, setting: "domain" }),
};
