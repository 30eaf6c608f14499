// Feature plans (UserPoolTier): a setting that needs a higher plan than the pool's is refused with
// FeatureUnavailableInTierException, as the Cognito developer guide and API reference describe.
// A pool created without UserPoolTier is on Essentials; UpdateUserPool without it keeps the plan.
import { randomUUID } from "node:crypto";
import {
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  DescribeRiskConfigurationCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  SetRiskConfigurationCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { idpClient } from "../helpers/cli.js";
import { describe, expect, inject, it } from "vitest";

const idp = idpClient(inject("emulatorUrl"));

const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;
const EMAIL = { Message: "Your code is {####}", Subject: "Sign-in code" };
const PASSKEYS = { RelyingPartyId: "auth.example.com", UserVerification: "preferred" } as const;
const BLOCK_COMPROMISED = { Actions: { EventAction: "BLOCK" } } as const;

async function newPool(input: Omit<CreateUserPoolCommandInput, "PoolName"> = {}): Promise<string> {
  const created = await idp.send(new CreateUserPoolCommand({ PoolName: uniqueName("tier"), ...input }));
  return created.UserPool!.Id!;
}

/** The error a refused request gives: exactly FeatureUnavailableInTierException, naming plan and feature. */
const unavailable = (tier: string, feature: RegExp) => ({
  name: "FeatureUnavailableInTierException",
  message: expect.stringMatching(new RegExp(`need to be disabled for the ${tier} pricing tier configured: .*${feature.source}`)),
});

describe("feature plans: CreateUserPool and UpdateUserPool", () => {
  it("threat protection (UserPoolAddOns AUDIT or ENFORCED) needs Plus; a pool without UserPoolTier is on Essentials", async () => {
    for (const AdvancedSecurityMode of ["AUDIT", "ENFORCED"] as const) {
      await expect(idp.send(new CreateUserPoolCommand({ PoolName: uniqueName("tier"), UserPoolAddOns: { AdvancedSecurityMode } }))).rejects.toMatchObject(
        unavailable("ESSENTIALS", /Threat Protection/),
      );
      await expect(
        idp.send(new CreateUserPoolCommand({ PoolName: uniqueName("tier"), UserPoolTier: "LITE", UserPoolAddOns: { AdvancedSecurityMode } })),
      ).rejects.toMatchObject(unavailable("LITE", /Threat Protection/));
    }
    await expect(
      idp.send(
        new CreateUserPoolCommand({
          PoolName: uniqueName("tier"),
          UserPoolTier: "ESSENTIALS",
          UserPoolAddOns: { AdvancedSecurityMode: "OFF", AdvancedSecurityAdditionalFlows: { CustomAuthMode: "AUDIT" } },
        }),
      ),
    ).rejects.toMatchObject(unavailable("ESSENTIALS", /Threat Protection/));

    const plus = await newPool({ UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } });
    const described = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: plus }))).UserPool!;
    expect(described.UserPoolTier).toBe("PLUS");
    expect(described.UserPoolAddOns).toEqual({ AdvancedSecurityMode: "ENFORCED" });
    // Threat protection off is allowed on every plan.
    await newPool({ UserPoolTier: "LITE", UserPoolAddOns: { AdvancedSecurityMode: "OFF" } });
  });

  it("sign-in with a first factor other than a password needs Essentials or Plus; password only is allowed on Lite", async () => {
    const signIn = (factors: ("PASSWORD" | "EMAIL_OTP" | "SMS_OTP" | "WEB_AUTHN")[]) => ({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } } });
    await expect(idp.send(new CreateUserPoolCommand({ PoolName: uniqueName("tier"), UserPoolTier: "LITE", ...signIn(["PASSWORD", "EMAIL_OTP"]) }))).rejects.toMatchObject(
      unavailable("LITE", /EMAIL_OTP/),
    );
    await expect(idp.send(new CreateUserPoolCommand({ PoolName: uniqueName("tier"), UserPoolTier: "LITE", ...signIn(["PASSWORD", "WEB_AUTHN"]) }))).rejects.toMatchObject(
      unavailable("LITE", /WEB_AUTHN/),
    );
    await newPool({ UserPoolTier: "LITE", ...signIn(["PASSWORD"]) });
    const essentials = await newPool(signIn(["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"]));
    const lite = await newPool({ UserPoolTier: "LITE" });
    await expect(idp.send(new UpdateUserPoolCommand({ UserPoolId: lite, ...signIn(["PASSWORD", "SMS_OTP"]) }))).rejects.toMatchObject(unavailable("LITE", /SMS_OTP/));
    // The same request that moves the pool to Essentials may turn it on.
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: lite, UserPoolTier: "ESSENTIALS", ...signIn(["PASSWORD", "SMS_OTP"]) }));
    expect((await idp.send(new DescribeUserPoolCommand({ UserPoolId: essentials }))).UserPool!.Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual([
      "PASSWORD",
      "EMAIL_OTP",
      "SMS_OTP",
      "WEB_AUTHN",
    ]);
  });

  it("UpdateUserPool without UserPoolTier keeps the pool's plan; with one it changes it", async () => {
    const plus = await newPool({ UserPoolTier: "PLUS" });
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: plus, DeletionProtection: "INACTIVE" }));
    expect((await idp.send(new DescribeUserPoolCommand({ UserPoolId: plus }))).UserPool!.UserPoolTier).toBe("PLUS");
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: plus, UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } }));

    const lite = await newPool({ UserPoolTier: "LITE" });
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: lite }));
    expect((await idp.send(new DescribeUserPoolCommand({ UserPoolId: lite }))).UserPool!.UserPoolTier).toBe("LITE");
    await expect(idp.send(new UpdateUserPoolCommand({ UserPoolId: lite, UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } }))).rejects.toMatchObject(
      unavailable("LITE", /Threat Protection/),
    );
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: lite, UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } }));
    expect((await idp.send(new DescribeUserPoolCommand({ UserPoolId: lite }))).UserPool!.UserPoolTier).toBe("PLUS");

    // Moving down with threat protection still in the request is refused, and the pool stays as it was.
    await expect(idp.send(new UpdateUserPoolCommand({ UserPoolId: lite, UserPoolTier: "ESSENTIALS", UserPoolAddOns: { AdvancedSecurityMode: "AUDIT" } }))).rejects.toMatchObject(
      unavailable("ESSENTIALS", /Threat Protection/),
    );
    const after = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: lite }))).UserPool!;
    expect(after.UserPoolTier).toBe("PLUS");
    expect(after.UserPoolAddOns).toEqual({ AdvancedSecurityMode: "AUDIT" });
  });

  it("a pool cannot move to Lite while email MFA is on", async () => {
    const pool = await newPool();
    await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool, MfaConfiguration: "OPTIONAL", EmailMfaConfiguration: EMAIL }));
    await expect(idp.send(new UpdateUserPoolCommand({ UserPoolId: pool, UserPoolTier: "LITE", MfaConfiguration: "OPTIONAL" }))).rejects.toMatchObject(
      unavailable("LITE", /Email MFA/),
    );
    await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: pool, UserPoolTier: "LITE", MfaConfiguration: "OPTIONAL" }));
    expect((await idp.send(new DescribeUserPoolCommand({ UserPoolId: pool }))).UserPool!.UserPoolTier).toBe("LITE");
  });

  it("refuses a UserPoolTier outside LITE | ESSENTIALS | PLUS", async () => {
    await expect(idp.send(new CreateUserPoolCommand({ PoolName: uniqueName("tier"), UserPoolTier: "GOLD" as never }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
  });
});

describe("feature plans: SetUserPoolMfaConfig", () => {
  it("email MFA and passkey settings need Essentials or Plus", async () => {
    const lite = await newPool({ UserPoolTier: "LITE" });
    await expect(idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: lite, MfaConfiguration: "OPTIONAL", EmailMfaConfiguration: EMAIL }))).rejects.toMatchObject(
      unavailable("LITE", /Email MFA/),
    );
    await expect(idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: lite, WebAuthnConfiguration: PASSKEYS }))).rejects.toMatchObject(
      unavailable("LITE", /WebAuthn/),
    );
    // TOTP and SMS need no plan above Lite.
    await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: lite, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    const { $metadata: _metadata, ...liteMfa } = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: lite }));
    expect(liteMfa).toEqual({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } });

    for (const tier of [undefined, "ESSENTIALS", "PLUS"] as const) {
      const pool = await newPool(tier ? { UserPoolTier: tier } : {});
      await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: pool, MfaConfiguration: "OPTIONAL", EmailMfaConfiguration: EMAIL, WebAuthnConfiguration: PASSKEYS }));
      const mfa = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: pool }));
      expect(mfa.EmailMfaConfiguration).toEqual(EMAIL);
      expect(mfa.WebAuthnConfiguration).toEqual(PASSKEYS);
    }
  });
});

describe("feature plans: SetRiskConfiguration", () => {
  it("threat protection settings need Plus; a request that sets none is allowed on any plan", async () => {
    for (const tier of ["LITE", "ESSENTIALS"] as const) {
      const pool = await newPool({ UserPoolTier: tier });
      await expect(idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool, CompromisedCredentialsRiskConfiguration: BLOCK_COMPROMISED }))).rejects.toMatchObject(
        unavailable(tier, /Threat Protection/),
      );
      await expect(
        idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool, RiskExceptionConfiguration: { BlockedIPRangeList: ["198.51.100.0/24"] } })),
      ).rejects.toMatchObject(unavailable(tier, /Threat Protection/));
      await idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool }));
      expect((await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool }))).RiskConfiguration).toEqual({ UserPoolId: pool });
    }
    const defaultPlan = await newPool();
    await expect(idp.send(new SetRiskConfigurationCommand({ UserPoolId: defaultPlan, CompromisedCredentialsRiskConfiguration: BLOCK_COMPROMISED }))).rejects.toMatchObject(
      unavailable("ESSENTIALS", /Threat Protection/),
    );
    const plus = await newPool({ UserPoolTier: "PLUS" });
    await idp.send(new SetRiskConfigurationCommand({ UserPoolId: plus, CompromisedCredentialsRiskConfiguration: BLOCK_COMPROMISED }));
    expect((await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: plus }))).RiskConfiguration?.CompromisedCredentialsRiskConfiguration).toEqual(BLOCK_COMPROMISED);
  });
});
