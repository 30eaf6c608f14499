// UpdateUserPool keeps what its request cannot carry (sign-in options, schema, domain, MFA
// factor settings) and resets everything else, as the AWS API reference describes.
import { randomUUID } from "node:crypto";
import {
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  SetUserPoolMfaConfigCommand,
  UpdateUserPoolCommand,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { idpClient } from "../helpers/cli.js";
import { describe, expect, inject, it } from "vitest";

const idp = idpClient(inject("emulatorUrl"));

const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

async function describePool(userPoolId: string): Promise<UserPoolType> {
  const { UserPool } = await idp.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
  if (!UserPool) throw new Error("DescribeUserPool returned no UserPool");
  return UserPool;
}

async function enableTotp(userPoolId: string): Promise<void> {
  await idp.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: userPoolId,
      MfaConfiguration: "OPTIONAL",
      SoftwareTokenMfaConfiguration: { Enabled: true },
    }),
  );
}

describe("UpdateUserPool", () => {
  it("keeps username attributes, username configuration, custom schema, domain and TOTP, and resets the rest", async () => {
    const created = await idp.send(
      new CreateUserPoolCommand({
        PoolName: uniqueName("update-keeps"),
        UsernameAttributes: ["email"],
        UsernameConfiguration: { CaseSensitive: false },
        Schema: [{ Name: "tenant", AttributeDataType: "String", Mutable: true }],
        Policies: { PasswordPolicy: { MinimumLength: 12 } },
        AutoVerifiedAttributes: ["email"],
      }),
    );
    const poolId = created.UserPool!.Id!;
    const domain = uniqueName("update-keeps");
    await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
    await enableTotp(poolId);

    await idp.send(new UpdateUserPoolCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL" }));

    const pool = await describePool(poolId);
    expect(pool.UsernameAttributes).toEqual(["email"]);
    expect(pool.UsernameConfiguration).toEqual({ CaseSensitive: false });
    expect(pool.SchemaAttributes).toContainEqual(
      expect.objectContaining({ Name: "custom:tenant", AttributeDataType: "String", Mutable: true }),
    );
    expect(pool.Domain).toBe(domain);
    expect(pool.MfaConfiguration).toBe("OPTIONAL");
    // Settings the request could have carried but did not are back to their defaults.
    expect(pool.Policies?.PasswordPolicy?.MinimumLength).toBe(8);
    expect(pool.AutoVerifiedAttributes).toBeUndefined();

    const mfa = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    expect(mfa.MfaConfiguration).toBe("OPTIONAL");
    expect(mfa.SoftwareTokenMfaConfiguration).toEqual({ Enabled: true });
  });

  it("keeps alias attributes and the standard schema", async () => {
    const created = await idp.send(
      new CreateUserPoolCommand({ PoolName: uniqueName("update-alias"), AliasAttributes: ["email", "preferred_username"] }),
    );
    const poolId = created.UserPool!.Id!;
    const schemaBefore = (await describePool(poolId)).SchemaAttributes?.map((a) => a.Name);
    expect(schemaBefore).toEqual(expect.arrayContaining(["sub", "email", "preferred_username"]));

    await idp.send(new UpdateUserPoolCommand({ UserPoolId: poolId }));

    const pool = await describePool(poolId);
    expect(pool.AliasAttributes).toEqual(["email", "preferred_username"]);
    expect(pool.SchemaAttributes?.map((a) => a.Name)).toEqual(schemaBefore);
  });

  it("takes the MFA mode from the request (OFF when omitted) and keeps software token enablement", async () => {
    const created = await idp.send(new CreateUserPoolCommand({ PoolName: uniqueName("update-mfa") }));
    const poolId = created.UserPool!.Id!;
    await enableTotp(poolId);
    expect((await describePool(poolId)).MfaConfiguration).toBe("OPTIONAL");

    await idp.send(new UpdateUserPoolCommand({ UserPoolId: poolId }));
    const afterOmitted = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    expect(afterOmitted.MfaConfiguration).toBe("OFF");
    expect(afterOmitted.SoftwareTokenMfaConfiguration).toEqual({ Enabled: true });
    expect((await describePool(poolId)).MfaConfiguration).toBe("OFF");

    await idp.send(new UpdateUserPoolCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL" }));
    const afterOptional = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    expect(afterOptional.MfaConfiguration).toBe("OPTIONAL");
    expect(afterOptional.SoftwareTokenMfaConfiguration).toEqual({ Enabled: true });
  });

  it("renames the pool in place when the request carries PoolName, and keeps the name otherwise", async () => {
    const name = uniqueName("rename-before");
    const poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: name }))).UserPool!.Id!;
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: poolId }));
    expect((await describePool(poolId)).Name).toBe(name);
    const renamed = uniqueName("rename-after");
    await idp.send(new UpdateUserPoolCommand({ UserPoolId: poolId, PoolName: renamed }));
    expect((await describePool(poolId)).Name).toBe(renamed);
    expect((await describePool(poolId)).Id).toBe(poolId);
  });
});
