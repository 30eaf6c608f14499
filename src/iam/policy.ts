import equal from "fast-deep-equal";
import { partitionOf } from "../aws/partition.js";
import { CHILD_KINDS } from "../kinds/registry.js";
import { IDENTITY_POOL_DELETION, IDENTITY_POOL_PERMISSIONS, ROLE_DELETION, ROLE_PERMISSIONS } from "../kinds/identity-pool/permissions.js";
import { USER_POOL_DELETION, USER_POOL_PERMISSIONS } from "../kinds/user-pool/permissions.js";
import { STACK_TAG } from "../schema/cognito-defaults.js";
import type { Destination } from "../outputs/destination.js";
import type { DesiredState } from "../schema/root.js";
import type { UserPoolConfig } from "../schema/user-pool.js";

/**
 * The least-privilege IAM policy a command needs for a file: the actions it can call, and on what.
 * Built from the same lists of operations the kinds' AWS halves call (each kind's `permissions`,
 * USER_POOL_PERMISSIONS, IDENTITY_POOL_PERMISSIONS, ROLE_PERMISSIONS), so a policy never lags the
 * code: a test checks every call a run makes against the policy of its command.
 *
 * Which actions need which resource, and which other actions an operation needs, are from AWS's
 * Service Authorization Reference ("Actions, resources, and condition keys for Amazon Cognito User
 * Pools / Identity / IAM", the "API operations" tables): CreateUserPool, DescribeUserPoolDomain and
 * ListUserPools take no resource (Resource "*"), nor do CreateIdentityPool, ListIdentityPools and
 * SetIdentityPoolRoles; CreateUserPool and UpdateUserPool also authorize cognito-idp:TagResource
 * (and UntagResource), CreateIdentityPool and UpdateIdentityPool cognito-identity:TagResource (and
 * UntagResource), CreateRole iam:TagRole; iam:PassRole is needed for the roles a request names
 * (the identity pool's roles, a group's role, the pool's SMS role). Log delivery's extra actions
 * are from the Cognito Developer Guide, "Exporting logs from Amazon Cognito user pools".
 */

export const POLICY_COMMANDS = ["plan", "drift", "apply", "outputs", "verify", "export"] as const;
export type PolicyCommand = (typeof POLICY_COMMANDS)[number];

export interface PolicyOptions {
  /** The AWS account id for ARNs; "*" (any) when not given. */
  account?: string;
  /** The region of pools whose file names none; "*" when not given. */
  region?: string;
  /** outputs, verify: client secrets are read (DescribeUserPoolClient). */
  showSecrets?: boolean;
  /** export: users are read too. */
  withUsers?: boolean;
  /** outputs --to: where the outputs are written, and with which KMS key. */
  outputsTo?: Destination;
  kmsKeyId?: string;
  /** outputs --to ssm: --prune, which deletes parameters that are no longer outputs. */
  prune?: boolean;
}

export interface PolicyStatement {
  /** What the statement is for, in words run together (IAM allows only letters and digits here). */
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** One action on one resource, for one reason; statements group them. */
interface Grant {
  sid: string;
  action: string;
  resource: string;
  condition?: PolicyStatement["Condition"];
}

const idp = (operation: string) => `cognito-idp:${operation}`;

export function policyFor(state: DesiredState, command: PolicyCommand, options: PolicyOptions = {}): PolicyDocument {
  const regionOf = (region: string | undefined) => region ?? state.region ?? options.region ?? "*";
  // IAM is global: its ARNs take the partition of the regions the file names (the file's own, else
  // its identity pools', whose roles these are, else its user pools'); one set of keys reaches one.
  const named = [regionOf(undefined), ...[...state.identityPools, ...state.userPools].map((p) => regionOf(p.region))];
  const grants = new Grants(options.account ?? "*", partitionOf(named.find((r) => r !== "*") ?? "*"));
  const writes = command === "apply";

  // What the stack owns is found by its tag, in every region the file touches, also where the file
  // declares no pool of a kind any more: the stack's pools it no longer names are shown (and, with
  // --allow-destroy, deleted) by plan and apply, with their roles. Those roles, and a role the file
  // renamed or moved to another path, are not named by this file: they are granted by the stack's
  // tag, which the tool writes on every role it creates, so no other role is readable or deletable.
  if (command === "plan" || command === "drift" || command === "apply") {
    const regions = new Set([...state.userPools, ...state.identityPools].map((p) => regionOf(p.region)));
    if (regions.size === 0) regions.add(regionOf(undefined));
    const stackRoles = { StringEquals: { [`aws:ResourceTag/${STACK_TAG}`]: state.stack } };
    for (const region of regions) {
      grants.add("FindUserPoolsByName", idp("ListUserPools"), "*");
      for (const operation of USER_POOL_PERMISSIONS.read) grants.add("ReadUserPools", idp(operation), grants.userPools(region));
      grants.add("FindIdentityPoolsByName", "cognito-identity:ListIdentityPools", "*");
      for (const operation of IDENTITY_POOL_PERMISSIONS.read) grants.add("ReadIdentityPools", `cognito-identity:${operation}`, grants.identityPools(region));
      if (!writes) continue;
      for (const operation of USER_POOL_DELETION) grants.add("DeleteUserPoolsNoLongerInTheFile", idp(operation), grants.userPools(region));
      for (const operation of IDENTITY_POOL_DELETION) grants.add("DeleteIdentityPoolsNoLongerInTheFile", `cognito-identity:${operation}`, grants.identityPools(region));
      // Their roles are detached first; SetIdentityPoolRoles takes no resource.
      grants.add("DetachRolesOfIdentityPoolsNoLongerInTheFile", "cognito-identity:SetIdentityPoolRoles", "*");
    }
    for (const operation of ROLE_PERMISSIONS.read) grants.add("ReadRolesTaggedWithTheStack", `iam:${operation}`, grants.role("/", "*"), stackRoles);
    if (writes) for (const operation of ROLE_DELETION) grants.add("DeleteRolesTaggedWithTheStack", `iam:${operation}`, grants.role("/", "*"), stackRoles);
  }

  for (const pool of state.userPools) {
    const region = regionOf(pool.region);
    const pools = grants.userPools(region);
    // export is given the pool's id; every other command finds the pool by its name.
    if (command !== "export") grants.add("FindUserPoolsByName", idp("ListUserPools"), "*");
    if (command === "outputs" || command === "verify") {
      grants.add("ReadUserPools", idp("DescribeUserPool"), pools);
      grants.add("ReadUserPools", idp("ListUserPoolClients"), pools);
      if (options.showSecrets || command === "verify") grants.add("ReadUserPools", idp("DescribeUserPoolClient"), pools);
      continue;
    }
    for (const operation of USER_POOL_PERMISSIONS.read) grants.add("ReadUserPools", idp(operation), pools);
    for (const kind of CHILD_KINDS) {
      const managed = kind.use((typed) => (command === "export" ? !typed.exportOptIn || options.withUsers === true : typed.declared(pool) !== undefined));
      if (!managed) continue;
      const { read, write } = kind.use((typed) => typed.permissions);
      // DescribeUserPoolDomain names no pool: it is asked by domain name.
      for (const operation of read) grants.add(operation === "DescribeUserPoolDomain" ? "FindUserPoolsByName" : "ReadUserPools", idp(operation), operation === "DescribeUserPoolDomain" ? "*" : pools);
      if (writes) for (const operation of write) grants.add("ChangeUserPools", idp(operation), pools);
    }
    if (!writes) continue;
    grants.add("CreateUserPools", idp("CreateUserPool"), "*");
    for (const operation of USER_POOL_PERMISSIONS.write) grants.add("ChangeUserPools", idp(operation), pools);
    passedRoles(pool).forEach((arn) => grants.add("PassRolesToUserPools", "iam:PassRole", arn));
    if (pool.logDelivery?.length) for (const action of logDeliveryActions(pool)) grants.add("DeliverUserPoolLogs", action, "*");
    if (pool.domain?.custom !== undefined) grants.add("ServeCustomDomains", "cloudfront:UpdateDistribution", "*");
  }

  for (const pool of state.identityPools) {
    if (command === "export") break;
    const region = regionOf(pool.region);
    const pools = grants.identityPools(region);
    grants.add("FindIdentityPoolsByName", "cognito-identity:ListIdentityPools", "*");
    // outputs prints the roles; verify signs in through the pool, which names its roles itself.
    const read = command === "outputs" ? ["DescribeIdentityPool", "GetIdentityPoolRoles"] : command === "verify" ? ["DescribeIdentityPool"] : IDENTITY_POOL_PERMISSIONS.read;
    for (const operation of read) grants.add("ReadIdentityPools", `cognito-identity:${operation}`, pools);
    const roles = Object.values(pool.roles ?? {}).flatMap((role) => (role ? [grants.role(role.path ?? "/", role.name)] : []));
    if (command !== "outputs" && command !== "verify") for (const operation of ROLE_PERMISSIONS.read) for (const arn of roles) grants.add("ReadIdentityPoolRoles", `iam:${operation}`, arn);
    if (!writes) continue;
    grants.add("CreateIdentityPools", "cognito-identity:CreateIdentityPool", "*");
    grants.add("CreateIdentityPools", "cognito-identity:SetIdentityPoolRoles", "*");
    for (const operation of IDENTITY_POOL_PERMISSIONS.write) grants.add("ChangeIdentityPools", `cognito-identity:${operation}`, pools);
    const toCognitoIdentity = { StringEquals: { "iam:PassedToService": "cognito-identity.amazonaws.com" } };
    for (const arn of roles) {
      for (const operation of ROLE_PERMISSIONS.write) grants.add("ChangeIdentityPoolRoles", `iam:${operation}`, arn);
      grants.add("PassRolesToIdentityPools", "iam:PassRole", arn, toCognitoIdentity);
    }
    // A role mapping's rule may name a role of its own by ARN; SetIdentityPoolRoles passes it too.
    const ruleRoles = (pool.roleMappings ?? []).flatMap((m) => (m.rules ?? []).map((r) => r.role)).filter((role) => role.startsWith("arn:"));
    for (const arn of new Set(ruleRoles)) grants.add("PassRolesToIdentityPools", "iam:PassRole", arn, toCognitoIdentity);
  }
  if (command === "outputs" && options.outputsTo) outputsToGrants(grants, options.outputsTo, regionOf(undefined), options);
  return { Version: "2012-10-17", Statement: grants.statements() };
}

/**
 * outputs --to: what src/outputs reads and writes (GetParameters and ListTagsForResource, then
 * PutParameter, whose tags authorize AddTagsToResource, and DescribeParameters, then with --prune
 * DeleteParameters; DescribeSecret and GetSecretValue, then
 * CreateSecret with its tag, or PutSecretValue), on the prefix's parameters or the secret, whose
 * ARN ends in a random suffix. A KMS key of one's own is used to encrypt and decrypt secrets.
 */
function outputsToGrants(grants: Grants, destination: Destination, region: string, options: PolicyOptions): void {
  const account = options.account ?? "*";
  const partition = partitionOf(region);
  const key = options.kmsKeyId === undefined ? undefined : keyGrant(options.kmsKeyId, partition, region, account);
  if (destination.service === "ssm") {
    const parameters = `arn:${partition}:ssm:${region}:${account}:parameter${destination.prefix}*`;
    for (const action of ["ssm:GetParameters", "ssm:ListTagsForResource", "ssm:PutParameter", "ssm:AddTagsToResource"]) grants.add("WriteOutputsToParameterStore", action, parameters);
    // What earlier runs wrote there is found by path and tag; DescribeParameters takes no resource.
    grants.add("FindOutputsWrittenBefore", "ssm:DescribeParameters", "*");
    if (options.prune) grants.add("WriteOutputsToParameterStore", "ssm:DeleteParameters", parameters);
    if (key && options.showSecrets) for (const action of ["kms:Encrypt", "kms:Decrypt"]) grants.add("EncryptOutputs", action, key.resource, key.condition);
    return;
  }
  const secret = `arn:${partition}:secretsmanager:${region}:${account}:secret:${destination.name}-*`;
  for (const action of ["secretsmanager:DescribeSecret", "secretsmanager:GetSecretValue", "secretsmanager:CreateSecret", "secretsmanager:PutSecretValue", "secretsmanager:TagResource"]) {
    grants.add("WriteOutputsToSecretsManager", action, secret);
  }
  if (key) for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) grants.add("EncryptOutputs", action, key.resource, key.condition);
}

/**
 * The resource (and condition) that names --kms-key-id's key in a policy, which takes only ARNs: a
 * key ARN as given, a key id as its ARN, an alias (name or ARN) as any key of the account and region
 * that carries the alias (kms:ResourceAliases; a policy cannot name a key by its alias directly).
 */
function keyGrant(kmsKeyId: string, partition: string, region: string, account: string): { resource: string; condition?: PolicyStatement["Condition"] } {
  // An alias ARN says where its keys are: its partition, region and account win over the defaults.
  const alias = /^(?:arn:([^:]+):kms:([^:]*):([^:]*):)?(alias\/.+)$/.exec(kmsKeyId);
  if (alias) {
    const [, aliasPartition, aliasRegion, aliasAccount, name] = alias;
    return { resource: `arn:${aliasPartition || partition}:kms:${aliasRegion || region}:${aliasAccount || account}:key/*`, condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": name! } } };
  }
  if (kmsKeyId.startsWith("arn:")) return { resource: kmsKeyId };
  return { resource: `arn:${partition}:kms:${region}:${account}:key/${kmsKeyId}` };
}

/** Roles a user pool's requests name: its SMS role, and its groups' roles. */
function passedRoles(pool: UserPoolConfig): string[] {
  return [...new Set([...(pool.sms ? [pool.sms.snsCallerArn] : []), ...(pool.groups ?? []).flatMap((g) => (g.roleArn ? [g.roleArn] : []))])];
}

/** What Cognito needs of the caller to deliver logs to each kind of destination the file names. */
function logDeliveryActions(pool: UserPoolConfig): string[] {
  const actions = new Set<string>(["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries"]);
  for (const entry of pool.logDelivery ?? []) {
    if (entry.cloudWatchLogGroupArn) ["logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"].forEach((a) => actions.add(a));
    if (entry.s3BucketArn) ["s3:PutBucketPolicy", "s3:GetBucketPolicy"].forEach((a) => actions.add(a));
    if (entry.firehoseStreamArn) ["iam:CreateServiceLinkedRole", "firehose:TagDeliveryStream"].forEach((a) => actions.add(a));
  }
  return [...actions];
}

class Grants {
  private readonly all: Grant[] = [];
  constructor(
    private readonly account: string,
    /** The partition of IAM's ARNs (global, so one per file). */
    private readonly iamPartition: string,
  ) {}

  userPools(region: string): string {
    return `arn:${partitionOf(region)}:cognito-idp:${region}:${this.account}:userpool/*`;
  }

  identityPools(region: string): string {
    return `arn:${partitionOf(region)}:cognito-identity:${region}:${this.account}:identitypool/*`;
  }

  role(path: string, name: string): string {
    return `arn:${this.iamPartition}:iam::${this.account}:role${path}${name}`;
  }

  add(sid: string, action: string, resource: string, condition?: PolicyStatement["Condition"]): void {
    this.all.push({ sid, action, resource, ...(condition ? { condition } : {}) });
  }

  /**
   * One statement per reason, with its actions and resources sorted, in the order reasons first
   * appear. A reason has one condition: grants with another would widen or narrow each other.
   */
  statements(): PolicyStatement[] {
    const bySid = new Map<string, { actions: Set<string>; resources: Set<string>; condition?: PolicyStatement["Condition"] }>();
    for (const grant of this.all) {
      const known = bySid.get(grant.sid);
      if (known && !equal(known.condition, grant.condition)) throw new Error(`iam-policy: statement ${grant.sid} was given two conditions; give each its own Sid`);
      const entry = known ?? { actions: new Set<string>(), resources: new Set<string>(), ...(grant.condition ? { condition: grant.condition } : {}) };
      entry.actions.add(grant.action);
      entry.resources.add(grant.resource);
      bySid.set(grant.sid, entry);
    }
    return [...bySid].map(([sid, { actions, resources, condition }]) => {
      const sorted = [...resources].sort();
      return { Sid: sid, Effect: "Allow", Action: [...actions].sort(), Resource: sorted.length === 1 ? sorted[0]! : sorted, ...(condition ? { Condition: condition } : {}) };
    });
  }
}
