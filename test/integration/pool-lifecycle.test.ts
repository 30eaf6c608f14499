import {
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListGroupsCommand,
  UpdateGroupCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { userPoolIdsNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `lifecycle-${suffix}`;
const poolName = `Lifecycle-${suffix}`;
const dir = tempDir();

function poolYaml(options: { minimumLength?: number; deletionProtection?: boolean } = {}): string {
  return `version: 1
stack: ${stack}
region: us-east-1
userPools:
  - name: ${poolName}
    deletionProtection: ${options.deletionProtection ?? true}
    signIn:
      usernameAttributes: [email]
      caseSensitive: false
    passwordPolicy:
      minimumLength: ${options.minimumLength ?? 10}
      requireSymbols: false
    mfa: { mode: OPTIONAL, totp: true }
    accountRecovery: [verified_email]
    signUp:
      selfService: false
      autoVerify: [email]
      invitationMessage: { emailSubject: "Welcome", emailMessage: "Hi {username}, use {####}" }
      verificationMessage: { emailSubject: "Verify", emailMessage: "Code {####}" }
    attributes:
      required: [email]
      custom:
        - { name: tenant, type: String, minLength: 1, maxLength: 64 }
        - { name: level, type: Number, minValue: 0, maxValue: 9 }
    tags: { team: identity, env: test }
    groups:
      - { name: admin, description: Full access, precedence: 1 }
      - { name: editor, precedence: 5 }
      - { name: user, precedence: 10 }
      - { name: premium, precedence: 15 }
      - { name: readonly, description: Read only, precedence: 20 }
`;
}

const file = dir.write("pool.yaml", poolYaml());
const common = ["-f", file, "--endpoint-url", endpoint];
let idp: CognitoIdentityProviderClient;

/** The stack's pool, looked up by name over every page of the shared emulator's pools. */
async function findPool(): Promise<UserPoolType | undefined> {
  const ids = await userPoolIdsNamed(idp, poolName);
  expect(ids.length, `pools named ${poolName}`).toBeLessThanOrEqual(1);
  if (ids.length === 0) return undefined;
  return (await idp.send(new DescribeUserPoolCommand({ UserPoolId: ids[0] }))).UserPool;
}

beforeAll(() => {
  idp = idpClient(endpoint);
});

describe("a user pool with groups, end to end", () => {
  it("applies from empty, then plan shows no changes", async () => {
    const apply = await runCli(["apply", ...common, "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain(`+ userPool.${poolName}: created`);
    expect(apply.stdout).toContain("Apply complete: 6 operations; live state matches the file.");

    const plan = await runCli(["plan", ...common, "--detailed-exitcode"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("No changes.");
  });

  it("drift names exactly the password policy and the group precedence changed behind its back", async () => {
    const pool = (await findPool())!;
    const { UserPoolId: _ignored, ...rest } = { UserPoolId: pool.Id };
    void rest;
    // A console-style edit: change one password rule, sending the rest back as it is.
    const policy = { ...pool.Policies!.PasswordPolicy!, RequireNumbers: false };
    await idp.send(
      new UpdateUserPoolCommand({
        UserPoolId: pool.Id,
        Policies: { PasswordPolicy: policy },
        DeletionProtection: pool.DeletionProtection,
        AutoVerifiedAttributes: pool.AutoVerifiedAttributes,
        VerificationMessageTemplate: pool.VerificationMessageTemplate,
        UserAttributeUpdateSettings: pool.UserAttributeUpdateSettings,
        MfaConfiguration: pool.MfaConfiguration,
        EmailConfiguration: pool.EmailConfiguration,
        UserPoolTags: pool.UserPoolTags,
        AdminCreateUserConfig: pool.AdminCreateUserConfig,
        AccountRecoverySetting: pool.AccountRecoverySetting,
      }),
    );
    await idp.send(new UpdateGroupCommand({ UserPoolId: pool.Id, GroupName: "editor", Precedence: 6 }));

    const drift = await runCli(["drift", ...common, "--format", "json"]);
    expect(drift.code).toBe(2);
    const report = JSON.parse(drift.stdout) as { changes: { address: string; action: string; fields: { path: string; before: unknown; after: unknown }[] }[] };
    const drifted = report.changes.filter((c) => c.action !== "no-op");
    expect(drifted.map((c) => ({ address: c.address, fields: c.fields.map((f) => [f.path, f.before, f.after]) }))).toEqual([
      { address: `userPool.${poolName}`, fields: [["passwordPolicy.requireNumbers", false, true]] },
      { address: `userPool.${poolName}/group.editor`, fields: [["precedence", 6, 5]] },
    ]);

    const text = await runCli(["drift", ...common]);
    expect(text.code).toBe(2);
    expect(text.stdout).toContain("passwordPolicy.requireNumbers: false -> true");
    expect(text.stdout).toContain("precedence: 6 -> 5");
  });

  it("apply converges, and drift is then clean", async () => {
    const apply = await runCli(["apply", ...common, "--auto-approve"]);
    expect(apply.code).toBe(0);
    const drift = await runCli(["drift", ...common]);
    expect(drift.code).toBe(0);
    expect(drift.stdout).toContain("No drift");
  });

  it("changing only minimumLength in the file leaves every other pool setting as it was", async () => {
    const before = (await findPool())!;
    const mfaBefore = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: before.Id }));
    dir.write("pool.yaml", poolYaml({ minimumLength: 14 }));

    const plan = await runCli(["plan", ...common, "--format", "json"]);
    const changed = (JSON.parse(plan.stdout) as { changes: { action: string; fields: { path: string }[] }[] }).changes.filter((c) => c.action !== "no-op");
    expect(changed.flatMap((c) => c.fields.map((f) => f.path))).toEqual(["passwordPolicy.minimumLength"]);

    const apply = await runCli(["apply", ...common, "--auto-approve"]);
    expect(apply.code).toBe(0);
    const after = (await findPool())!;
    const mfaAfter = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: after.Id }));

    expect(after.Policies?.PasswordPolicy?.MinimumLength).toBe(14);
    const comparable = (p: UserPoolType) => {
      const { LastModifiedDate: _m, Policies, ...rest } = p;
      return { ...rest, Policies: { PasswordPolicy: { ...Policies?.PasswordPolicy, MinimumLength: 0 } } };
    };
    expect(comparable(after)).toEqual(comparable(before));
    // The settings the issue names, spelled out so a regression says which one moved.
    expect(after.UserPoolTags).toEqual(before.UserPoolTags);
    expect(after.DeletionProtection).toBe("ACTIVE");
    expect(after.AutoVerifiedAttributes).toEqual(["email"]);
    expect(after.UsernameAttributes).toEqual(["email"]);
    expect(after.VerificationMessageTemplate).toEqual(before.VerificationMessageTemplate);
    expect(after.AdminCreateUserConfig).toEqual(before.AdminCreateUserConfig);
    const { $metadata: _a, ...mfaA } = mfaAfter;
    const { $metadata: _b, ...mfaB } = mfaBefore;
    expect(mfaA).toEqual(mfaB);
    expect(mfaA.SoftwareTokenMfaConfiguration?.Enabled).toBe(true);
    const groups = await idp.send(new ListGroupsCommand({ UserPoolId: after.Id }));
    expect(groups.Groups?.map((g) => g.GroupName).sort()).toEqual(["admin", "editor", "premium", "readonly", "user"]);
  });

  it("a pool removed from the file is destroyed only with --allow-destroy and deletion protection off", async () => {
    const emptyFile = dir.write("empty.yaml", `version: 1\nstack: ${stack}\nregion: us-east-1\nuserPools: []\n`);
    const emptyArgs = ["-f", emptyFile, "--endpoint-url", endpoint];

    // An empty file against a stack that owns a pool is refused outright without --allow-destroy.
    const plan = await runCli(["plan", ...emptyArgs, "--detailed-exitcode"]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toBe(
      `error: ${stack}: the file declares no pools, but the stack owns 1 live pool; an empty file is refused unless you mean it: run with --allow-destroy to plan their deletion\n`,
    );
    const applyWithout = await runCli(["apply", ...emptyArgs, "--auto-approve"]);
    expect(applyWithout.code).toBe(1);
    const id = (await findPool())!.Id!;

    // A file that still names another pool lists the dropped one as unmanaged and leaves it alone.
    const otherFile = dir.write("other.yaml", `version: 1\nstack: ${stack}\nregion: us-east-1\nuserPools:\n  - { name: Other-${suffix}, deletionProtection: false }\n`);
    const other = await runCli(["plan", "-f", otherFile, "--endpoint-url", endpoint]);
    expect(other.code).toBe(0);
    expect(other.stdout).toContain(`? userPool.${poolName}  (carries stack tag "${stack}" but is not in the file; run with --allow-destroy to delete it)`);

    const protectedDestroy = await runCli(["apply", ...emptyArgs, "--auto-approve", "--allow-destroy"]);
    expect(protectedDestroy.code).toBe(1);
    expect(protectedDestroy.stderr).toMatch(/^error: userPool\.\S+: cannot delete \S+: deletion protection is on; put the pool back in the file with deletionProtection: false, apply, then remove it\n$/);
    expect(await findPool()).toBeDefined();

    dir.write("pool.yaml", poolYaml({ minimumLength: 14, deletionProtection: false }));
    expect((await runCli(["apply", ...common, "--auto-approve"])).code).toBe(0);
    const destroy = await runCli(["apply", ...emptyArgs, "--auto-approve", "--allow-destroy"]);
    expect(destroy.stdout).toContain(`- userPool.${poolName}: deleted`);
    expect(destroy.code).toBe(0);
    expect(await findPool()).toBeUndefined();
    await expect(idp.send(new DescribeUserPoolCommand({ UserPoolId: id }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
