// SetLogDeliveryConfiguration / GetLogDeliveryConfiguration as the AWS API reference describes them:
// the request's list is the whole configuration; userNotification sends ERROR logs to CloudWatch
// Logs, userAuthEvents sends INFO logs to CloudWatch Logs, S3 or Firehose and needs the Plus plan;
// one configuration per event source, each with one destination.
import { randomUUID } from "node:crypto";
import {
  CreateUserPoolCommand,
  GetLogDeliveryConfigurationCommand,
  type LogConfigurationType,
  SetLogDeliveryConfigurationCommand,
  type UserPoolTierType,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient } from "../helpers/cli.js";

const idp = idpClient(inject("emulatorUrl"));

const LOG_GROUP = { LogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vendedlogs/cognito" };
const BUCKET = { BucketArn: "arn:aws:s3:::cognito-user-activity" };
const STREAM = { StreamArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/cognito-activity" };
const NOTIFICATIONS: LogConfigurationType = { LogLevel: "ERROR", EventSource: "userNotification", CloudWatchLogsConfiguration: LOG_GROUP };
const ACTIVITY_TO_S3: LogConfigurationType = { LogLevel: "INFO", EventSource: "userAuthEvents", S3Configuration: BUCKET };

async function newPool(tier?: UserPoolTierType): Promise<string> {
  return (await idp.send(new CreateUserPoolCommand({ PoolName: `logs-${randomUUID().slice(0, 8)}`, ...(tier ? { UserPoolTier: tier } : {}) }))).UserPool!.Id!;
}

async function configurationOf(poolId: string): Promise<LogConfigurationType[]> {
  const { LogDeliveryConfiguration } = await idp.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }));
  expect(LogDeliveryConfiguration!.UserPoolId).toBe(poolId);
  return LogDeliveryConfiguration!.LogConfigurations!;
}

function set(poolId: string, configurations: LogConfigurationType[]) {
  return idp.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: configurations }));
}

describe("SetLogDeliveryConfiguration and GetLogDeliveryConfiguration", () => {
  let plusPool: string;

  beforeAll(async () => {
    plusPool = await newPool("PLUS");
  });

  it("a pool never configured answers its id and an empty list", async () => {
    const pool = await newPool();
    const { LogDeliveryConfiguration } = await idp.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: pool }));
    expect(LogDeliveryConfiguration).toEqual({ UserPoolId: pool, LogConfigurations: [] });
  });

  it("exports message-delivery errors to CloudWatch Logs on the default (Essentials) plan and on Lite", async () => {
    for (const tier of [undefined, "LITE" as const]) {
      const pool = await newPool(tier);
      const { LogDeliveryConfiguration } = await set(pool, [NOTIFICATIONS]);
      expect(LogDeliveryConfiguration).toEqual({ UserPoolId: pool, LogConfigurations: [NOTIFICATIONS] });
      expect(await configurationOf(pool)).toEqual([NOTIFICATIONS]);
    }
  });

  it("exports user activity (userAuthEvents, INFO) to each of CloudWatch Logs, S3 and Firehose on the Plus plan", async () => {
    for (const destination of [{ CloudWatchLogsConfiguration: LOG_GROUP }, { S3Configuration: BUCKET }, { FirehoseConfiguration: STREAM }]) {
      const activity: LogConfigurationType = { LogLevel: "INFO", EventSource: "userAuthEvents", ...destination };
      const { LogDeliveryConfiguration } = await set(plusPool, [NOTIFICATIONS, activity]);
      expect(LogDeliveryConfiguration).toEqual({ UserPoolId: plusPool, LogConfigurations: [NOTIFICATIONS, activity] });
      expect(await configurationOf(plusPool)).toEqual([NOTIFICATIONS, activity]);
    }
  });

  it("the request's list is the whole configuration: what it leaves out is removed, an empty list removes all", async () => {
    const pool = await newPool("PLUS");
    await set(pool, [NOTIFICATIONS, ACTIVITY_TO_S3]);
    await set(pool, [ACTIVITY_TO_S3]);
    expect(await configurationOf(pool)).toEqual([ACTIVITY_TO_S3]);
    const { LogDeliveryConfiguration } = await set(pool, []);
    expect(LogDeliveryConfiguration).toEqual({ UserPoolId: pool, LogConfigurations: [] });
    expect(await configurationOf(pool)).toEqual([]);
  });

  it("user-activity logs need the Plus plan: FeatureUnavailableInTierException on Essentials and Lite", async () => {
    for (const tier of ["ESSENTIALS", "LITE"] as const) {
      const pool = await newPool(tier);
      await set(pool, [NOTIFICATIONS]);
      for (const activity of [ACTIVITY_TO_S3, { LogLevel: "INFO" as const, EventSource: "userAuthEvents" as const, CloudWatchLogsConfiguration: LOG_GROUP }]) {
        await expect(set(pool, [activity])).rejects.toMatchObject({ name: "FeatureUnavailableInTierException" });
      }
      expect(await configurationOf(pool)).toEqual([NOTIFICATIONS]);
    }
  });

  it("refuses a level or destination its event source does not allow, two destinations, none, or two configurations of one source", async () => {
    const pool = await newPool("PLUS");
    await set(pool, [NOTIFICATIONS]);
    const refused: LogConfigurationType[][] = [
      [{ ...NOTIFICATIONS, LogLevel: "INFO" }],
      [{ LogLevel: "ERROR", EventSource: "userNotification", S3Configuration: BUCKET }],
      [{ LogLevel: "ERROR", EventSource: "userNotification", FirehoseConfiguration: STREAM }],
      [{ ...ACTIVITY_TO_S3, LogLevel: "ERROR" }],
      [{ ...ACTIVITY_TO_S3, FirehoseConfiguration: STREAM }],
      [{ LogLevel: "INFO", EventSource: "userAuthEvents" }],
      [{ LogLevel: "INFO", EventSource: "userAuthEvents", CloudWatchLogsConfiguration: {} }],
      [NOTIFICATIONS, { ...NOTIFICATIONS, CloudWatchLogsConfiguration: { LogGroupArn: `${LOG_GROUP.LogGroupArn}-2` } }],
      [ACTIVITY_TO_S3, { LogLevel: "INFO", EventSource: "userAuthEvents", FirehoseConfiguration: STREAM }],
    ];
    for (const configurations of refused) {
      await expect(set(pool, configurations)).rejects.toMatchObject({ name: "InvalidParameterException" });
    }
    expect(await configurationOf(pool)).toEqual([NOTIFICATIONS]);
  });

  it("refuses more than two configurations (the service model's limit)", async () => {
    await expect(set(plusPool, [NOTIFICATIONS, ACTIVITY_TO_S3, NOTIFICATIONS])).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("answers ResourceNotFoundException for a pool that does not exist", async () => {
    await expect(set("us-east-1_doesNotExist0", [NOTIFICATIONS])).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(idp.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: "us-east-1_doesNotExist0" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
