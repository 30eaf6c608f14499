// What SetLogDeliveryConfiguration is sent, pinned with a faked SDK: always the whole list (AWS
// keeps nothing it is not sent), only when something differs, and no read of it when the file
// leaves logDelivery out.
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  GetLogDeliveryConfigurationCommand,
  type GetLogDeliveryConfigurationRequest,
  GetUserPoolMfaConfigCommand,
  ListUserPoolsCommand,
  type LogConfigurationType,
  SetLogDeliveryConfigurationCommand,
  type SetLogDeliveryConfigurationRequest,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, ListIdentityPoolsCommand } from "@aws-sdk/client-cognito-identity";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyCommand, planCommand } from "../../src/cli/commands.js";
import { captureOutput, commonFlags, silentLogger } from "../helpers/in-process.js";
import { tempDir } from "../helpers/temp-files.js";

const POOL_ID = "us-east-1_Logs1";
const CREATED = new Date("2026-01-01T00:00:00Z");
const LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/myapp";
const BUCKET = "arn:aws:s3:::myapp-cognito-logs";
const STREAM = "arn:aws:firehose:us-east-1:123456789012:deliverystream/cognito-activity";

const livePool: UserPoolType = {
  Id: POOL_ID,
  Name: "Logged",
  CreationDate: CREATED,
  LastModifiedDate: CREATED,
  DeletionProtection: "ACTIVE",
  UserPoolTier: "PLUS",
  UserPoolTags: { "cognito-reconcile:stack": "log-stack" },
};

const NOTIFICATION: LogConfigurationType = { EventSource: "userNotification", LogLevel: "ERROR", CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } };
const ACTIVITY: LogConfigurationType = { EventSource: "userAuthEvents", LogLevel: "INFO", S3Configuration: { BucketArn: BUCKET } };
const BLOCK = [
  "    logDelivery:",
  `      - { eventSource: userNotification, logLevel: ERROR, cloudWatchLogGroupArn: "${LOG_GROUP}" }`,
  `      - { eventSource: userAuthEvents, logLevel: INFO, s3BucketArn: "${BUCKET}" }`,
];

const idp = mockClient(CognitoIdentityProviderClient);
const identity = mockClient(CognitoIdentityClient);
/** The pool's configuration as AWS keeps it: what the last Set sent, or undefined for a pool never configured. */
let live: LogConfigurationType[] | undefined;

/** A stateful fake of the log delivery API, as the API reference describes it: a Set replaces the whole list. */
function wireFake(configurations: LogConfigurationType[] | undefined) {
  live = structuredClone(configurations);
  idp.on(ListUserPoolsCommand).resolves({ UserPools: [{ Id: POOL_ID, Name: "Logged" }] });
  idp.on(DescribeUserPoolCommand).resolves({ UserPool: livePool });
  idp.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "OFF" });
  idp.on(GetLogDeliveryConfigurationCommand).callsFake((input: GetLogDeliveryConfigurationRequest) => ({
    LogDeliveryConfiguration: live === undefined ? undefined : { UserPoolId: input.UserPoolId, LogConfigurations: structuredClone(live) },
  }));
  idp.on(SetLogDeliveryConfigurationCommand).callsFake((input: SetLogDeliveryConfigurationRequest) => {
    live = structuredClone(input.LogConfigurations);
    return { LogDeliveryConfiguration: input };
  });
  identity.on(ListIdentityPoolsCommand).resolves({ IdentityPools: [] });
}

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  idp.reset();
  identity.reset();
});
afterEach(() => {
  idp.reset();
  identity.reset();
});

const dir = tempDir();
const file = (lines: string[]) =>
  dir.write(`logs-${Math.random().toString(36).slice(2)}.yaml`, ["version: 1", "stack: log-stack", "region: us-east-1", "userPools:", "  - name: Logged", "    featurePlan: PLUS", ...lines, ""].join("\n"));

const sent = () => idp.commandCalls(SetLogDeliveryConfigurationCommand).map((call) => call.args[0].input);

async function apply(lines: string[]): Promise<string> {
  const io = captureOutput();
  expect(await applyCommand({ ...commonFlags, files: [file(lines)], autoApprove: true }, io, silentLogger), io.stderr()).toBe(0);
  return io.stdout();
}

describe("the pool's log delivery", () => {
  it("a pool that delivers nothing gets the whole list in one request", async () => {
    wireFake(undefined);
    const out = await apply(BLOCK);
    expect(out).toContain("+ userPool.Logged/logDelivery.pool");
    expect(sent()).toEqual([{ UserPoolId: POOL_ID, LogConfigurations: [NOTIFICATION, ACTIVITY] }]);
  });

  it("a destination moved to another type sends the whole list, the unchanged entry included", async () => {
    wireFake([NOTIFICATION, ACTIVITY]);
    const out = await apply([BLOCK[0]!, BLOCK[1]!, `      - { eventSource: userAuthEvents, logLevel: INFO, firehoseStreamArn: "${STREAM}" }`]);
    expect(out).toContain("userAuthEvents.firehoseStreamArn");
    expect(out).toContain("userAuthEvents.s3BucketArn");
    expect(sent()).toEqual([
      { UserPoolId: POOL_ID, LogConfigurations: [NOTIFICATION, { EventSource: "userAuthEvents", LogLevel: "INFO", FirehoseConfiguration: { StreamArn: STREAM } }] },
    ]);
  });

  it("an entry left out of the list is removed: the request leaves it out", async () => {
    wireFake([NOTIFICATION, ACTIVITY]);
    await apply(BLOCK.slice(0, 2));
    expect(sent()).toEqual([{ UserPoolId: POOL_ID, LogConfigurations: [NOTIFICATION] }]);
  });

  it("[] clears it with an empty list; the block left out is neither read nor changed", async () => {
    wireFake([NOTIFICATION, ACTIVITY]);
    const out = await apply(["    logDelivery: []"]);
    expect(out).toContain("- userPool.Logged/logDelivery.pool");
    expect(sent()).toEqual([{ UserPoolId: POOL_ID, LogConfigurations: [] }]);

    idp.resetHistory();
    wireFake([NOTIFICATION, ACTIVITY]);
    await apply(["    deletionProtection: true"]);
    expect(sent()).toEqual([]);
    expect(idp.commandCalls(GetLogDeliveryConfigurationCommand)).toHaveLength(0);
  });

  it("in sync, nothing is sent, whatever order the file lists the entries in", async () => {
    wireFake([ACTIVITY, NOTIFICATION]);
    const io = captureOutput();
    expect(await planCommand({ ...commonFlags, files: [file(BLOCK)], format: "text", detailedExitcode: true }, io, silentLogger)).toBe(0);
    await apply([BLOCK[0]!, BLOCK[2]!, BLOCK[1]!]);
    expect(sent()).toEqual([]);
  });

  it("an entry's ignored destination is sent as it is live, whatever its type", async () => {
    wireFake([NOTIFICATION, { EventSource: "userAuthEvents", LogLevel: "INFO", FirehoseConfiguration: { StreamArn: STREAM } }]);
    await apply([
      "    logDelivery:",
      `      - { eventSource: userNotification, logLevel: ERROR, cloudWatchLogGroupArn: "${LOG_GROUP.replace("myapp", "other")}" }`,
      `      - { eventSource: userAuthEvents, logLevel: INFO, s3BucketArn: "${BUCKET}", ignoreChanges: [s3BucketArn] }`,
    ]);
    expect(sent()).toEqual([
      {
        UserPoolId: POOL_ID,
        LogConfigurations: [
          { EventSource: "userNotification", LogLevel: "ERROR", CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP.replace("myapp", "other") } },
          { EventSource: "userAuthEvents", LogLevel: "INFO", FirehoseConfiguration: { StreamArn: STREAM } },
        ],
      },
    ]);
  });
});
