import type { ResourceServerType } from "@aws-sdk/client-cognito-identity-provider";
import { isRecord } from "../../core/paths.js";
import type { ChildKind } from "../../core/child-kind.js";
import { resourceServerSpecFromConfig, resourceServerSpecFromLive, type ResourceServerSpec } from "./model.js";

/** Identified by its identifier: a new identifier is a new resource server (delete + create). */
export const resourceServerKind: ChildKind<ResourceServerSpec, ResourceServerType> = {
  kind: "resourceServer",
  section: "resourceServers",
  permissions: { read: ["ListResourceServers"], write: ["CreateResourceServer", "UpdateResourceServer", "DeleteResourceServer", "DescribeResourceServer"] },
  isLive: (value): value is ResourceServerType => isRecord(value) && typeof value.Identifier === "string",
  declared: (pool) => pool.resourceServers?.map((r) => ({ name: r.identifier, spec: resourceServerSpecFromConfig(r), ignore: r.ignoreChanges })),
  liveName: (live) => live.Identifier ?? "",
  liveSpec: (live) => resourceServerSpecFromLive(live),
  // A client naming it keeps AWS from deleting it.
  deleteAfterReferrers: true,
  replaceOn: [],
  sensitive: [],
  prune: (pool) => ({ allowed: pool.prune.resourceServers, setting: "prune.resourceServers" }),
  exportSection: (live) =>
    live.map((r) => {
      const rs = resourceServerSpecFromLive(r);
      return { identifier: rs.identifier, name: rs.name, scopes: Object.entries(rs.scopes).map(([name, description]) => ({ name, description })) };
    }),
  effects: async () => (await import("./aws.js")).resourceServerEffects,
};
