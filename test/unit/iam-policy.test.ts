// What iam-policy grants for a file, offline: only the services and operations the file's sections
// need, writes for apply alone, resources scoped to the file's regions, account and roles, and no
// action with a wildcard.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import { policyFor, POLICY_COMMANDS, type PolicyCommand, type PolicyDocument } from "../../src/iam/policy.js";

const state = (yaml: string) => parseConfig("f.yaml", Buffer.from(`version: 1\nstack: s\nregion: eu-west-1\n${yaml}`), {});
const actions = (policy: PolicyDocument) => policy.Statement.flatMap((s) => s.Action);
const resources = (policy: PolicyDocument) => policy.Statement.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
const POOL_ONLY = state("userPools:\n  - name: P\n    deletionProtection: false\n");
const WITH_USERS = state("userPools:\n  - name: P\n    groups: [{ name: admin, roleArn: 'arn:aws:iam::123456789012:role/Admins' }]\n    users: [{ username: a, groups: [admin] }]\n");
const IDENTITY_ONLY = state(
  "userPools: []\nidentityPools:\n  - name: I\n    roles:\n      authenticated: { name: Signed-In, path: /app/, inlinePolicies: { p: { Version: '2012-10-17', Statement: [{ Effect: Allow, Action: 's3:GetObject', Resource: '*' }] } } }\n",
);

describe("iam-policy", () => {
  it("grants a pool-only file no IAM or user action, of identity pools only finding the stack's, and plan no write", () => {
    const plan = actions(policyFor(POOL_ONLY, "plan"));
    expect(plan).toEqual(expect.arrayContaining(["cognito-idp:ListUserPools", "cognito-idp:DescribeUserPool", "cognito-idp:GetUserPoolMfaConfig"]));
    // Identity pools the stack owns but the file no longer names are found by their tag, and so are their roles.
    expect(plan.filter((a) => !a.startsWith("cognito-idp:")).sort()).toEqual([
      "cognito-identity:DescribeIdentityPool",
      "cognito-identity:GetIdentityPoolRoles",
      "cognito-identity:ListIdentityPools",
      "iam:GetRole",
      "iam:GetRolePolicy",
      "iam:ListAttachedRolePolicies",
      "iam:ListRolePolicies",
    ]);
    expect(policyFor(POOL_ONLY, "plan").Statement.filter((s) => s.Action.some((a) => a.startsWith("iam:")))).toEqual([
      {
        Sid: "ReadRolesTaggedWithTheStack",
        Effect: "Allow",
        Action: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies"],
        Resource: "arn:aws:iam::*:role/*",
        Condition: { StringEquals: { "aws:ResourceTag/cognito-reconcile:stack": "s" } },
      },
    ]);
    expect(plan.filter((a) => /User(s|ToGroup)?$|Admin/.test(a) && a !== "cognito-idp:DescribeUserPool" && a !== "cognito-idp:ListUserPools")).toEqual([]);
    expect(plan.filter((a) => /:(Create|Update|Delete|Set|Add|Admin)/.test(a))).toEqual([]);
    expect(actions(policyFor(POOL_ONLY, "drift")).sort()).toEqual([...plan].sort());
  });

  it("adds the writes for apply: the pool's, with its tags, and CreateUserPool on any resource", () => {
    const policy = policyFor(POOL_ONLY, "apply", { account: "123456789012" });
    expect(policy.Statement.find((s) => s.Sid === "CreateUserPools")).toEqual({ Sid: "CreateUserPools", Effect: "Allow", Action: ["cognito-idp:CreateUserPool"], Resource: "*" });
    const change = policy.Statement.find((s) => s.Sid === "ChangeUserPools")!;
    expect(change.Action).toEqual(expect.arrayContaining(["cognito-idp:UpdateUserPool", "cognito-idp:TagResource", "cognito-idp:DeleteUserPool"]));
    expect(change.Resource).toBe("arn:aws:cognito-idp:eu-west-1:123456789012:userpool/*");
  });

  it("reads users only for a file with users, and passes a group's role only on apply", () => {
    expect(actions(policyFor(WITH_USERS, "plan"))).toEqual(expect.arrayContaining(["cognito-idp:ListUsers", "cognito-idp:ListUsersInGroup"]));
    expect(actions(policyFor(WITH_USERS, "plan"))).not.toContain("iam:PassRole");
    const pass = policyFor(WITH_USERS, "apply").Statement.find((s) => s.Action.includes("iam:PassRole"));
    expect(pass?.Resource).toBe("arn:aws:iam::123456789012:role/Admins");
    expect(actions(policyFor(WITH_USERS, "apply"))).toEqual(expect.arrayContaining(["cognito-idp:AdminCreateUser", "cognito-idp:AdminAddUserToGroup"]));
  });

  it("scopes an identity-pool-only file's IAM actions to the declared role and its path, or to the stack's tag, and passes it only to Cognito identity", () => {
    const policy = policyFor(IDENTITY_ONLY, "apply", { account: "123456789012" });
    // User pools: only finding the stack's, and deleting them once the file no longer names them.
    expect(actions(policy).filter((a) => a.startsWith("cognito-idp:")).sort()).toEqual([
      "cognito-idp:DeleteUserPool",
      "cognito-idp:DeleteUserPoolDomain",
      "cognito-idp:DescribeUserPool",
      "cognito-idp:GetUserPoolMfaConfig",
      "cognito-idp:ListUserPools",
    ]);
    const roleStatements = policy.Statement.filter((s) => s.Action.some((a) => a.startsWith("iam:")));
    expect(roleStatements.map((s) => s.Sid).sort()).toEqual(["ChangeIdentityPoolRoles", "DeleteRolesTaggedWithTheStack", "PassRolesToIdentityPools", "ReadIdentityPoolRoles", "ReadRolesTaggedWithTheStack"]);
    for (const statement of roleStatements) {
      // A role the file names, by its name and path; any other only when it carries the stack's tag (renamed, or of a pool the file dropped).
      if (statement.Condition?.StringEquals?.["aws:ResourceTag/cognito-reconcile:stack"] === "s") expect(statement.Resource).toBe("arn:aws:iam::123456789012:role/*");
      else expect(statement.Resource).toBe("arn:aws:iam::123456789012:role/app/Signed-In");
    }
    expect(policy.Statement.find((s) => s.Sid === "DeleteRolesTaggedWithTheStack")?.Action).toEqual(["iam:DeleteRole", "iam:DeleteRolePolicy", "iam:DetachRolePolicy"]);
    expect(policy.Statement.find((s) => s.Sid === "PassRolesToIdentityPools")?.Condition).toEqual({ StringEquals: { "iam:PassedToService": "cognito-identity.amazonaws.com" } });
  });

  it("passes a role a role mapping's rule names by ARN, on apply only", () => {
    const rules = state(
      "userPools:\n  - name: P\n    clients: [{ name: web }]\nidentityPools:\n  - name: I\n    providers: [{ userPool: P, client: web }]\n" +
        "    roles: { authenticated: { name: Signed-In } }\n" +
        "    roleMappings:\n      - provider: { userPool: P, client: web }\n        type: Rules\n        rules:\n" +
        "          - { claim: 'cognito:groups', matchType: Contains, value: admin, role: 'arn:aws:iam::123456789012:role/Admins' }\n" +
        "          - { claim: 'cognito:groups', matchType: Contains, value: staff, role: authenticated }\n",
    );
    const pass = policyFor(rules, "apply", { account: "123456789012" }).Statement.find((s) => s.Sid === "PassRolesToIdentityPools");
    expect(pass?.Resource).toEqual(["arn:aws:iam::123456789012:role/Admins", "arn:aws:iam::123456789012:role/Signed-In"]);
    expect(actions(policyFor(rules, "plan"))).not.toContain("iam:PassRole");
  });

  it("gives outputs with --show-secrets DescribeUserPoolClient, and without it only the listing", () => {
    expect(actions(policyFor(POOL_ONLY, "outputs")).sort()).toEqual(["cognito-idp:DescribeUserPool", "cognito-idp:ListUserPoolClients", "cognito-idp:ListUserPools"]);
    expect(actions(policyFor(POOL_ONLY, "outputs", { showSecrets: true }))).toContain("cognito-idp:DescribeUserPoolClient");
  });

  it("names --kms-key-id's key by ARN, as IAM requires: a key id as its ARN, an alias by the aliases the key carries", () => {
    const encrypt = (kmsKeyId: string) =>
      policyFor(POOL_ONLY, "outputs", { account: "123456789012", showSecrets: true, outputsTo: { service: "ssm", prefix: "/app/" }, kmsKeyId }).Statement.find((s) => s.Sid === "EncryptOutputs");
    expect(encrypt("1234abcd-12ab-34cd-56ef-1234567890ab")).toMatchObject({ Resource: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" });
    expect(encrypt("1234abcd-12ab-34cd-56ef-1234567890ab")?.Condition).toBeUndefined();
    const keyArn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    expect(encrypt(keyArn)).toMatchObject({ Resource: keyArn });
    for (const alias of ["alias/myapp", "arn:aws:kms:eu-west-1:123456789012:alias/myapp"]) {
      expect(encrypt(alias)).toMatchObject({
        Action: ["kms:Decrypt", "kms:Encrypt"],
        Resource: "arn:aws:kms:eu-west-1:123456789012:key/*",
        Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/myapp" } },
      });
    }
    // An alias ARN says where its keys are, over the file's region and --account.
    expect(encrypt("arn:aws-cn:kms:cn-north-1:210987654321:alias/other")).toMatchObject({
      Resource: "arn:aws-cn:kms:cn-north-1:210987654321:key/*",
      Condition: { "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/other" } },
    });
  });

  it("takes IAM's partition from the pools' regions when the file names no region of its own", () => {
    const file = parseConfig("f.yaml", Buffer.from("version: 1\nstack: s\nuserPools: []\nidentityPools:\n  - name: I\n    region: us-gov-west-1\n    roles:\n      authenticated: { name: R }\n"), {});
    const roles = resources(policyFor(file, "apply", { account: "123456789012" })).filter((r) => r.includes(":iam::"));
    expect(roles.length).toBeGreaterThan(0);
    expect(roles.filter((r) => !r.startsWith("arn:aws-us-gov:iam::"))).toEqual([]);
  });

  it("writes every ARN in the partition of its region (China, GovCloud), and nothing IAM would refuse as a resource", () => {
    const china = parseConfig("f.yaml", Buffer.from("version: 1\nstack: s\nregion: cn-north-1\nuserPools:\n  - name: P\n"), {});
    const all = [
      ...resources(policyFor(china, "apply", { account: "123456789012" })),
      ...resources(policyFor(china, "outputs", { account: "123456789012", showSecrets: true, outputsTo: { service: "secretsmanager", name: "app/cognito" }, kmsKeyId: "k-1" })),
    ];
    expect(all.filter((r) => r !== "*" && !r.startsWith("arn:aws-cn:"))).toEqual([]);
    expect(all).toContain("arn:aws-cn:iam::123456789012:role/*");
    expect(all).toContain("arn:aws-cn:kms:cn-north-1:123456789012:key/k-1");
    for (const command of POLICY_COMMANDS as readonly PolicyCommand[]) {
      for (const file of [POOL_ONLY, WITH_USERS, IDENTITY_ONLY]) expect(resources(policyFor(file, command)).filter((r) => r !== "*" && !r.startsWith("arn:"))).toEqual([]);
    }
  });

  it("outputs --to ssm: finds what earlier runs wrote by path and tag, and deletes it only with --prune", () => {
    const to = { service: "ssm" as const, prefix: "/app/" };
    const plain = policyFor(POOL_ONLY, "outputs", { account: "123456789012", outputsTo: to });
    expect(plain.Statement.find((s) => s.Sid === "FindOutputsWrittenBefore")).toEqual({ Sid: "FindOutputsWrittenBefore", Effect: "Allow", Action: ["ssm:DescribeParameters"], Resource: "*" });
    expect(actions(plain)).not.toContain("ssm:DeleteParameters");
    const prune = policyFor(POOL_ONLY, "outputs", { account: "123456789012", outputsTo: to, prune: true }).Statement.find((s) => s.Action.includes("ssm:DeleteParameters"));
    expect(prune?.Resource).toBe("arn:aws:ssm:eu-west-1:123456789012:parameter/app/*");
  });

  it("never grants an action with a wildcard, for any command", () => {
    for (const command of POLICY_COMMANDS as readonly PolicyCommand[]) {
      for (const file of [POOL_ONLY, WITH_USERS, IDENTITY_ONLY]) expect(actions(policyFor(file, command)).filter((a) => a.includes("*"))).toEqual([]);
    }
  });
});
