// What an update sends, pinned where the emulator cannot show it (it drops email MFA, refuses
// passkey settings alone, has no managed login versions, and keeps an omitted role description
// only by chance of implementation): settings the file does not manage go back as they are live.
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  type DomainDescriptionType,
  GetUserPoolMfaConfigCommand,
  type GetUserPoolMfaConfigResponse,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  type SetUserPoolMfaConfigRequest,
  UpdateUserPoolCommand,
  UpdateUserPoolDomainCommand,
  type UpdateUserPoolDomainRequest,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, type IdentityPool, ListIdentityPoolsCommand, UpdateIdentityPoolCommand } from "@aws-sdk/client-cognito-identity";
import { IAMClient, UpdateRoleCommand } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyCommand } from "../../src/cli/commands.js";
import { updateRole } from "../../src/kinds/iam-role/aws.js";
import { updateIdentityPool } from "../../src/kinds/identity-pool/aws.js";
import { identityPoolSpecFromLive } from "../../src/kinds/identity-pool/model.js";
import type { RoleSpec } from "../../src/kinds/iam-role/model.js";
import { captureOutput, commonFlags, silentLogger } from "../helpers/in-process.js";
import { behindCallPolicy } from "../helpers/policy-client.js";
import { tempDir } from "../helpers/temp-files.js";

const POOL_ID = "us-east-1_Keep1";
const CREATED = new Date("2026-01-01T00:00:00Z");
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/old";
const NEW_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/new";

function livePool(): UserPoolType {
  return {
    Id: POOL_ID,
    Name: "Kept",
    CreationDate: CREATED,
    LastModifiedDate: CREATED,
    DeletionProtection: "ACTIVE",
    UsernameAttributes: ["email"],
    MfaConfiguration: "OPTIONAL",
    UserPoolTier: "ESSENTIALS",
    SmsConfiguration: SMS,
    CustomDomain: "auth.example.com",
    UserPoolTags: { "cognito-reconcile:stack": "keep-stack" },
  };
}

/** MFA settings of the live pool, with email MFA and passkeys that the file has no words for. */
const LIVE_MFA: GetUserPoolMfaConfigResponse = {
  MfaConfiguration: "OPTIONAL",
  SoftwareTokenMfaConfiguration: { Enabled: true },
  EmailMfaConfiguration: { Subject: "Your code", Message: "Code: {####}" },
  WebAuthnConfiguration: { RelyingPartyId: "auth.example.com", UserVerification: "required" },
};

const SMS = { SnsCallerArn: "arn:aws:iam::123456789012:role/sms", ExternalId: "keep-external" };

const idp = mockClient(CognitoIdentityProviderClient);
/** The pool's MFA settings as GetUserPoolMfaConfig answers, changed by SetUserPoolMfaConfig. */
let mfa: GetUserPoolMfaConfigResponse;
const identity = mockClient(CognitoIdentityClient);

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  idp.reset();
  identity.reset();
  idp.on(ListUserPoolsCommand).resolves({ UserPools: [{ Id: POOL_ID, Name: "Kept" }] });
  idp.on(DescribeUserPoolCommand).resolves({ UserPool: livePool() });
  // Stateful: apply reads the pool again afterwards and checks it matches the file.
  mfa = LIVE_MFA;
  idp.on(GetUserPoolMfaConfigCommand).callsFake(() => mfa);
  idp.on(SetUserPoolMfaConfigCommand).callsFake((input: SetUserPoolMfaConfigRequest) => {
    const { UserPoolId: _id, ...rest } = input;
    mfa = { ...rest };
    return {};
  });
  let domain: DomainDescriptionType = { UserPoolId: POOL_ID, Domain: "auth.example.com", CustomDomainConfig: { CertificateArn: CERT }, ManagedLoginVersion: 2, Status: "ACTIVE" };
  idp.on(DescribeUserPoolDomainCommand).callsFake(() => ({ DomainDescription: domain }));
  idp.on(UpdateUserPoolDomainCommand).callsFake((input: UpdateUserPoolDomainRequest) => {
    domain = { ...domain, ...(input.CustomDomainConfig ? { CustomDomainConfig: input.CustomDomainConfig } : {}), ManagedLoginVersion: input.ManagedLoginVersion };
    return {};
  });
  identity.on(ListIdentityPoolsCommand).resolves({ IdentityPools: [] });
});
afterEach(() => {
  idp.reset();
  identity.reset();
});

const dir = tempDir();
const file = (body: string) => dir.write(`keep-${Math.random().toString(36).slice(2)}.yaml`, `version: 1\nstack: keep-stack\nregion: us-east-1\nuserPools:\n  - name: Kept\n${body}`);

describe("user pool: an MFA change", () => {
  it("keeps the live passkey settings in SetUserPoolMfaConfig when the file manages only mfa", async () => {
    const f = file('    mfa: { mode: ON, totp: true, email: { subject: "Your code", message: "Code: {####}" } }\n');
    const io = captureOutput();
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, io, silentLogger)).toBe(0);
    expect(io.stdout()).toContain("mfa.mode");
    expect(idp.commandCalls(UpdateUserPoolCommand)).toHaveLength(0);
    const sent = idp.commandCalls(SetUserPoolMfaConfigCommand).map((call) => call.args[0].input);
    expect(sent).toEqual([
      {
        UserPoolId: POOL_ID,
        MfaConfiguration: "ON",
        SoftwareTokenMfaConfiguration: { Enabled: true },
        EmailMfaConfiguration: LIVE_MFA.EmailMfaConfiguration,
        WebAuthnConfiguration: LIVE_MFA.WebAuthnConfiguration,
      },
    ]);
  });

  it("an mfa section without email turns email MFA off: the plan names it and the request leaves it out", async () => {
    const f = file("    mfa: { mode: OPTIONAL, totp: true }\n");
    const io = captureOutput();
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, io, silentLogger)).toBe(0);
    expect(io.stdout()).toContain("mfa.email");
    const sent = idp.commandCalls(SetUserPoolMfaConfigCommand).map((call) => call.args[0].input);
    expect(sent).toEqual([{ UserPoolId: POOL_ID, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true }, WebAuthnConfiguration: LIVE_MFA.WebAuthnConfiguration }]);
  });

  it("changing only passkeys.userVerification sends one SetUserPoolMfaConfig that still carries TOTP, SMS and email MFA as they were live", async () => {
    mfa = { ...LIVE_MFA, SmsMfaConfiguration: { SmsAuthenticationMessage: "Kept code {####}", SmsConfiguration: SMS } };
    const f = file("    passkeys: { relyingPartyId: auth.example.com, userVerification: preferred }\n");
    const io = captureOutput();
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, io, silentLogger)).toBe(0);
    expect(io.stdout()).toContain("passkeys.userVerification");
    expect(idp.commandCalls(UpdateUserPoolCommand)).toHaveLength(0);
    expect(idp.commandCalls(SetUserPoolMfaConfigCommand).map((call) => call.args[0].input)).toEqual([
      {
        UserPoolId: POOL_ID,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
        SmsMfaConfiguration: { SmsAuthenticationMessage: "Kept code {####}", SmsConfiguration: SMS },
        EmailMfaConfiguration: LIVE_MFA.EmailMfaConfiguration,
        WebAuthnConfiguration: { RelyingPartyId: "auth.example.com", UserVerification: "preferred", FactorConfiguration: "SINGLE_FACTOR" },
      },
    ]);
  });

  it("keeps the live SMS MFA message when SMS MFA is sent", async () => {
    mfa = { ...LIVE_MFA, SmsMfaConfiguration: { SmsAuthenticationMessage: "Kept code {####}", SmsConfiguration: SMS } };
    const f = file(`    sms: { snsCallerArn: "${SMS.SnsCallerArn}", externalId: ${SMS.ExternalId} }\n    mfa: { mode: ON, totp: true, sms: true }\n`);
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, captureOutput(), silentLogger)).toBe(0);
    const sent = idp.commandCalls(SetUserPoolMfaConfigCommand).map((call) => call.args[0].input.SmsMfaConfiguration);
    expect(sent).toEqual([{ SmsAuthenticationMessage: "Kept code {####}", SmsConfiguration: SMS }]);
  });
});

describe("domain: a certificate change", () => {
  it("keeps the live managed login version in UpdateUserPoolDomain", async () => {
    const f = file(`    domain: { custom: auth.example.com, certificateArn: "${NEW_CERT}" }\n`);
    const io = captureOutput();
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, io, silentLogger)).toBe(0);
    expect(io.stdout()).toContain("certificateArn");
    expect(idp.commandCalls(UpdateUserPoolDomainCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: POOL_ID, Domain: "auth.example.com", CustomDomainConfig: { CertificateArn: NEW_CERT }, ManagedLoginVersion: 2 },
    ]);
  });
});

describe("IAM role: UpdateRole", () => {
  const iamMock = mockClient(IAMClient);
  afterEach(() => iamMock.reset());
  const base: RoleSpec = { name: "app-auth", path: "/", maxSessionDuration: 3600, trustPolicy: { Version: "2012-10-17", Statement: [] }, inlinePolicies: {}, managedPolicyArns: [], tags: {} };
  const live: RoleSpec = { ...base, description: "Owned by team X" };

  it("is not sent for a description the file leaves out", async () => {
    const iam = behindCallPolicy(IAMClient, "iam");
    expect(await updateRole(iam, base, live, "keep-stack", false)).not.toContain("settings");
    expect(iamMock.commandCalls(UpdateRoleCommand)).toHaveLength(0);
  });

  it("a maxSessionDuration change sends the live description along", async () => {
    const iam = behindCallPolicy(IAMClient, "iam");
    iamMock.on(UpdateRoleCommand).resolves({});
    await updateRole(iam, { ...base, maxSessionDuration: 7200 }, live, "keep-stack", false);
    expect(iamMock.commandCalls(UpdateRoleCommand).map((call) => call.args[0].input)).toEqual([{ RoleName: "app-auth", MaxSessionDuration: 7200, Description: "Owned by team X" }]);
  });
});

describe("identity pool: UpdateIdentityPool", () => {
  it("an allowUnauthenticated change sends the live login providers, developer provider, OIDC and SAML providers back", async () => {
    const raw: IdentityPool = {
      IdentityPoolId: "us-east-1:00000000-0000-0000-0000-000000000001",
      IdentityPoolName: "KeptIdentities",
      AllowUnauthenticatedIdentities: false,
      AllowClassicFlow: false,
      CognitoIdentityProviders: [{ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${POOL_ID}`, ClientId: "webclient", ServerSideTokenCheck: false }],
      SupportedLoginProviders: { "accounts.google.com": "google-app-id" },
      DeveloperProviderName: "login.example",
      OpenIdConnectProviderARNs: ["arn:aws:iam::123456789012:oidc-provider/issuer.example.com"],
      SamlProviderARNs: ["arn:aws:iam::123456789012:saml-provider/corp"],
      IdentityPoolTags: { "cognito-reconcile:stack": "keep-stack", "cognito-reconcile:created": "stamp", team: "identity" },
    };
    identity.on(UpdateIdentityPoolCommand).resolves({});
    const client = behindCallPolicy(CognitoIdentityClient, "identity");
    const spec = { ...identityPoolSpecFromLive(raw), allowUnauthenticated: true };
    await updateIdentityPool(client, { id: raw.IdentityPoolId!, name: raw.IdentityPoolName!, region: "us-east-1", raw, stackTag: "keep-stack" }, spec, "keep-stack");
    expect(identity.commandCalls(UpdateIdentityPoolCommand).map((call) => call.args[0].input)).toEqual([{ ...raw, AllowUnauthenticatedIdentities: true }]);
  });
});
