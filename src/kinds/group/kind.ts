import type { GroupType } from "@aws-sdk/client-cognito-identity-provider";
import { isRecord } from "../../core/paths.js";
import type { ChildKind } from "../../core/child-kind.js";
import { groupSpecFromConfig, groupSpecFromLive, type GroupSpec } from "./model.js";

export const groupKind: ChildKind<GroupSpec, GroupType> = {
  kind: "group",
  section: "groups",
  permissions: { read: ["ListGroups"], write: ["CreateGroup", "UpdateGroup", "DeleteGroup"] },
  isLive: (value): value is GroupType => isRecord(value) && typeof value.GroupName === "string",
  declared: (pool) => pool.groups?.map((g) => ({ name: g.name, spec: groupSpecFromConfig(g), ignore: g.ignoreChanges })),
  liveName: (live) => live.GroupName ?? "",
  liveSpec: (live) => groupSpecFromLive(live),
  replaceOn: [],
  sensitive: [],
  prune: (pool) => ({ allowed: pool.prune.groups, setting: "prune.groups" }),
  exportSection: (live) => live.map(groupSpecFromLive),
  effects: async () => (await import("./aws.js")).groupEffects,
};
