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
  type GroupType,
} from "@aws-sdk/client-cognito-identity-provider";
import { awsCall, awsCallTolerating, describeAwsError, isAwsError } from "../../aws/errors.js";
import type { LivePool } from "../../core/live-types.js";
import type { ChildEffects } from "../effects.js";
import { listGroups } from "../group/aws.js";
import { createUserRequest, liveUserNames, projectUser, userSpecFromLive, userUpdatePlan, type LiveUser, type UserSpec } from "./model.js";

/**
 * Every user of a pool with its groups, read with list pages only: ListUsers (60 a page) and
 * ListUsersInGroup (60 a page) for each group. No call per user, so a plan of U users in G groups
 * costs ceil(U/60) + sum of ceil(members/60) calls.
 */
export async function listUsers(idp: CognitoIdentityProviderClient, pool: LivePool): Promise<LiveUser[]> {
  const usernameAttributes = pool.raw.UsernameAttributes ?? [];
  const caseSensitive = pool.raw.UsernameConfiguration?.CaseSensitive ?? true;
  const users = new Map<string, LiveUser>();
  await awsCall("ListUsers", pool.id, async () => {
    for await (const page of paginateListUsers({ client: idp, pageSize: 60 }, { UserPoolId: pool.id, Limit: 60 })) {
      for (const u of page.Users ?? []) {
        // Only what the plan reads is kept: memory stays small for pools of many users.
        const user = { Username: u.Username, Attributes: u.Attributes, Enabled: u.Enabled, UserStatus: u.UserStatus };
        users.set(u.Username ?? "", { user, groups: [], names: liveUserNames(user, usernameAttributes, caseSensitive) });
      }
    }
  });
  const groups = (pool.children.group as GroupType[] | undefined) ?? (await listGroups(idp, pool.id));
  for (const group of groups) {
    const name = group.GroupName ?? "";
    await awsCall("ListUsersInGroup", `${pool.id} group ${name}`, async () => {
      for await (const page of paginateListUsersInGroup({ client: idp, pageSize: 60 }, { UserPoolId: pool.id, GroupName: name, Limit: 60 })) {
        for (const member of page.Users ?? []) users.get(member.Username ?? "")?.groups.push(name);
      }
    });
  }
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

/** Brings an existing user to the desired spec; returns what it did, for the report. */
async function converge(idp: CognitoIdentityProviderClient, poolId: string, desired: UserSpec, live: UserSpec): Promise<string[]> {
  const plan = userUpdatePlan(desired, live);
  const done: string[] = [];
  const user = { UserPoolId: poolId, Username: desired.username };
  if (plan.setAttributes.length > 0) {
    await awsCall("AdminUpdateUserAttributes", `${poolId} ${desired.username}`, () =>
      idp.send(new AdminUpdateUserAttributesCommand({ ...user, UserAttributes: plan.setAttributes })),
    );
    done.push("attributes");
  }
  if (plan.deleteAttributes.length > 0) {
    await awsCall("AdminDeleteUserAttributes", `${poolId} ${desired.username}`, () =>
      idp.send(new AdminDeleteUserAttributesCommand({ ...user, UserAttributeNames: plan.deleteAttributes })),
    );
    done.push("attributes removed");
  }
  if (plan.enable !== undefined) {
    const command = plan.enable ? new AdminEnableUserCommand(user) : new AdminDisableUserCommand(user);
    await awsCall(plan.enable ? "AdminEnableUser" : "AdminDisableUser", `${poolId} ${desired.username}`, () => idp.send(command));
    done.push(plan.enable ? "enabled" : "disabled");
  }
  if (plan.addGroups.length + plan.removeGroups.length > 0) {
    await changeMemberships(idp, poolId, desired.username, plan.addGroups, plan.removeGroups);
    done.push(`groups +${plan.addGroups.length} -${plan.removeGroups.length}`);
  }
  return done;
}

export const userEffects: ChildEffects = {
  list: (idp, pool) => listUsers(idp, pool),
  async create(idp, poolId, spec) {
    const desired = spec as unknown as UserSpec;
    const declared = Object.fromEntries(Object.entries(desired.attributes).filter((e): e is [string, string] => e[1] !== null));
    try {
      await idp.send(new AdminCreateUserCommand(createUserRequest(poolId, desired)));
    } catch (error) {
      if (!isAwsError(error, "UsernameExistsException")) throw describeAwsError(error, "AdminCreateUser", `${poolId} ${desired.username}`);
      // A create whose response was lost, retried, meets the user it made. Its state is unknown,
      // so every declared setting is written again (all of it idempotent) instead of failing.
      const unknown: UserSpec = { username: desired.username, attributes: {}, enabled: !desired.enabled, groups: [] };
      return { detail: ["already existed", ...(await converge(idp, poolId, desired, projectUser(unknown, desired)))].join(", ") };
    }
    // A new user has the attributes it was created with, is enabled, and is in no group.
    const created: UserSpec = { username: desired.username, attributes: declared, enabled: true, groups: [] };
    return { detail: (await converge(idp, poolId, desired, projectUser(created, desired))).join(", ") };
  },
  async update(idp, poolId, spec, live) {
    const desired = spec as unknown as UserSpec;
    const done = await converge(idp, poolId, desired, projectUser(userSpecFromLive(live as LiveUser), desired));
    return done.join(", ");
  },
  async delete(idp, poolId, live) {
    const username = (live as LiveUser).user.Username ?? "";
    await awsCallTolerating("AdminDeleteUser", `${poolId} ${username}`, ["UserNotFoundException"], () =>
      idp.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: username })),
    );
  },
};
