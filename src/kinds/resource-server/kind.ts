import type { ResourceServerType } from "@aws-sdk/client-cognito-identity-provider";
import type { ChildKind } from "../../plan/child-kind.js";
import { resourceServerSpecFromConfig, resourceServerSpecFromLive } from "./model.js";

/** Identified by its identifier: a new identifier is a new resource server (delete + create). */
export const resourceServerKind: ChildKind = {
  kind: "resourceServer",
  declared: (pool) => pool.resourceServers?.map((r) => ({ name: r.identifier, spec: { ...resourceServerSpecFromConfig(r) }, ignore: r.ignoreChanges })),
  liveName: (live) => (live as ResourceServerType).Identifier ?? "",
  liveSpec: (live) => ({ ...resourceServerSpecFromLive(live as ResourceServerType) }),
  replaceOn: [],
  sensitive: [],
  prune: (pool) => ({ allowed: pool.prune.resourceServers, setting: "prune.resourceServers" }),
};
