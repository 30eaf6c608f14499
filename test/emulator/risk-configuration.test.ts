// SetRiskConfiguration / DescribeRiskConfiguration for a user pool and for an app client, as the
// AWS API reference describes them: a client without its own configuration is described with the
// pool's; a request with no configuration returns the pool to defaults or the client to the pool's.
import { randomUUID } from "node:crypto";
import {
  type AccountTakeoverRiskConfigurationType,
  type CompromisedCredentialsRiskConfigurationType,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeRiskConfigurationCommand,
  SetRiskConfigurationCommand,
  type RiskConfigurationType,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient } from "../helpers/cli.js";

const idp = idpClient(inject("emulatorUrl"));

const COMPROMISED: CompromisedCredentialsRiskConfigurationType = { EventFilter: ["SIGN_IN", "PASSWORD_CHANGE"], Actions: { EventAction: "BLOCK" } };
const TAKEOVER: AccountTakeoverRiskConfigurationType = {
  NotifyConfiguration: {
    From: "security@example.com",
    SourceArn: "arn:aws:ses:us-east-1:123456789012:identity/example.com",
    BlockEmail: { Subject: "Blocked sign-in", TextBody: "We blocked a sign-in attempt." },
  },
  Actions: {
    LowAction: { Notify: false, EventAction: "NO_ACTION" },
    MediumAction: { Notify: true, EventAction: "MFA_IF_CONFIGURED" },
    HighAction: { Notify: true, EventAction: "BLOCK" },
  },
};
/** A value the SDK's types do not allow, sent to see the emulator refuse it. */
const notInModel = (value: unknown): never => value as never;
const EXCEPTIONS = { BlockedIPRangeList: ["198.51.100.0/24"], SkippedIPRangeList: ["192.0.2.10/32", "203.0.113.0/24"] };

/** Threat protection needs the Plus plan. */
async function plusPool(prefix: string): Promise<string> {
  const created = await idp.send(
    new CreateUserPoolCommand({ PoolName: `${prefix}-${randomUUID().slice(0, 8)}`, UserPoolTier: "PLUS", UserPoolAddOns: { AdvancedSecurityMode: "ENFORCED" } }),
  );
  return created.UserPool!.Id!;
}

async function newClient(userPoolId: string, name: string): Promise<string> {
  const created = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: name }));
  return created.UserPoolClient!.ClientId!;
}

async function riskOf(userPoolId: string, clientId?: string): Promise<RiskConfigurationType> {
  const { RiskConfiguration } = await idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: userPoolId, ...(clientId ? { ClientId: clientId } : {}) }));
  return RiskConfiguration!;
}

describe("SetRiskConfiguration and DescribeRiskConfiguration", () => {
  let poolId: string;
  let ownClient: string;
  let inheritingClient: string;

  beforeAll(async () => {
    poolId = await plusPool("risk");
    ownClient = await newClient(poolId, "own");
    inheritingClient = await newClient(poolId, "inherits");
  });

  it("a pool with none set is described with its id alone, and so is a client of it", async () => {
    const fresh = await plusPool("risk-fresh");
    const client = await newClient(fresh, "web");
    expect(await riskOf(fresh)).toEqual({ UserPoolId: fresh });
    expect(await riskOf(fresh, client)).toEqual({ UserPoolId: fresh });
  });

  it("stores the pool's configuration and describes it with UserPoolId and LastModifiedDate", async () => {
    const before = Date.now();
    const { RiskConfiguration: answer } = await idp.send(
      new SetRiskConfigurationCommand({
        UserPoolId: poolId,
        CompromisedCredentialsRiskConfiguration: COMPROMISED,
        AccountTakeoverRiskConfiguration: TAKEOVER,
        RiskExceptionConfiguration: EXCEPTIONS,
      }),
    );
    const expected = {
      UserPoolId: poolId,
      CompromisedCredentialsRiskConfiguration: COMPROMISED,
      AccountTakeoverRiskConfiguration: TAKEOVER,
      RiskExceptionConfiguration: EXCEPTIONS,
      LastModifiedDate: expect.any(Date),
    };
    expect(answer).toEqual(expected);
    const described = await riskOf(poolId);
    expect(described).toEqual(expected);
    expect(described.ClientId).toBeUndefined();
    expect(described.LastModifiedDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it("stores a client's own configuration, described with ClientId; the pool's stays as it was", async () => {
    await idp.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: ownClient, RiskExceptionConfiguration: { SkippedIPRangeList: ["203.0.113.0/24"] } }));
    expect(await riskOf(poolId, ownClient)).toEqual({
      UserPoolId: poolId,
      ClientId: ownClient,
      RiskExceptionConfiguration: { SkippedIPRangeList: ["203.0.113.0/24"] },
      LastModifiedDate: expect.any(Date),
    });
    expect((await riskOf(poolId)).CompromisedCredentialsRiskConfiguration).toEqual(COMPROMISED);
  });

  it("describes a client without its own configuration with the pool's, without ClientId", async () => {
    const pools = await riskOf(poolId);
    expect(await riskOf(poolId, inheritingClient)).toEqual(pools);
  });

  it("a Set replaces the whole configuration: what it leaves out is removed", async () => {
    const pool = await plusPool("risk-replace");
    await idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool, CompromisedCredentialsRiskConfiguration: COMPROMISED, RiskExceptionConfiguration: EXCEPTIONS }));
    await idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool, RiskExceptionConfiguration: { BlockedIPRangeList: ["10.0.0.0/8"] } }));
    expect(await riskOf(pool)).toEqual({ UserPoolId: pool, RiskExceptionConfiguration: { BlockedIPRangeList: ["10.0.0.0/8"] }, LastModifiedDate: expect.any(Date) });
  });

  it("UserPoolId and ClientId alone return the client to the pool's configuration; UserPoolId alone returns the pool to defaults", async () => {
    const pool = await plusPool("risk-reset");
    const client = await newClient(pool, "web");
    await idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool, CompromisedCredentialsRiskConfiguration: COMPROMISED }));
    await idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool, ClientId: client, RiskExceptionConfiguration: EXCEPTIONS }));

    const { RiskConfiguration: answer } = await idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool, ClientId: client }));
    expect(answer).toEqual({ UserPoolId: pool, ClientId: client });
    expect(await riskOf(pool, client)).toEqual(await riskOf(pool));
    expect((await riskOf(pool, client)).CompromisedCredentialsRiskConfiguration).toEqual(COMPROMISED);

    await idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool }));
    expect(await riskOf(pool)).toEqual({ UserPoolId: pool });
    expect(await riskOf(pool, client)).toEqual({ UserPoolId: pool });
  });

  it("answers ResourceNotFoundException for a pool or a client that does not exist", async () => {
    const missingPool = "us-east-1_doesNotExist0";
    await expect(idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: missingPool }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(idp.send(new SetRiskConfigurationCommand({ UserPoolId: missingPool, CompromisedCredentialsRiskConfiguration: COMPROMISED }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: "doesnotexist0000" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(
      idp.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: "doesnotexist0000", CompromisedCredentialsRiskConfiguration: COMPROMISED })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("refuses a configuration the service model does not allow, and keeps the one stored", async () => {
    const pool = await plusPool("risk-invalid");
    await idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool, RiskExceptionConfiguration: EXCEPTIONS }));
    const refused = [
      { CompromisedCredentialsRiskConfiguration: { Actions: notInModel({}) } },
      { CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: notInModel("ALLOW") } } },
      { CompromisedCredentialsRiskConfiguration: { EventFilter: [notInModel("SIGN_OUT")], Actions: { EventAction: "BLOCK" as const } } },
      { AccountTakeoverRiskConfiguration: { Actions: { HighAction: { Notify: true, EventAction: notInModel("DENY") } } } },
      { AccountTakeoverRiskConfiguration: { Actions: {}, NotifyConfiguration: notInModel({}) } },
      { RiskExceptionConfiguration: { BlockedIPRangeList: ["not-an-ip-range"] } },
      { RiskExceptionConfiguration: { SkippedIPRangeList: Array.from({ length: 201 }, (_, i) => `10.0.${i}.0/24`) } },
    ];
    for (const request of refused) {
      await expect(idp.send(new SetRiskConfigurationCommand({ UserPoolId: pool, ...request }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    }
    expect(await riskOf(pool)).toEqual({ UserPoolId: pool, RiskExceptionConfiguration: EXCEPTIONS, LastModifiedDate: expect.any(Date) });
  });
});
