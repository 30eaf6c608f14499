import type { CreateGroupRequest, GroupType, UpdateGroupRequest } from "@aws-sdk/client-cognito-identity-provider";
import type { GroupConfig } from "../../schema/group.js";

/** A group as the diff sees it. Fields the file leaves out are absent, and so not managed. */
export interface GroupSpec {
  name: string;
  description?: string;
  precedence?: number;
  roleArn?: string;
}

export function groupSpecFromConfig(group: GroupConfig): GroupSpec {
  const spec: GroupSpec = { name: group.name };
  if (group.description !== undefined) spec.description = group.description;
  if (group.precedence !== undefined) spec.precedence = group.precedence;
  if (group.roleArn !== undefined) spec.roleArn = group.roleArn;
  return spec;
}

/** Cognito returns an empty description for a group created without one; both mean "none". */
export function groupSpecFromLive(group: GroupType): GroupSpec {
  const spec: GroupSpec = { name: group.GroupName ?? "" };
  if (group.Description !== undefined && group.Description !== "") spec.description = group.Description;
  if (group.Precedence !== undefined && group.Precedence !== null) spec.precedence = group.Precedence;
  if (group.RoleArn !== undefined && group.RoleArn !== "") spec.roleArn = group.RoleArn;
  return spec;
}

export function createGroupRequest(poolId: string, spec: GroupSpec): CreateGroupRequest {
  return {
    UserPoolId: poolId,
    GroupName: spec.name,
    ...(spec.description !== undefined ? { Description: spec.description } : {}),
    ...(spec.precedence !== undefined ? { Precedence: spec.precedence } : {}),
    ...(spec.roleArn !== undefined ? { RoleArn: spec.roleArn } : {}),
  };
}

/** Sends every field the group has, managed or not, so nothing is reset along the way. */
export function updateGroupRequest(poolId: string, desired: GroupSpec, live: GroupSpec): UpdateGroupRequest {
  const merged = { ...live, ...desired };
  return {
    UserPoolId: poolId,
    GroupName: desired.name,
    Description: merged.description ?? "",
    ...(merged.precedence !== undefined ? { Precedence: merged.precedence } : {}),
    ...(merged.roleArn !== undefined ? { RoleArn: merged.roleArn } : {}),
  };
}
