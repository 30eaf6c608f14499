import type { GroupType } from "@aws-sdk/client-cognito-identity-provider";
import type { ChildKind } from "../../plan/child-kind.js";
import { groupSpecFromConfig, groupSpecFromLive } from "./model.js";

export const groupKind: ChildKind = {
  kind: "group",
  declared: (pool) => pool.groups?.map((g) => ({ name: g.name, spec: { ...groupSpecFromConfig(g) }, ignore: g.ignoreChanges })),
  liveName: (live) => (live as GroupType).GroupName ?? "",
  liveSpec: (live) => ({ ...groupSpecFromLive(live as GroupType) }),
  replaceOn: [],
  sensitive: [],
  prune: (pool) => ({ allowed: pool.prune.groups, setting: "prune.groups" }),
};
