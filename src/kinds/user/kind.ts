import type { ChildKind } from "../../plan/child-kind.js";
import { projectUser, userSpecFromConfig, userSpecFromLive, type LiveUser, type UserSpec } from "./model.js";

export const userKind: ChildKind = {
  kind: "user",
  // Matched case-insensitively unless the pool is case sensitive (a pool created without a signIn
  // section is, as Cognito makes it).
  declared: (pool) => pool.users?.map((u) => ({ name: (pool.signIn?.caseSensitive ?? true) ? u.username : u.username.toLowerCase(), spec: { ...userSpecFromConfig(u) }, ignore: u.ignoreChanges })),
  liveName: (live) => (live as LiveUser).user.Username ?? "",
  liveNames: (live) => (live as LiveUser).names,
  liveSpec: (live) => ({ ...userSpecFromLive(live as LiveUser) }),
  project: (live, desired) => ({ ...projectUser(live as unknown as UserSpec, desired as unknown as UserSpec) }),
  replaceOn: [],
  sensitive: ["temporaryPassword"],
  prune: (pool) => ({ allowed: pool.prune.users, setting: "prune.users" }),
};
