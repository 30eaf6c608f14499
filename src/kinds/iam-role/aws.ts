import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  type IAMClient,
} from "@aws-sdk/client-iam";
import equal from "fast-deep-equal";
import { setTimeout as sleep } from "node:timers/promises";
import { ACCESS_DENIED_NAMES, awsCall, awsCallTolerating, describeAwsError, isAwsError } from "../../aws/errors.js";
import { UserError } from "../../core/errors.js";
import type { LiveRole } from "../../core/identity-live-types.js";
import { STACK_TAG } from "../../schema/cognito-defaults.js";
import { parsePolicy } from "./policy.js";
import { roleSpecFromLive, type RoleSpec } from "./model.js";

/**
 * A role with its trust policy, inline policies and attached managed policies; undefined if absent.
 * `foundOnPool`: the name comes from an identity pool (its attachment or its record of the roles
 * the stack made), not from the file. The generated policies let GetRole read such a role only
 * when it carries the stack's tag, and IAM answers AccessDenied, not NoSuchEntity, for a role that
 * no longer exists under such a grant; either way the role is not one this stack may touch.
 */
export async function readRole(iam: IAMClient, name: string, foundOnPool = false): Promise<LiveRole | undefined> {
  const notThere = ["NoSuchEntityException", "NoSuchEntity", ...(foundOnPool ? ACCESS_DENIED_NAMES : [])];
  const got = await awsCallTolerating("GetRole", name, notThere, () => iam.send(new GetRoleCommand({ RoleName: name })));
  const role = got?.Role;
  if (!role) return undefined;
  const inlineNames: string[] = [];
  let marker: string | undefined;
  do {
    const page = await awsCall("ListRolePolicies", name, () => iam.send(new ListRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) })));
    inlineNames.push(...(page.PolicyNames ?? []));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  const inlinePolicies: LiveRole["inlinePolicies"] = {};
  for (const policyName of inlineNames) {
    const policy = await awsCall("GetRolePolicy", `${name} ${policyName}`, () => iam.send(new GetRolePolicyCommand({ RoleName: name, PolicyName: policyName })));
    inlinePolicies[policyName] = parsePolicy(policy.PolicyDocument ?? "{}");
  }
  const managedPolicyArns: string[] = [];
  marker = undefined;
  do {
    const page = await awsCall("ListAttachedRolePolicies", name, () => iam.send(new ListAttachedRolePoliciesCommand({ RoleName: name, ...(marker ? { Marker: marker } : {}) })));
    managedPolicyArns.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyArn ?? ""));
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return {
    name,
    arn: role.Arn ?? "",
    raw: role,
    stackTag: role.Tags?.find((t) => t.Key === STACK_TAG)?.Value,
    trustPolicy: parsePolicy(role.AssumeRolePolicyDocument ?? "{}"),
    inlinePolicies,
    managedPolicyArns,
  };
}

async function putInline(iam: IAMClient, name: string, policies: RoleSpec["inlinePolicies"], only?: Set<string>): Promise<void> {
  for (const [policyName, document] of Object.entries(policies)) {
    if (only && !only.has(policyName)) continue;
    await awsCall("PutRolePolicy", `${name} ${policyName}`, () => iam.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: policyName, PolicyDocument: JSON.stringify(document) })));
  }
}

/**
 * Waits between reads of a role that CreateRole said exists: IAM is eventually consistent, so
 * GetRole may still answer NoSuchEntity for a moment after another request made it. About 5 s in all.
 */
export const ROLE_SETTLE_DELAYS_MS: readonly number[] = [200, 400, 800, 1600, 2000];

/** readRole, read again after each delay while IAM does not show the role yet. */
async function readRoleSettling(iam: IAMClient, name: string, delaysMs: readonly number[]): Promise<LiveRole | undefined> {
  let role = await readRole(iam, name);
  for (const delay of delaysMs) {
    if (role) break;
    await sleep(delay);
    role = await readRole(iam, name);
  }
  return role;
}

/** Why a role of the name that exists is not this stack's to bring to the file's values. */
function conflict(name: string, stack: string, live: LiveRole): UserError {
  const owner = live.stackTag === undefined ? "without the stack tag" : `tagged for stack "${live.stackTag}"`;
  return new UserError(`CreateRole (${name}) failed: IAM role ${name} already exists ${owner}, so it is not stack "${stack}"'s to manage; run plan again`);
}

/**
 * A role of this name that already carries this stack's tag was made by an attempt whose answer was
 * lost (or by a concurrent apply of the stack): it is brought to the file's values. Any other role
 * of the name is a conflict. `settleDelaysMs` spaces the reads of a role IAM does not show yet.
 */
export async function createRole(iam: IAMClient, spec: RoleSpec, stack: string, settleDelaysMs: readonly number[] = ROLE_SETTLE_DELAYS_MS): Promise<string> {
  let arn: string;
  try {
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: spec.name,
        Path: spec.path,
        AssumeRolePolicyDocument: JSON.stringify(spec.trustPolicy),
        MaxSessionDuration: spec.maxSessionDuration,
        ...(spec.description !== undefined ? { Description: spec.description } : {}),
        Tags: [...Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })), { Key: STACK_TAG, Value: stack }],
      }),
    );
    arn = created.Role?.Arn ?? "";
  } catch (error) {
    if (!isAwsError(error, "EntityAlreadyExistsException") && !isAwsError(error, "EntityAlreadyExists")) throw describeAwsError(error, "CreateRole", spec.name);
    const existing = await readRoleSettling(iam, spec.name, settleDelaysMs);
    // Still not visible after the wait: nothing to bring to the file's values, so IAM's answer stands.
    if (!existing) throw describeAwsError(error, "CreateRole", spec.name);
    if (existing.stackTag !== stack) throw conflict(spec.name, stack, existing);
    await updateRole(iam, spec, roleSpecFromLive(existing), stack, false);
    return existing.arn;
  }
  await putInline(iam, spec.name, spec.inlinePolicies);
  for (const arnToAttach of spec.managedPolicyArns) {
    await awsCall("AttachRolePolicy", `${spec.name} ${arnToAttach}`, () => iam.send(new AttachRolePolicyCommand({ RoleName: spec.name, PolicyArn: arnToAttach })));
  }
  return arn;
}

/** Changes only what differs: trust, settings, each inline policy, attachments, tags. */
export async function updateRole(iam: IAMClient, spec: RoleSpec, live: RoleSpec, stack: string, adopt: boolean): Promise<string[]> {
  const done: string[] = [];
  const name = spec.name;
  if (!equal(spec.trustPolicy, live.trustPolicy)) {
    await awsCall("UpdateAssumeRolePolicy", name, () => iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: JSON.stringify(spec.trustPolicy) })));
    done.push("trust policy");
  }
  // A description the file leaves out is not managed: it neither counts as a change nor is cleared.
  const descriptionChanged = spec.description !== undefined && spec.description !== live.description;
  if (descriptionChanged || spec.maxSessionDuration !== live.maxSessionDuration) {
    // UpdateRole may clear a description it is not sent (moto does), so the live one travels along.
    const description = spec.description ?? live.description;
    await awsCall("UpdateRole", name, () =>
      iam.send(new UpdateRoleCommand({ RoleName: name, MaxSessionDuration: spec.maxSessionDuration, ...(description !== undefined ? { Description: description } : {}) })),
    );
    done.push("settings");
  }
  const changed = new Set(Object.keys(spec.inlinePolicies).filter((p) => !equal(spec.inlinePolicies[p], live.inlinePolicies[p])));
  if (changed.size > 0) {
    await putInline(iam, name, spec.inlinePolicies, changed);
    done.push(`inline ${[...changed].join(", ")}`);
  }
  for (const policyName of Object.keys(live.inlinePolicies).filter((p) => !(p in spec.inlinePolicies))) {
    await awsCall("DeleteRolePolicy", `${name} ${policyName}`, () => iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policyName })));
    done.push(`removed ${policyName}`);
  }
  for (const arn of spec.managedPolicyArns.filter((a) => !live.managedPolicyArns.includes(a))) {
    await awsCall("AttachRolePolicy", `${name} ${arn}`, () => iam.send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: arn })));
    done.push(`attached ${arn}`);
  }
  for (const arn of live.managedPolicyArns.filter((a) => !spec.managedPolicyArns.includes(a))) {
    await awsCall("DetachRolePolicy", `${name} ${arn}`, () => iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: arn })));
    done.push(`detached ${arn}`);
  }
  const wanted = { ...spec.tags, [STACK_TAG]: stack };
  const liveTags = adopt ? live.tags : { ...live.tags, [STACK_TAG]: stack };
  const setTags = Object.entries(wanted).filter(([k, v]) => liveTags[k] !== v);
  const dropTags = Object.keys(liveTags).filter((k) => !(k in wanted));
  if (setTags.length > 0) await awsCall("TagRole", name, () => iam.send(new TagRoleCommand({ RoleName: name, Tags: setTags.map(([Key, Value]) => ({ Key, Value })) })));
  if (dropTags.length > 0) await awsCall("UntagRole", name, () => iam.send(new UntagRoleCommand({ RoleName: name, TagKeys: dropTags })));
  if (setTags.length + dropTags.length > 0) done.push("tags");
  return done;
}

/** IAM refuses to delete a role that still has policies, so they go first. */
export async function deleteRole(iam: IAMClient, live: LiveRole): Promise<void> {
  for (const policyName of Object.keys(live.inlinePolicies)) {
    await awsCallTolerating("DeleteRolePolicy", `${live.name} ${policyName}`, ["NoSuchEntityException"], () => iam.send(new DeleteRolePolicyCommand({ RoleName: live.name, PolicyName: policyName })));
  }
  for (const arn of live.managedPolicyArns) {
    await awsCallTolerating("DetachRolePolicy", `${live.name} ${arn}`, ["NoSuchEntityException"], () => iam.send(new DetachRolePolicyCommand({ RoleName: live.name, PolicyArn: arn })));
  }
  await awsCallTolerating("DeleteRole", live.name, ["NoSuchEntityException"], () => iam.send(new DeleteRoleCommand({ RoleName: live.name })));
}
