// Today's Cognito on the emulator: a PLUS pool using every block added since late 2024 applies
// from empty and then plans no changes; each setting changed behind the tool's back (with the SDK)
// is named by drift (exit 2) and put back by apply; export of the pool round-trips.
import {
  DescribeRiskConfigurationCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SetRiskConfigurationCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  type CognitoIdentityProviderClient,
  type SetUserPoolMfaConfigRequest,
  type UpdateUserPoolClientRequest,
  type UpdateUserPoolRequest,
  type UserPoolClientType,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `todays-cognito-${suffix}`;
const poolName = `Today-${suffix}`;
const dir = tempDir();
let idp: CognitoIdentityProviderClient;
let file = "";
let poolId = "";

const LAMBDA = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

const FILE = `${onePoolFileHead(stack, poolName)}    featurePlan: PLUS
    signInPolicy:
      firstFactors: [PASSWORD, EMAIL_OTP, WEB_AUTHN]
    passkeys:
      relyingPartyId: auth.example.com
      userVerification: required
      factorConfiguration: SINGLE_FACTOR
    email:
      sendingAccount: DEVELOPER
      sourceArn: arn:aws:ses:us-east-1:123456789012:identity/example.com
      from: no-reply@example.com
    mfa:
      mode: OPTIONAL
      totp: true
      email: { subject: "Your code", message: "Your code is {####}" }
    threatProtection:
      mode: ENFORCED
      customAuthMode: AUDIT
    deviceTracking: { challengeOnNewDevice: true, rememberOnlyOnUserPrompt: true }
    riskConfiguration:
      compromisedCredentials: { action: BLOCK, events: [SIGN_IN, PASSWORD_CHANGE, SIGN_UP] }
      accountTakeover:
        actions:
          low: { notify: false, eventAction: NO_ACTION }
          medium: { notify: false, eventAction: MFA_IF_CONFIGURED }
          high: { notify: false, eventAction: BLOCK }
      ipRanges: { alwaysAllow: [10.0.0.0/8], alwaysBlock: [] }
    triggers:
      preSignUp: ${LAMBDA("pre-sign-up")}
      preTokenGeneration: { lambdaArn: "${LAMBDA("pre-token")}", version: V2_0 }
      customEmailSender: { lambdaArn: "${LAMBDA("email-sender")}" }
      customSmsSender: { lambdaArn: "${LAMBDA("sms-sender")}" }
      kmsKeyId: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
    clients:
      - name: web
        authFlows: [ALLOW_USER_AUTH, ALLOW_USER_SRP_AUTH]
        refreshTokenRotation: { enabled: true, retryGracePeriod: 10s }
        riskConfiguration:
          ipRanges: { alwaysBlock: [198.51.100.0/24] }
`;

/** Fields DescribeUserPool returns that UpdateUserPool does not take. */
const POOL_READ_ONLY = ["Id", "Name", "Arn", "Status", "CreationDate", "LastModifiedDate", "SchemaAttributes", "AliasAttributes", "UsernameAttributes", "UsernameConfiguration", "EstimatedNumberOfUsers", "Domain", "CustomDomain", "SmsConfigurationFailure", "EmailConfigurationFailure"];

/** A console edit of the pool: everything it has, with `change` applied (UpdateUserPool resets what it is not sent). */
async function editPool(change: (pool: UserPoolType) => Partial<UpdateUserPoolRequest>): Promise<void> {
  const pool = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
  const kept = Object.fromEntries(Object.entries(pool).filter(([key]) => !POOL_READ_ONLY.includes(key)));
  await idp.send(new UpdateUserPoolCommand({ ...kept, ...change(pool), UserPoolId: poolId }));
}

/** A console edit of the MFA settings: everything they have, with `change` applied. */
async function editMfa(change: (live: SetUserPoolMfaConfigRequest) => Partial<SetUserPoolMfaConfigRequest>): Promise<void> {
  const { $metadata: _m, ...read } = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
  const live: SetUserPoolMfaConfigRequest = { ...read, UserPoolId: poolId };
  await idp.send(new SetUserPoolMfaConfigCommand({ ...live, ...change(live) }));
}

/** A console edit of the web client. */
async function editClient(change: (client: UserPoolClientType) => Partial<UpdateUserPoolClientRequest>): Promise<void> {
  const clients = (await idp.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 60 }))).UserPoolClients ?? [];
  const clientId = clients.find((c) => c.ClientName === "web")!.ClientId!;
  const client = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!;
  const { ClientSecret: _s, CreationDate: _c, LastModifiedDate: _l, ...kept } = client;
  await idp.send(new UpdateUserPoolClientCommand({ ...kept, ...change(client), UserPoolId: poolId, ClientId: clientId }));
}

const plan = () => runCli(["plan", "-f", file, "--endpoint-url", endpoint, "--detailed-exitcode"]);

beforeAll(async () => {
  idp = idpClient(endpoint);
  file = dir.write("today.yaml", FILE);
  const applied = await runCli(["apply", "-f", file, "--endpoint-url", endpoint, "--auto-approve"]);
  expect(applied.stderr).toBe("");
  expect(applied.code).toBe(0);
  const pools = (await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? [];
  poolId = pools.find((p) => p.Name === poolName)!.Id!;
});

describe("a PLUS pool with every block of today's Cognito", () => {
  it("validates, applies from empty, and then plans no changes", async () => {
    expect((await runCli(["validate", "-f", file])).code).toBe(0);
    const again = await plan();
    expect(again.stdout).toContain("No changes.");
    expect(again.code).toBe(0);
    const pool = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
    expect(pool.UserPoolTier).toBe("PLUS");
    expect(pool.UserPoolAddOns).toEqual({ AdvancedSecurityMode: "ENFORCED", AdvancedSecurityAdditionalFlows: { CustomAuthMode: "AUDIT" } });
    expect(pool.LambdaConfig?.PreTokenGenerationConfig).toEqual({ LambdaArn: LAMBDA("pre-token"), LambdaVersion: "V2_0" });
    const mfa = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    expect(mfa.WebAuthnConfiguration).toEqual({ RelyingPartyId: "auth.example.com", UserVerification: "required", FactorConfiguration: "SINGLE_FACTOR" });
    expect(mfa.EmailMfaConfiguration).toEqual({ Subject: "Your code", Message: "Your code is {####}" });
  });

  const drifts: [string, string, () => Promise<void>][] = [
    [
      "featurePlan (threat protection has to go with it)",
      "featurePlan",
      () => editPool(() => ({ UserPoolTier: "ESSENTIALS", UserPoolAddOns: { AdvancedSecurityMode: "OFF" } })),
    ],
    ["signInPolicy.firstFactors", "signInPolicy.firstFactors", () => editPool((p) => ({ Policies: { ...p.Policies, SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD"] } } }))],
    ["passkeys.userVerification", "passkeys.userVerification", () => editMfa((m) => ({ WebAuthnConfiguration: { ...m.WebAuthnConfiguration, UserVerification: "preferred" } }))],
    ["mfa.email", "mfa.email.subject", () => editMfa((m) => ({ EmailMfaConfiguration: { ...m.EmailMfaConfiguration, Subject: "Code" } }))],
    ["threatProtection.mode", "threatProtection.mode", () => editPool((p) => ({ UserPoolAddOns: { ...p.UserPoolAddOns, AdvancedSecurityMode: "AUDIT" } }))],
    [
      "the pre token generation trigger version",
      "triggers.preTokenGeneration",
      () => editPool((p) => ({ LambdaConfig: { ...p.LambdaConfig, PreTokenGenerationConfig: { LambdaArn: LAMBDA("pre-token"), LambdaVersion: "V3_0" } } })),
    ],
    [
      "a risk action",
      "accountTakeover",
      async () => {
        const { RiskConfiguration: live } = await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }));
        const { UserPoolId: _id, ClientId: _client, LastModifiedDate: _at, ...settings } = live!;
        const actions = settings.AccountTakeoverRiskConfiguration!.Actions!;
        await idp.send(
          new SetRiskConfigurationCommand({
            ...settings,
            UserPoolId: poolId,
            AccountTakeoverRiskConfiguration: { ...settings.AccountTakeoverRiskConfiguration, Actions: { ...actions, HighAction: { Notify: false, EventAction: "MFA_REQUIRED" } } },
          }),
        );
      },
    ],
    ["refreshTokenRotation", "refreshTokenRotation.retryGracePeriod", () => editClient(() => ({ RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 30 } }))],
  ];

  for (const [what, path, edit] of drifts) {
    it(`${what} changed with the SDK: drift names it (exit 2), apply puts it back`, async () => {
      await edit();
      const drift = await runCli(["drift", "-f", file, "--endpoint-url", endpoint]);
      expect(drift.code).toBe(2);
      expect(drift.stdout).toContain(path);
      const apply = await runCli(["apply", "-f", file, "--endpoint-url", endpoint, "--auto-approve"]);
      expect(apply.stderr).toBe("");
      expect(apply.code).toBe(0);
      expect((await plan()).code).toBe(0);
    });
  }

  it("export of the pool round-trips: plan of the exported file shows no changes", async () => {
    const exported = await runCli(["export", "--pool-id", poolId, "--endpoint-url", endpoint]);
    expect(exported.code).toBe(0);
    for (const block of ["featurePlan: PLUS", "signInPolicy:", "passkeys:", "threatProtection:", "deviceTracking:", "customEmailSender:", "kmsKeyId:", "refreshTokenRotation:", "riskConfiguration:"]) {
      expect(exported.stdout).toContain(block);
    }
    const copy = dir.write("exported.yaml", exported.stdout);
    const replanned = await runCli(["plan", "-f", copy, "--endpoint-url", endpoint, "--detailed-exitcode"]);
    expect(replanned.stderr).toBe("");
    expect(replanned.stdout).toContain("No changes.");
    expect(replanned.code).toBe(0);
  });
});
