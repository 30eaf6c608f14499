// SetUserPoolMfaConfig / GetUserPoolMfaConfig with email MFA (EmailMfaConfiguration) and passkey
// (WebAuthnConfiguration) settings, next to the SMS and TOTP settings moto already had. The request
// is the pool's whole MFA and passkey configuration: what it leaves out is removed, and
// MfaConfiguration left out is OFF (see moto_ext.py for why).
import { randomUUID } from "node:crypto";
import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { idpClient } from "../helpers/cli.js";
import { describe, expect, inject, it } from "vitest";

const idp = idpClient(inject("emulatorUrl"));

/** A value the SDK's types do not allow, sent to see the emulator refuse it. */
const notInModel = (value: unknown): never => value as never;
const EMAIL = { Message: "Your sign-in code is {####}", Subject: "Your code" };
const PASSKEYS = { RelyingPartyId: "auth.example.com", UserVerification: "required", FactorConfiguration: "MULTI_FACTOR_WITH_USER_VERIFICATION" } as const;
const SMS = { SmsAuthenticationMessage: "Code {####}", SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sms", ExternalId: "ext" } };

async function newPool(prefix: string): Promise<string> {
  const created = await idp.send(new CreateUserPoolCommand({ PoolName: `${prefix}-${randomUUID().slice(0, 8)}` }));
  return created.UserPool!.Id!;
}

async function mfaOf(userPoolId: string) {
  const { $metadata: _metadata, ...config } = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: userPoolId }));
  return config;
}

describe("SetUserPoolMfaConfig and GetUserPoolMfaConfig", () => {
  it("a new pool has MFA off and no factor settings", async () => {
    const poolId = await newPool("mfa-new");
    expect(await mfaOf(poolId)).toEqual({ MfaConfiguration: "OFF" });
  });

  it("stores and returns EmailMfaConfiguration and WebAuthnConfiguration with TOTP, and answers the Set with the same", async () => {
    const poolId = await newPool("mfa-all");
    const { $metadata: _metadata, ...answer } = await idp.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
        EmailMfaConfiguration: EMAIL,
        WebAuthnConfiguration: PASSKEYS,
      }),
    );
    const expected = {
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: EMAIL,
      WebAuthnConfiguration: PASSKEYS,
    };
    expect(answer).toEqual(expected);
    expect(await mfaOf(poolId)).toEqual(expected);
    const pool = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(pool.UserPool?.MfaConfiguration).toBe("OPTIONAL");
  });

  it("accepts WebAuthnConfiguration without MfaConfiguration (MFA is then OFF)", async () => {
    const poolId = await newPool("mfa-passkey-only");
    await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, WebAuthnConfiguration: { RelyingPartyId: "login.example.com", UserVerification: "preferred" } }));
    expect(await mfaOf(poolId)).toEqual({
      MfaConfiguration: "OFF",
      WebAuthnConfiguration: { RelyingPartyId: "login.example.com", UserVerification: "preferred" },
    });
  });

  it("email MFA alone is a second factor MFA can be ON with", async () => {
    const poolId = await newPool("mfa-email-on");
    await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "ON", EmailMfaConfiguration: { Message: "Code: {####}" } }));
    expect(await mfaOf(poolId)).toEqual({ MfaConfiguration: "ON", EmailMfaConfiguration: { Message: "Code: {####}" } });
  });

  it("removes the settings a later request leaves out, and sets MFA OFF when it leaves out the mode", async () => {
    const poolId = await newPool("mfa-reset");
    await idp.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "ON",
        SoftwareTokenMfaConfiguration: { Enabled: true },
        EmailMfaConfiguration: EMAIL,
        WebAuthnConfiguration: PASSKEYS,
      }),
    );
    await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } }));
    expect(await mfaOf(poolId)).toEqual({ MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } });

    await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, EmailMfaConfiguration: EMAIL }));
    expect(await mfaOf(poolId)).toEqual({ MfaConfiguration: "OFF", EmailMfaConfiguration: EMAIL });
  });

  it("keeps the SMS and TOTP settings working as before", async () => {
    const poolId = await newPool("mfa-sms");
    await idp.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "ON", SmsMfaConfiguration: SMS, SoftwareTokenMfaConfiguration: { Enabled: false } }),
    );
    expect(await mfaOf(poolId)).toEqual({ MfaConfiguration: "ON", SmsMfaConfiguration: SMS, SoftwareTokenMfaConfiguration: { Enabled: false } });
  });

  it("UpdateUserPool keeps the email MFA and passkey settings, which its request cannot carry", async () => {
    const poolId = await newPool("mfa-update");
    await idp.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: "OPTIONAL",
        SoftwareTokenMfaConfiguration: { Enabled: true },
        EmailMfaConfiguration: EMAIL,
        WebAuthnConfiguration: PASSKEYS,
      }),
    );
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", DeletionProtection: "INACTIVE" }));
    expect(await mfaOf(poolId)).toEqual({
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: EMAIL,
      WebAuthnConfiguration: PASSKEYS,
    });
  });

  it("refuses MFA ON or OPTIONAL without a second factor, and an SMS factor without its SMS configuration", async () => {
    const poolId = await newPool("mfa-no-factor");
    await expect(idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "ON", WebAuthnConfiguration: PASSKEYS }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    await expect(
      idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", SmsMfaConfiguration: { SmsAuthenticationMessage: "Code {####}" } })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    expect(await mfaOf(poolId)).toEqual({ MfaConfiguration: "OFF" });
  });

  it("checks the members against the service model: UserVerification, FactorConfiguration, RelyingPartyId, the email message", async () => {
    const poolId = await newPool("mfa-invalid");
    const refused = [
      { WebAuthnConfiguration: { UserVerification: notInModel("discouraged") } },
      { WebAuthnConfiguration: { FactorConfiguration: notInModel("TWO_FACTOR") } },
      { WebAuthnConfiguration: { RelyingPartyId: "x".repeat(128) } },
      { EmailMfaConfiguration: { Message: "There is no code in this message" } },
      { EmailMfaConfiguration: { Message: `{####}${"x".repeat(20000)}` } },
    ];
    for (const request of refused) {
      await expect(idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...request }))).rejects.toMatchObject({
        name: "InvalidParameterException",
        message: expect.stringMatching(/validation error/),
      });
    }
    await expect(idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: notInModel("MAYBE") }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    expect(await mfaOf(poolId)).toEqual({ MfaConfiguration: "OFF" });
  });

  it("answers ResourceNotFoundException for a pool that does not exist", async () => {
    const missing = "us-east-1_doesNotExist0";
    await expect(idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: missing }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: missing, WebAuthnConfiguration: PASSKEYS }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });
});
