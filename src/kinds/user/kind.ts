import { isRecord } from "../../core/paths.js";
import type { ChildKind } from "../../core/child-kind.js";
import { attributeMap, projectUser, userSpecFromConfig, userSpecFromLive, type LiveUser, type UserSpec } from "./model.js";
import { exportedUsers } from "./export.js";
import { effectiveNaming, impliedAttributes, matchKey, namingFromLive, signInAttributeOf, userNamingProblems } from "./naming.js";

export const userKind: ChildKind<UserSpec, LiveUser> = {
  kind: "user",
  section: "users",
  permissions: { read: ["ListUsers", "ListUsersInGroup", "ListGroups"], write: ["AdminCreateUser", "AdminUpdateUserAttributes", "AdminDeleteUserAttributes", "AdminEnableUser", "AdminDisableUser", "AdminAddUserToGroup", "AdminRemoveUserFromGroup", "AdminDeleteUser"] },
  isLive: (value): value is LiveUser => isRecord(value) && isRecord(value.user) && typeof value.displayName === "string" && Array.isArray(value.names),
  // Matched by the pool's real naming: the live pool's case sensitivity when it exists (a file
  // without signIn does not manage it), else what the create will make.
  declared: (pool, live) => {
    const naming = effectiveNaming(pool, live?.raw);
    return pool.users?.map((u) => ({
      name: u.username,
      key: matchKey(u.username, naming),
      ...(u.renamedFrom !== undefined ? { formerKeys: [matchKey(u.renamedFrom, naming)], nameField: "username" } : {}),
      spec: userSpecFromConfig({ ...u, attributes: impliedAttributes(u, naming) }),
      ignore: u.ignoreChanges,
    }));
  },
  liveName: (live) => live.displayName,
  liveNames: (live) => live.names,
  liveSpec: (live) => userSpecFromLive(live),
  project: (live, desired) => projectUser(live, desired),
  // validate checked the file against its own signIn; a file that leaves signIn out is checked
  // here against the pool it manages (or, for a pool about to be created, the naming it will get).
  liveProblems: (pool, live) => {
    if (pool.signIn || !pool.users) return [];
    const where = live ? `pool ${live.id}` : "a new pool without signIn";
    return userNamingProblems(pool.users, effectiveNaming(pool, live?.raw), where).map((p) => `user "${pool.users![p.index]!.username}": ${p.message}`);
  },
  createConflict: (desired, liveChildren, live) => {
    const naming = namingFromLive(live.raw);
    const owners = signInOwners(liveChildren);
    for (const attribute of ["email", "phone_number"] as const) {
      if (!naming.usernameAttributes.includes(attribute) && !naming.aliasAttributes.includes(attribute)) continue;
      const value = desired.attributes[attribute] ?? (signInAttributeOf(desired.username, naming) === attribute ? desired.username : null);
      if (!value) continue;
      // A sign-in attribute is unique in the pool; an alias only once verified.
      const asAlias = !naming.usernameAttributes.includes(attribute);
      if (asAlias && desired.attributes[`${attribute}_verified`] !== "true") continue;
      const owner = owners.get(`${attribute}:${value.toLowerCase()}`);
      if (owner && (!asAlias || owner.verified)) {
        const name = owner.user.displayName;
        return `${attribute} "${value}" already belongs to live user "${name}", and users sign in with it; if this is that user with a new ${attribute}, write the new value as username and add renamedFrom: ${name}`;
      }
    }
    return undefined;
  },
  // A user is added to the groups it names, so they are written first.
  references: ["group"],
  replaceOn: [],
  sensitive: ["temporaryPassword"],
  prune: (pool) => ({ allowed: pool.prune.users, setting: "prune.users" }),
  // Users are people whose passwords cannot be restored: prune.users alone never deletes one, so a
  // truncated file cannot empty a pool.
  irreversibleDelete: { singular: "user", plural: "users", setting: "prune.users", consequence: "deleted users and their passwords cannot be restored" },
  exportOptIn: true,
  exportSection: (live, { pool, leftOut }) => exportedUsers(live, pool.raw.UsernameAttributes ?? [], leftOut),
  effects: async () => (await import("./aws.js")).userEffects,
};

type SignInOwners = Map<string, { user: LiveUser; verified: boolean }>;
const ownersByList = new WeakMap<readonly LiveUser[], SignInOwners>();

/**
 * Live users by `attribute:lowercased value` of their email and phone number, built once per list:
 * every create of a plan asks, and a pool may hold many thousands of users.
 */
function signInOwners(users: readonly LiveUser[]): SignInOwners {
  let owners = ownersByList.get(users);
  if (owners) return owners;
  owners = new Map();
  for (const user of users) {
    const attributes = attributeMap(user.user.Attributes);
    for (const attribute of ["email", "phone_number"]) {
      const value = attributes[attribute];
      if (!value) continue;
      // Unverified aliases may repeat in a pool; the first verified holder is the one that counts.
      const key = `${attribute}:${value.toLowerCase()}`;
      const verified = attributes[`${attribute}_verified`] === "true";
      const known = owners.get(key);
      if (!known || (!known.verified && verified)) owners.set(key, { user, verified });
    }
  }
  ownersByList.set(users, owners);
  return owners;
}
