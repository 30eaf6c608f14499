import type { DomainDescriptionType } from "@aws-sdk/client-cognito-identity-provider";
import { isRecord } from "../../core/paths.js";
import type { ChildKind } from "../../core/child-kind.js";
import { domainSpecFromConfig, domainSpecFromLive, type DomainSpec } from "./model.js";

/**
 * The pool's hosted domain, identified by its name: a new name is delete + create, a certificate
 * or managed login version changes in place. `domain: null` in the file means "no domain"; leaving
 * `domain` out leaves it unmanaged, and so does leaving `managedLoginVersion` out for the version.
 */
export const domainKind: ChildKind<DomainSpec, DomainDescriptionType> = {
  kind: "domain",
  section: "domain",
  permissions: { read: ["DescribeUserPoolDomain"], write: ["CreateUserPoolDomain", "UpdateUserPoolDomain", "DeleteUserPoolDomain"] },
  isLive: (value): value is DomainDescriptionType => isRecord(value) && typeof value.Domain === "string",
  declared: (pool) => {
    if (pool.domain === undefined) return undefined;
    if (pool.domain === null) return [];
    const spec = domainSpecFromConfig(pool.domain);
    return [{ name: spec.domain, spec }];
  },
  liveName: (live) => live.Domain ?? "",
  liveSpec: (live) => domainSpecFromLive(live),
  // A pool has one domain of each type: a renamed one is created after the old one is deleted.
  singleton: true,
  // The classic hosted UI's customization is set, and removed, only while the pool has a domain.
  deleteAfterReferrers: true,
  replaceOn: [],
  sensitive: [],
  prune: () => ({ allowed: true, setting: "domain" }),
  // A file holds one domain a pool; with two live (prefix and custom), `domain` is left out, so
  // neither is managed (a declared one would have the other deleted).
  exportSection: (live, { leftOut }) => {
    if (live.length > 1) {
      leftOut.push(`domain ${live.map((d) => d.Domain).join(" and ")}: a file declares one domain per pool, so domain is left out and apply leaves both as they are`);
      return undefined;
    }
    const domain = live[0] ? domainSpecFromLive(live[0]) : undefined;
    if (!domain) return null;
    const name = domain.certificateArn ? { custom: domain.domain, certificateArn: domain.certificateArn } : { prefix: domain.domain };
    return { ...name, ...(domain.managedLoginVersion !== undefined ? { managedLoginVersion: domain.managedLoginVersion } : {}) };
  },
  effects: async () => (await import("./aws.js")).domainEffects,
};
