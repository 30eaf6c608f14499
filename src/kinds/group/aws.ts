import {
  CreateGroupCommand,
  DeleteGroupCommand,
  paginateListGroups,
  UpdateGroupCommand,
  type CognitoIdentityProviderClient,
  type GroupType,
} from "@aws-sdk/client-cognito-identity-provider";
import { awsCall, awsCallTolerating } from "../../aws/errors.js";
import type { ChildEffects } from "../../core/child-kind.js";
import { createGroupRequest, groupSpecFromLive, updateGroupRequest, type GroupSpec } from "./model.js";

/** All groups of a pool, 60 a page (ListGroups' maximum). */
export async function listGroups(idp: CognitoIdentityProviderClient, poolId: string): Promise<GroupType[]> {
  const groups: GroupType[] = [];
  await awsCall("ListGroups", poolId, async () => {
    for await (const page of paginateListGroups({ client: idp, pageSize: 60 }, { UserPoolId: poolId, Limit: 60 })) groups.push(...(page.Groups ?? []));
  });
  return groups;
}

/**
 * A group that already exists is the one an earlier attempt made (its answer lost, the call
 * retried) or one a concurrent apply made: either way it is brought to the file's values.
 */
export async function createGroup(idp: CognitoIdentityProviderClient, poolId: string, spec: GroupSpec): Promise<void> {
  const resource = `${poolId} group ${spec.name}`;
  const created = await awsCallTolerating("CreateGroup", resource, ["GroupExistsException"], () => idp.send(new CreateGroupCommand(createGroupRequest(poolId, spec))));
  if (created) return;
  await awsCall("UpdateGroup", resource, () => idp.send(new UpdateGroupCommand(updateGroupRequest(poolId, spec, { name: spec.name }))));
}

export async function updateGroup(idp: CognitoIdentityProviderClient, poolId: string, spec: GroupSpec, live: GroupType): Promise<void> {
  const request = updateGroupRequest(poolId, spec, groupSpecFromLive(live));
  await awsCall("UpdateGroup", `${poolId} group ${spec.name}`, () => idp.send(new UpdateGroupCommand(request)));
}

export async function deleteGroup(idp: CognitoIdentityProviderClient, poolId: string, name: string): Promise<void> {
  await awsCallTolerating("DeleteGroup", `${poolId} group ${name}`, ["ResourceNotFoundException"], () =>
    idp.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: name })),
  );
}

export const groupEffects: ChildEffects<GroupSpec, GroupType> = {
  list: (idp, pool) => listGroups(idp, pool.id),
  create: async (idp, poolId, spec) => {
    await createGroup(idp, poolId, spec);
    return { detail: "" };
  },
  update: async (idp, poolId, spec, live) => {
    await updateGroup(idp, poolId, spec, live);
    return "";
  },
  delete: (idp, poolId, live) => deleteGroup(idp, poolId, live.GroupName ?? ""),
};
