import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  paginateListUsers,
  paginateListUsersInGroup,
  type CognitoIdentityProviderClient,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { createOnce } from "../../aws/create-once.js";
import { awsCall, awsCallTolerating, isAwsError } from "../../aws/errors.js";
import { UserError } from "../../core/errors.js";
import { allOrFirstFailure, Stopped, type Stopping } from "../../core/settle.js";
import type { LivePool } from "../../core/live-types.js";
import type { ChildEffects } from "../../core/child-kind.js";
import { groupKind } from "../group/kind.js";
import { listGroups } from "../group/aws.js";
import { namingFromLive } from "./naming.js";
import { createUserRequest, liveUserOf, projectUser, userSpecFromLive, userUpdatePlan, type LiveUser, type UserSpec } from "./model.js";

/** ListUsers and ListUsersInGroup pages hold at most 60 users. */
const PAGE_SIZE = 60;
/**
 * Every user's sub is a UUID in lowercase hex, and ListUsers can filter on a prefix of it
 * (`sub ^= "a"`): its first digit splits a pool's users into 16 disjoint parts, listed at once.
 */
const SUB_PREFIXES = [..."0123456789abcdef"];
/**
 * Pools of more users than this are listed in parts. Each part ends with a partial page, so
 * splitting costs up to 16 more calls; it pays once one listing would wait on over 33 round trips
 * (3 s and more at 100 ms a call), and the call counts of smaller pools stay the minimum.
 */
export const SPLIT_ABOVE_USERS = 2000;
/**
 * Listings of one pool's users in flight at once (partitions and groups). Each waits a round trip
 * per page, so a single chain runs at 1/latency pages a second; 16 keep UserList at its quota
 * (30 a second) up to half a second a call.
 */
const LIST_CHAINS = 16;

type ListedUser = Pick<UserType, "Username" | "Attributes" | "Enabled" | "UserStatus">;

/** A listing stops, before its first page and after each, once another has failed. */
async function listUserChain(idp: CognitoIdentityProviderClient, poolId: string, stopping: Stopping, filter?: string): Promise<ListedUser[]> {
  if (stopping.stopped) throw new Stopped();
  const users: ListedUser[] = [];
  await awsCall("ListUsers", filter ? `${poolId} (${filter})` : poolId, async () => {
    const request = { UserPoolId: poolId, Limit: PAGE_SIZE, ...(filter ? { Filter: filter } : {}) };
    for await (const page of paginateListUsers({ client: idp, pageSize: PAGE_SIZE }, request)) {
      if (stopping.stopped) throw new Stopped();
      // Only what the plan reads is kept: memory stays small for pools of many users.
      for (const u of page.Users ?? []) users.push({ Username: u.Username, Attributes: u.Attributes, Enabled: u.Enabled, UserStatus: u.UserStatus });
    }
  });
  return users;
}

async function listGroupMembers(idp: CognitoIdentityProviderClient, poolId: string, group: string, stopping: Stopping): Promise<string[]> {
  if (stopping.stopped) throw new Stopped();
  const members: string[] = [];
  await awsCall("ListUsersInGroup", `${poolId} group ${group}`, async () => {
    for await (const page of paginateListUsersInGroup({ client: idp, pageSize: PAGE_SIZE }, { UserPoolId: poolId, GroupName: group, Limit: PAGE_SIZE })) {
      if (stopping.stopped) throw new Stopped();
      for (const member of page.Users ?? []) members.push(member.Username ?? "");
    }
  });
  return members;
}

/**
 * Every user of a pool with its groups, read with list pages only, all listings at once: ListUsers,
 * split by the first digit of the sub in a large pool, and ListUsersInGroup for each group. No call
 * per user: a plan of U users in G groups costs ceil(U/60) ListUsers calls (up to 16 more in a
 * split pool, for the parts' last pages) + the sum of ceil(members/60) ListUsersInGroup calls.
 */
export async function listUsers(idp: CognitoIdentityProviderClient, pool: LivePool, splitAbove = SPLIT_ABOVE_USERS): Promise<LiveUser[]> {
  const naming = namingFromLive(pool.raw);
  const chain = pLimit(LIST_CHAINS);
  // DescribeUserPool's estimate says whether splitting pays; a stale one costs time, never users.
  const split = (pool.raw.EstimatedNumberOfUsers ?? 0) > splitAbove;
  const parts = split ? SUB_PREFIXES.map((digit) => `sub ^= "${digit}"`) : [undefined];
  // The groups this run already read (the file manages them too), else a listing of its own.
  const read = pool.children.group;
  const groupsRead = read ? Promise.resolve(read.filter(groupKind.isLive)) : listGroups(idp, pool.id);
  const [listed, memberships] = (await allOrFirstFailure<unknown>([
    (outer) => allOrFirstFailure(parts.map((filter) => (stopping) => chain(() => listUserChain(idp, pool.id, stopping, filter))), outer),
    async (outer) => {
      const groups = await groupsRead;
      return allOrFirstFailure(
        groups.map((group) => async (stopping) => {
          const name = group.GroupName ?? "";
          return { group: name, members: await chain(() => listGroupMembers(idp, pool.id, name, stopping)) };
        }),
        outer,
      );
    },
  ])) as [ListedUser[][], { group: string; members: string[] }[]];
  const users = new Map<string, LiveUser>();
  for (const user of listed.flat()) users.set(user.Username ?? "", liveUserOf(user, [], naming));
  // Joined in the groups' listing order, whichever listing finished first.
  for (const { group, members } of memberships) for (const name of members) users.get(name)?.groups.push(group);
  return [...users.values()];
}

async function changeMemberships(idp: CognitoIdentityProviderClient, poolId: string, username: string, add: string[], remove: string[]): Promise<void> {
  for (const group of add) {
    await awsCall("AdminAddUserToGroup", `${poolId} ${username} -> ${group}`, () =>
      idp.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName: group })),
    );
  }
  for (const group of remove) {
    // A group deleted in the same apply has taken its memberships with it.
    await awsCallTolerating("AdminRemoveUserFromGroup", `${poolId} ${username} -> ${group}`, ["ResourceNotFoundException"], () =>
      idp.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: username, GroupName: group })),
    );
  }
}

/**
 * Brings an existing user to the desired spec; returns what it did, for the report. `username` is
 * the name Cognito knows the user by (its sub in an email-sign-in pool), which a renamed user
 * still answers to while its email changes.
 */
async function converge(idp: CognitoIdentityProviderClient, poolId: string, username: string, desired: UserSpec, live: UserSpec): Promise<string[]> {
  const plan = userUpdatePlan(desired, live);
  const done: string[] = [];
  const user = { UserPoolId: poolId, Username: username };
  const resource = `${poolId} ${desired.username}`;
  if (plan.setAttributes.length > 0) {
    await awsCall("AdminUpdateUserAttributes", resource, () => idp.send(new AdminUpdateUserAttributesCommand({ ...user, UserAttributes: plan.setAttributes })));
    done.push("attributes");
  }
  if (plan.deleteAttributes.length > 0) {
    await awsCall("AdminDeleteUserAttributes", resource, () => idp.send(new AdminDeleteUserAttributesCommand({ ...user, UserAttributeNames: plan.deleteAttributes })));
    done.push("attributes removed");
  }
  if (plan.enable !== undefined) {
    const command = plan.enable ? new AdminEnableUserCommand(user) : new AdminDisableUserCommand(user);
    await awsCall(plan.enable ? "AdminEnableUser" : "AdminDisableUser", resource, () => idp.send(command));
    done.push(plan.enable ? "enabled" : "disabled");
  }
  if (plan.addGroups.length + plan.removeGroups.length > 0) {
    await changeMemberships(idp, poolId, username, plan.addGroups, plan.removeGroups);
    done.push(`groups +${plan.addGroups.length} -${plan.removeGroups.length}`);
  }
  return done;
}

/**
 * AdminCreateUser, sent again only after a failure that may have been carried out. Meeting the
 * user on such a retry is this create's own lost answer; meeting it on the first attempt means
 * someone else holds the name (or the email or phone number it signs in with): a stop, never a
 * second account for one person.
 */
async function createUser(idp: CognitoIdentityProviderClient, poolId: string, desired: UserSpec): Promise<"created" | "met-own"> {
  const resource = `AdminCreateUser (${poolId} ${desired.username})`;
  let attempts = 0;
  return createOnce({
    operation: "AdminCreateUser",
    resource: `${poolId} ${desired.username}`,
    findMade: () => Promise.resolve(undefined),
    send: async () => {
      attempts += 1;
      try {
        await idp.send(new AdminCreateUserCommand(createUserRequest(poolId, desired)));
        return "created" as const;
      } catch (error) {
        if (isAwsError(error, "UsernameExistsException")) {
          if (attempts > 1) return "met-own" as const;
          throw new UserError(`${resource}: a user of this name was created since the plan was read; run plan again (UsernameExistsException)`);
        }
        if (isAwsError(error, "AliasExistsException")) {
          throw new UserError(
            `${resource}: another user already signs in with this user's email or phone number (AliasExistsException); if it is the same person with a new address, write the new one as username with renamedFrom: OLD`,
          );
        }
        throw error;
      }
    },
  });
}

export const userEffects: ChildEffects<UserSpec, LiveUser> = {
  list: (idp, pool) => listUsers(idp, pool),
  async create(idp, poolId, desired) {
    const declared = Object.fromEntries(Object.entries(desired.attributes).filter((e): e is [string, string] => e[1] !== null));
    if ((await createUser(idp, poolId, desired)) === "met-own") {
      // The create's answer was lost and the retry met the user it made. Its state is unknown,
      // so every declared setting is written again (all of it idempotent) instead of failing.
      const unknown: UserSpec = { username: desired.username, attributes: {}, enabled: !desired.enabled, groups: [] };
      return { detail: ["already existed", ...(await converge(idp, poolId, desired.username, desired, projectUser(unknown, desired)))].join(", ") };
    }
    // A new user has the attributes it was created with, is enabled, and is in no group.
    const created: UserSpec = { username: desired.username, attributes: declared, enabled: true, groups: [] };
    return { detail: (await converge(idp, poolId, desired.username, desired, projectUser(created, desired))).join(", ") };
  },
  async update(idp, poolId, desired, liveUser) {
    const done = await converge(idp, poolId, liveUser.user.Username ?? desired.username, desired, projectUser(userSpecFromLive(liveUser), desired));
    return done.join(", ");
  },
  async delete(idp, poolId, live) {
    const username = live.user.Username ?? "";
    await awsCallTolerating("AdminDeleteUser", `${poolId} ${username}`, ["UserNotFoundException"], () =>
      idp.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: username })),
    );
  },
};
