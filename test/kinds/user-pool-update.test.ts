import {
  AddCustomAttributesCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListGroupsCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  type UpdateUserPoolRequest,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, ListIdentityPoolsCommand } from "@aws-sdk/client-cognito-identity";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyCommand } from "../../src/cli/commands.js";
import { UserError } from "../../src/core/errors.js";
import { captureOutput, commonFlags, silentLogger } from "../helpers/in-process.js";
import { tempDir } from "../helpers/temp-files.js";

const POOL_ID = "us-east-1_Mock1";

/** A live pool with settings the file does not manage, which an update must carry over. */
function livePool(): UserPoolType {
  return {
    Id: POOL_ID,
    Name: "Mocked",
    Arn: `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL_ID}`,
    Status: "Enabled",
    CreationDate: new Date("2026-01-01T00:00:00Z"),
    LastModifiedDate: new Date("2026-01-01T00:00:00Z"),
    EstimatedNumberOfUsers: 3,
    DeletionProtection: "ACTIVE",
    UsernameAttributes: ["email"],
    UsernameConfiguration: { CaseSensitive: false },
    SchemaAttributes: [{ Name: "email", AttributeDataType: "String", Required: true, Mutable: true }],
    Policies: { PasswordPolicy: { MinimumLength: 8, RequireNumbers: true, RequireSymbols: false, RequireUppercase: true, RequireLowercase: true, TemporaryPasswordValidityDays: 7, PasswordHistorySize: 3 } },
    LambdaConfig: {
      PreSignUp: "arn:aws:lambda:us-east-1:123456789012:function:pre",
      CustomEmailSender: { LambdaVersion: "V1_0", LambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:sender" },
      KMSKeyID: "arn:aws:kms:us-east-1:123456789012:key/abc",
      InboundFederation: { LambdaVersion: "V1_0", LambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:federation" },
    },
    AutoVerifiedAttributes: ["email"],
    VerificationMessageTemplate: { DefaultEmailOption: "CONFIRM_WITH_LINK", EmailSubjectByLink: "Verify", EmailMessageByLink: "Click {##here##}" },
    SmsAuthenticationMessage: "Your code is {####}",
    UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ["email"] },
    MfaConfiguration: "OPTIONAL",
    DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    EmailConfiguration: { EmailSendingAccount: "DEVELOPER", SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com", From: "noreply@example.com" },
    SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sms", ExternalId: "ext" },
    UserPoolTags: { "cognito-reconcile:stack": "mock-stack", team: "identity" },
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, UnusedAccountValidityDays: 7, InviteMessageTemplate: { EmailSubject: "Hi", EmailMessage: "{username} {####}" } },
    UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" },
    AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] },
    UserPoolTier: "ESSENTIALS",
    Domain: "mocked-domain",
  };
}

const idp = mockClient(CognitoIdentityProviderClient);
// --allow-destroy looks for identity pools of the stack too; there are none here.
const identity = mockClient(CognitoIdentityClient);
let current: UserPoolType;

/** A small stateful fake: Describe returns what the last UpdateUserPool set. */
function wireFake() {
  current = livePool();
  idp.on(ListUserPoolsCommand).callsFake(() => ({ UserPools: [{ Id: POOL_ID, Name: current.Name }] }));
  idp.on(DescribeUserPoolCommand).callsFake(() => ({ UserPool: structuredClone(current) }));
  identity.on(ListIdentityPoolsCommand).resolves({ IdentityPools: [] });
  idp.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } });
  idp.on(ListGroupsCommand).resolves({ Groups: [] });
  idp.on(UpdateUserPoolCommand).callsFake((input: UpdateUserPoolRequest) => {
    const { UserPoolId: _id, PoolName, ...rest } = input;
    current = { ...current, ...rest, Name: PoolName ?? current.Name } as UserPoolType;
    return {};
  });
}

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  idp.reset();
  identity.reset();
  wireFake();
});
afterEach(() => idp.reset());

const dir = tempDir();
const file = (body: string) => dir.write(`pool-${Math.random().toString(36).slice(2)}.yaml`, `version: 1\nstack: mock-stack\nregion: us-east-1\nuserPools:\n  - name: Mocked\n${body}`);

/**
 * Every field of the live pool as UpdateUserPool must send it back: the updatable ones as they are,
 * except UnusedAccountValidityDays, dropped because AWS refuses it next to TemporaryPasswordValidityDays.
 */
function updatableLive(live: UserPoolType) {
  return {
    Policies: live.Policies,
    DeletionProtection: live.DeletionProtection,
    LambdaConfig: live.LambdaConfig,
    AutoVerifiedAttributes: live.AutoVerifiedAttributes,
    VerificationMessageTemplate: live.VerificationMessageTemplate,
    SmsAuthenticationMessage: live.SmsAuthenticationMessage,
    UserAttributeUpdateSettings: live.UserAttributeUpdateSettings,
    MfaConfiguration: "OPTIONAL",
    DeviceConfiguration: live.DeviceConfiguration,
    EmailConfiguration: live.EmailConfiguration,
    SmsConfiguration: live.SmsConfiguration,
    UserPoolTags: live.UserPoolTags,
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, InviteMessageTemplate: live.AdminCreateUserConfig!.InviteMessageTemplate },
    UserPoolAddOns: live.UserPoolAddOns,
    AccountRecoverySetting: live.AccountRecoverySetting,
    UserPoolTier: "ESSENTIALS",
  };
}

describe("UpdateUserPool carries the full merged configuration", () => {
  it("changing passwordPolicy.minimumLength sends every managed and unmanaged field of the live pool", async () => {
    const f = file(
      "    passwordPolicy: { minimumLength: 12, requireSymbols: false }\n    signIn: { usernameAttributes: [email] }\n    deletionProtection: true\n",
    );
    const io = captureOutput();
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, io, silentLogger)).toBe(0);

    const updates = idp.commandCalls(UpdateUserPoolCommand);
    expect(updates).toHaveLength(1);
    const sent = updates[0]!.args[0].input;
    const live = livePool();
    expect(sent).toEqual({
      ...updatableLive(live),
      UserPoolId: POOL_ID,
      Policies: { PasswordPolicy: { ...live.Policies!.PasswordPolicy, MinimumLength: 12 } },
      // The file's deletionProtection: true.
      DeletionProtection: "ACTIVE",
      AutoVerifiedAttributes: ["email"],
    });
    // Nothing else was changed.
    expect(idp.commandCalls(SetUserPoolMfaConfigCommand)).toHaveLength(0);
    expect(idp.commandCalls(AddCustomAttributesCommand)).toHaveLength(0);
    expect(io.stdout()).toContain("passwordPolicy.minimumLength: 8 -> 12");
    expect(io.stdout()).toContain("live state matches the file");
  });

  it("changing featurePlan sends an UpdateUserPool that keeps every other live field", async () => {
    const f = file("    featurePlan: PLUS\n");
    const io = captureOutput();
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, io, silentLogger)).toBe(0);
    expect(io.stdout()).toContain('featurePlan: "ESSENTIALS" -> "PLUS"');
    const updates = idp.commandCalls(UpdateUserPoolCommand);
    expect(updates).toHaveLength(1);
    const { UserPoolId, UserPoolTier, ...rest } = updates[0]!.args[0].input;
    expect([UserPoolId, UserPoolTier]).toEqual([POOL_ID, "PLUS"]);
    const live = livePool();
    const { UserPoolTier: _tier, ...kept } = updatableLive(live);
    expect(rest).toEqual(kept);
    expect(idp.commandCalls(SetUserPoolMfaConfigCommand)).toHaveLength(0);
  });

  it("a present triggers section replaces every trigger it models (custom senders and the KMS key too) and keeps inbound federation", async () => {
    const f = file("    triggers:\n      postConfirmation: arn:aws:lambda:us-east-1:123456789012:function:post\n");
    const io = captureOutput();
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, io, silentLogger)).toBe(0);
    expect(io.stdout()).toContain("triggers.customEmailSender");
    const sent = idp.commandCalls(UpdateUserPoolCommand)[0]!.args[0].input;
    expect(sent.LambdaConfig).toEqual({
      PostConfirmation: "arn:aws:lambda:us-east-1:123456789012:function:post",
      InboundFederation: { LambdaVersion: "V1_0", LambdaArn: "arn:aws:lambda:us-east-1:123456789012:function:federation" },
    });
    expect(sent.UserPoolTags).toEqual({ "cognito-reconcile:stack": "mock-stack", team: "identity" });
  });

  it("an MFA change goes through SetUserPoolMfaConfig and leaves UpdateUserPool alone", async () => {
    const f = file("    mfa: { mode: ON, totp: true }\n");
    idp.on(SetUserPoolMfaConfigCommand).callsFake(() => {
      idp.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "ON", SoftwareTokenMfaConfiguration: { Enabled: true } });
      return {};
    });
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, captureOutput(), silentLogger)).toBe(0);
    expect(idp.commandCalls(UpdateUserPoolCommand)).toHaveLength(0);
    expect(idp.commandCalls(SetUserPoolMfaConfigCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL_ID,
      MfaConfiguration: "ON",
      SoftwareTokenMfaConfiguration: { Enabled: true },
    });
  });
});

describe("replacement needs --allow-replace", () => {
  const mutating = [UpdateUserPoolCommand, CreateUserPoolCommand, DeleteUserPoolCommand, SetUserPoolMfaConfigCommand, AddCustomAttributesCommand].map((c) => c.name);
  const mutatingCalls = () => idp.calls().filter((call) => mutating.includes((call.args[0] as object).constructor.name));

  it("refuses a sign-in change without the flag and sends nothing that changes AWS", async () => {
    const f = file("    deletionProtection: false\n    signIn: { aliasAttributes: [email] }\n");
    const run = applyCommand({ ...commonFlags, files: [f], autoApprove: true }, captureOutput(), silentLogger);
    await expect(run).rejects.toBeInstanceOf(UserError);
    await expect(run).rejects.toThrow(/userPool\.Mocked must be replaced \(signIn\.aliasAttributes, signIn\.usernameAttributes cannot change.*run apply with --allow-replace/);
    expect(mutatingCalls()).toEqual([]);
  });

  it("also wants --allow-destroy when the pool has users", async () => {
    const f = file("    deletionProtection: false\n    signIn: { aliasAttributes: [email] }\n");
    await expect(applyCommand({ ...commonFlags, allowReplace: true, files: [f], autoApprove: true }, captureOutput(), silentLogger)).rejects.toThrow(
      /its 3 users; add --allow-destroy/,
    );
    expect(mutatingCalls()).toEqual([]);
  });

  it("refuses while the live pool's deletion protection is on and the file keeps it on", async () => {
    const f = file("    signIn: { aliasAttributes: [email] }\n");
    await expect(applyCommand({ ...commonFlags, allowReplace: true, allowDestroy: true, files: [f], autoApprove: true }, captureOutput(), silentLogger)).rejects.toThrow(
      /deletion protection on; set deletionProtection: false/,
    );
    expect(mutatingCalls()).toEqual([]);
  });
});
