import { STACK_TAG } from "../../schema/cognito-defaults.js";
import type { RoleConfig } from "../../schema/identity-pool.js";
import type { LiveRole } from "../../core/identity-live-types.js";
import { normalisePolicy, trustPolicy, type PolicyDocument } from "./policy.js";

/** An identity pool role as the diff sees it; every document is in canonical form. */
export interface RoleSpec {
  name: string;
  path: string;
  description?: string;
  maxSessionDuration: number;
  trustPolicy: PolicyDocument;
  inlinePolicies: Record<string, PolicyDocument>;
  managedPolicyArns: string[];
  tags: Record<string, string>;
}

export function roleSpecFromConfig(config: RoleConfig, identityPoolId: string, amr: "authenticated" | "unauthenticated"): RoleSpec {
  return {
    name: config.name,
    path: config.path,
    ...(config.description !== undefined ? { description: config.description } : {}),
    maxSessionDuration: config.maxSessionDuration,
    trustPolicy: trustPolicy(identityPoolId, amr),
    inlinePolicies: Object.fromEntries(Object.entries(config.inlinePolicies).map(([name, doc]) => [name, normalisePolicy(doc)])),
    managedPolicyArns: [...config.managedPolicyArns].sort(),
    tags: { ...config.tags },
  };
}

export function roleSpecFromLive(live: LiveRole): RoleSpec {
  const tags = Object.fromEntries((live.raw.Tags ?? []).filter((t) => t.Key !== STACK_TAG).map((t) => [t.Key ?? "", t.Value ?? ""]));
  return {
    name: live.name,
    path: live.raw.Path ?? "/",
    ...(live.raw.Description ? { description: live.raw.Description } : {}),
    maxSessionDuration: live.raw.MaxSessionDuration ?? 3600,
    trustPolicy: normalisePolicy(live.trustPolicy),
    inlinePolicies: Object.fromEntries(Object.entries(live.inlinePolicies).map(([name, doc]) => [name, normalisePolicy(doc)])),
    managedPolicyArns: [...live.managedPolicyArns].sort(),
    tags,
  };
}

/** The role name inside an IAM role ARN (after the last /). */
export function roleNameOfArn(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

const ARN_ACCOUNT = /^arn:([\w-]+):[\w-]*:[\w-]*:(\d{12}):/;

/** The partition and account an ARN names (any service's), or undefined. */
export function accountOfArn(arn: string | undefined): { partition: string; account: string } | undefined {
  const found = arn === undefined ? null : ARN_ACCOUNT.exec(arn);
  return found ? { partition: found[1]!, account: found[2]! } : undefined;
}

/** The ARN IAM gives a role of this path and name: `arn:aws:iam::ACCOUNT:role{path}{name}`. */
export function roleArnFor(where: { partition: string; account: string }, path: string, name: string): string {
  return `arn:${where.partition}:iam::${where.account}:role${path}${name}`;
}
