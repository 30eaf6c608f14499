import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { LivePool } from "../../src/core/live-types.js";
import { exportPoolYaml, type ExportInput } from "../../src/render/export.js";

const POOL_ID = "us-east-1_Export1";

function input(): ExportInput {
  const pool: LivePool = {
    id: POOL_ID,
    name: "Exported",
    region: "us-east-1",
    stackTag: "s",
    children: {},
    raw: {
      Id: POOL_ID,
      Name: "Exported",
      Domain: "exported-prefix",
      CustomDomain: "auth.example.com",
      SchemaAttributes: [
        { Name: "custom:tenant", AttributeDataType: "String", Mutable: true, DeveloperOnlyAttribute: false },
        { Name: "dev:custom:internal", AttributeDataType: "String", Mutable: true, DeveloperOnlyAttribute: true },
      ],
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      Policies: { PasswordPolicy: { MinimumLength: 8 }, SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] } },
      LambdaConfig: { PreSignUp: "arn:aws:lambda:us-east-1:123456789012:function:pre", KMSKeyID: "arn:aws:kms:us-east-1:123456789012:key/k" },
      UserPoolTags: { "cognito-reconcile:stack": "s" },
    },
  };
  pool.children = {
    group: [],
    resourceServer: [],
    identityProvider: [],
    domain: [{ Domain: "exported-prefix" }, { Domain: "auth.example.com", CustomDomainConfig: { CertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c" } }],
    client: [
      {
        ClientId: "c1",
        ClientName: "console",
        AllowedOAuthFlowsUserPoolClient: false,
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid"],
        CallbackURLs: ["https://app.example.com/cb"],
        RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 10 },
        EnablePropagateAdditionalUserContextData: false,
      },
    ],
    user: [
      {
        user: { Username: "u1", Enabled: true, Attributes: [{ Name: "sub", Value: "1" }, { Name: "email", Value: "a@example.com" }, { Name: "dev:custom:internal", Value: "x" }] },
        groups: [],
        names: ["u1"],
        displayName: "u1",
      },
      { user: { Username: "u2", Enabled: true, Attributes: [{ Name: "dev:custom:internal", Value: "y" }] }, groups: [], names: ["u2"], displayName: "u2" },
    ],
  };
  return { pool, stack: "s" };
}

describe("export lists what it leaves out", () => {
  // The lines follow the file's order: the pool's own settings, then each section (domain, ..., users).
  it("names each thing the file cannot hold, one line each, with why", () => {
    const { leftOut } = exportPoolYaml(input());
    expect(leftOut).toEqual([
      "attributes.custom dev:custom:internal: developer-only attributes cannot be declared; the pool keeps it",
      "domain exported-prefix and auth.example.com: a file declares one domain per pool, so domain is left out and apply leaves both as they are",
      "client console oauth.flows and oauth.scopes: OAuth is off for this client, so Cognito does not use them; an update sends none",
      "users attributes dev:custom:internal (2 users): developer-only attributes cannot be declared; the users keep their values",
    ]);
  });

  it("writes what it can: the OAuth-off URLs, no developer-only attribute, no domain", () => {
    const file = parse(exportPoolYaml(input()).yaml) as { userPools: Record<string, unknown>[] };
    const pool = file.userPools[0]!;
    // Today's settings the file holds are written, not left out.
    expect(pool.deviceTracking).toEqual({ challengeOnNewDevice: true, rememberOnlyOnUserPrompt: true });
    expect(pool.signInPolicy).toEqual({ firstFactors: ["EMAIL_OTP", "PASSWORD"] });
    expect(pool.triggers).toEqual({ preSignUp: "arn:aws:lambda:us-east-1:123456789012:function:pre", kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" });
    expect((pool.clients as Record<string, unknown>[])[0]!.refreshTokenRotation).toEqual({ enabled: true, retryGracePeriod: "10s" });
    expect(pool).not.toHaveProperty("domain");
    expect(pool.attributes).toEqual({ required: [], custom: [expect.objectContaining({ name: "tenant" })] });
    expect((pool.clients as Record<string, unknown>[])[0]!.oauth).toEqual({ enabled: false, callbackUrls: ["https://app.example.com/cb"], logoutUrls: [] });
    expect((pool.users as { attributes: Record<string, string> }[]).map((u) => u.attributes)).toEqual([{ email: "a@example.com" }, {}]);
  });

  it("a pool with only what the file holds leaves nothing out", () => {
    const plain = input();
    plain.pool.raw = { Id: POOL_ID, Name: "Exported", Policies: { PasswordPolicy: { MinimumLength: 8 } }, LambdaConfig: {}, UserPoolAddOns: { AdvancedSecurityMode: "OFF" } };
    plain.pool.children.domain = [];
    plain.pool.children.client = [{ ClientId: "c2", ClientName: "plain", AllowedOAuthFlowsUserPoolClient: false, EnablePropagateAdditionalUserContextData: false }];
    plain.pool.children.user = [];
    expect(exportPoolYaml(plain).leftOut).toEqual([]);
  });
});
