import type { LogDeliveryConfigurationType, SetLogDeliveryConfigurationRequest } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import type { LivePool } from "../../src/core/live-types.js";
import { diffFields } from "../../src/diff/field-diff.js";
import { withIgnoredFromLive } from "../../src/diff/ignore.js";
import { logDeliveryKind } from "../../src/kinds/log-delivery/kind.js";
import {
  ignoredLogDeliveryPaths,
  isNoLogDelivery,
  logDeliveryConfigFromSpec,
  logDeliverySpecFromConfig,
  logDeliverySpecFromLive,
  NO_LOG_DELIVERY,
  setLogDeliveryRequest,
} from "../../src/kinds/log-delivery/model.js";
import { isFieldPath } from "../../src/schema/field-paths.js";
import { logDeliverySchema } from "../../src/schema/log-delivery.js";
import { userPoolSchema } from "../../src/schema/user-pool.js";
import { diagnosticsOf } from "../helpers/diagnostics.js";

const POOL_ID = "us-east-1_Logs1";
const LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/myapp";
const BUCKET = "arn:aws:s3:::myapp-cognito-logs";
const STREAM = "arn:aws:firehose:us-east-1:123456789012:deliverystream/cognito-activity";

/** Both event sources, to one log group. */
const FULL = [
  { eventSource: "userAuthEvents", logLevel: "INFO", cloudWatchLogGroupArn: LOG_GROUP },
  { eventSource: "userNotification", logLevel: "ERROR", cloudWatchLogGroupArn: LOG_GROUP },
];

const parse = (list: unknown) => logDeliverySchema.parse(list);
const specOf = (list: unknown) => logDeliverySpecFromConfig(parse(list));

/** What GetLogDeliveryConfiguration answers after a SetLogDeliveryConfiguration request (AWS's and the emulator's echo). */
const describedAfter = (request: SetLogDeliveryConfigurationRequest): LogDeliveryConfigurationType => structuredClone({ UserPoolId: request.UserPoolId, LogConfigurations: request.LogConfigurations });

describe("logDeliverySpecFromConfig", () => {
  it("keys the list by event source; a source without an entry is null", () => {
    expect(specOf(FULL)).toEqual({
      userAuthEvents: { logLevel: "INFO", cloudWatchLogGroupArn: LOG_GROUP },
      userNotification: { logLevel: "ERROR", cloudWatchLogGroupArn: LOG_GROUP },
    });
    expect(specOf([{ eventSource: "userAuthEvents", logLevel: "INFO", s3BucketArn: BUCKET }])).toEqual({
      userNotification: null,
      userAuthEvents: { logLevel: "INFO", s3BucketArn: BUCKET },
    });
  });

  it("reads [] as no delivery; the order of the list does not count", () => {
    expect(specOf([])).toEqual(NO_LOG_DELIVERY);
    expect(isNoLogDelivery(specOf([]))).toBe(true);
    expect(isNoLogDelivery(specOf(FULL))).toBe(false);
    expect(specOf([...FULL].reverse())).toEqual(specOf(FULL));
  });
});

describe("logDeliverySpecFromLive", () => {
  it("reads GetLogDeliveryConfiguration's answer the way the file writes it", () => {
    const live: LogDeliveryConfigurationType = {
      UserPoolId: POOL_ID,
      LogConfigurations: [
        { EventSource: "userNotification", LogLevel: "ERROR", CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } },
        { EventSource: "userAuthEvents", LogLevel: "INFO", FirehoseConfiguration: { StreamArn: STREAM } },
      ],
    };
    expect(logDeliverySpecFromLive(live)).toEqual({
      userNotification: { logLevel: "ERROR", cloudWatchLogGroupArn: LOG_GROUP },
      userAuthEvents: { logLevel: "INFO", firehoseStreamArn: STREAM },
    });
  });

  it("reads no answer, an empty list and an empty destination as nothing set", () => {
    expect(logDeliverySpecFromLive(undefined)).toEqual(NO_LOG_DELIVERY);
    expect(logDeliverySpecFromLive({ UserPoolId: POOL_ID, LogConfigurations: [] })).toEqual(NO_LOG_DELIVERY);
    expect(logDeliverySpecFromLive({ UserPoolId: POOL_ID, LogConfigurations: [{ EventSource: "userAuthEvents", LogLevel: "INFO", S3Configuration: {} }] })).toEqual({
      userNotification: null,
      userAuthEvents: { logLevel: "INFO" },
    });
  });

  it("reads what a request set as the spec it was built from: apply then plan is empty", () => {
    const lists = [
      FULL,
      [],
      [{ eventSource: "userAuthEvents", logLevel: "INFO", s3BucketArn: BUCKET }],
      [{ eventSource: "userAuthEvents", logLevel: "INFO", firehoseStreamArn: STREAM }],
      [{ eventSource: "userNotification", logLevel: "ERROR", cloudWatchLogGroupArn: LOG_GROUP }],
    ];
    for (const list of lists) {
      const spec = specOf(list);
      expect(logDeliverySpecFromLive(describedAfter(setLogDeliveryRequest(POOL_ID, spec)))).toEqual(spec);
    }
  });
});

describe("setLogDeliveryRequest", () => {
  it("sends the whole list in the API's names, one configuration per event source", () => {
    const spec = specOf([
      { eventSource: "userNotification", logLevel: "ERROR", cloudWatchLogGroupArn: LOG_GROUP },
      { eventSource: "userAuthEvents", logLevel: "INFO", s3BucketArn: BUCKET },
    ]);
    expect(setLogDeliveryRequest(POOL_ID, spec)).toEqual({
      UserPoolId: POOL_ID,
      LogConfigurations: [
        { EventSource: "userNotification", LogLevel: "ERROR", CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } },
        { EventSource: "userAuthEvents", LogLevel: "INFO", S3Configuration: { BucketArn: BUCKET } },
      ],
    });
    expect(setLogDeliveryRequest(POOL_ID, specOf([{ eventSource: "userAuthEvents", logLevel: "INFO", firehoseStreamArn: STREAM }]))).toEqual({
      UserPoolId: POOL_ID,
      LogConfigurations: [{ EventSource: "userAuthEvents", LogLevel: "INFO", FirehoseConfiguration: { StreamArn: STREAM } }],
    });
  });

  it("sends an empty list for no delivery (LogConfigurations is required)", () => {
    expect(setLogDeliveryRequest(POOL_ID, NO_LOG_DELIVERY)).toEqual({ UserPoolId: POOL_ID, LogConfigurations: [] });
  });
});

describe("export", () => {
  it("writes a list that reads back as the live configuration, in a fixed order", () => {
    for (const list of [FULL, [{ eventSource: "userAuthEvents", logLevel: "INFO", s3BucketArn: BUCKET }]]) {
      const live = describedAfter(setLogDeliveryRequest(POOL_ID, specOf(list)));
      const written = logDeliveryConfigFromSpec(logDeliverySpecFromLive(live));
      expect(specOf(written)).toEqual(logDeliverySpecFromLive(live));
    }
    expect(logDeliveryConfigFromSpec(specOf(FULL))).toEqual([
      { eventSource: "userNotification", logLevel: "ERROR", cloudWatchLogGroupArn: LOG_GROUP },
      { eventSource: "userAuthEvents", logLevel: "INFO", cloudWatchLogGroupArn: LOG_GROUP },
    ]);
  });

  it("leaves the block out for a pool that delivers no logs", () => {
    const context = { pool: {} as LivePool, leftOut: [], file: () => "" };
    expect(logDeliveryKind.exportSection([], context)).toBeUndefined();
    expect(logDeliveryKind.exportSection([{ UserPoolId: POOL_ID, LogConfigurations: [{ EventSource: "userAuthEvents", LogLevel: "INFO", S3Configuration: { BucketArn: BUCKET } }] }], context)).toEqual([
      { eventSource: "userAuthEvents", logLevel: "INFO", s3BucketArn: BUCKET },
    ]);
  });
});

describe("the diff", () => {
  it("shows a changed destination, a new entry and a removed one under their event sources", () => {
    const live = specOf([{ eventSource: "userNotification", logLevel: "ERROR", cloudWatchLogGroupArn: LOG_GROUP }]);
    const desired = specOf([{ eventSource: "userAuthEvents", logLevel: "INFO", s3BucketArn: BUCKET }]);
    expect(diffFields(desired, live).map((f) => [f.path, f.before, f.after])).toEqual([
      ["userAuthEvents", null, { logLevel: "INFO", s3BucketArn: BUCKET }],
      ["userNotification", { logLevel: "ERROR", cloudWatchLogGroupArn: LOG_GROUP }, null],
    ]);
    const moved = specOf([{ eventSource: "userAuthEvents", logLevel: "INFO", firehoseStreamArn: STREAM }]);
    expect(diffFields(moved, desired).map((f) => [f.path, f.before, f.after])).toEqual([
      ["userAuthEvents.firehoseStreamArn", undefined, STREAM],
      ["userAuthEvents.s3BucketArn", BUCKET, undefined],
    ]);
  });
});

describe("the kind", () => {
  const pool = (logDelivery?: unknown) => userPoolSchema.parse({ name: "P", ...(logDelivery !== undefined ? { logDelivery } : {}) });
  const livePool = (configuration?: LogDeliveryConfigurationType): LivePool => ({
    id: POOL_ID,
    name: "P",
    region: "us-east-1",
    raw: { Id: POOL_ID },
    stackTag: "s",
    children: { logDelivery: configuration ? [configuration] : [] },
  });

  it("manages nothing when the block is left out, declares none for [], and one named pool otherwise", () => {
    expect(logDeliveryKind.declared(pool())).toBeUndefined();
    expect(logDeliveryKind.declared(pool([]))).toEqual([]);
    expect(logDeliveryKind.declared(pool(FULL))).toEqual([{ name: "pool", spec: specOf(FULL), ignore: [] }]);
  });

  it("names an entry's ignoreChanges under its event source, a destination for all three, and only where it delivers live", () => {
    const entries = parse([
      { eventSource: "userAuthEvents", logLevel: "INFO", s3BucketArn: BUCKET, ignoreChanges: ["s3BucketArn"] },
      { eventSource: "userNotification", logLevel: "ERROR", cloudWatchLogGroupArn: LOG_GROUP, ignoreChanges: ["logLevel"] },
    ]);
    const liveAuth = logDeliverySpecFromLive({ UserPoolId: POOL_ID, LogConfigurations: [{ EventSource: "userAuthEvents", LogLevel: "INFO", CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } }] });
    const ignore = ignoredLogDeliveryPaths(entries, liveAuth);
    expect(ignore).toEqual(["userAuthEvents.cloudWatchLogGroupArn", "userAuthEvents.s3BucketArn", "userAuthEvents.firehoseStreamArn"]);
    expect(ignoredLogDeliveryPaths(entries, undefined)).toEqual([]);

    // The live destination is kept whole, whatever its type: one destination is sent, and nothing differs.
    const effective = withIgnoredFromLive(logDeliverySpecFromConfig(entries), liveAuth, ignore);
    expect(effective.userAuthEvents).toEqual({ logLevel: "INFO", cloudWatchLogGroupArn: LOG_GROUP });
    expect(diffFields(effective, liveAuth, { ignore }).map((f) => f.path)).toEqual(["userNotification"]);

    const declared = logDeliveryKind.declared(pool(entries), livePool({ UserPoolId: POOL_ID, LogConfigurations: [{ EventSource: "userNotification", LogLevel: "ERROR", CloudWatchLogsConfiguration: { LogGroupArn: LOG_GROUP } }] }));
    expect(declared?.[0]?.ignore).toEqual(["userNotification.logLevel"]);
  });

  it("takes ignoreChanges paths of an entry's own fields", () => {
    expect(isFieldPath("logDelivery", "logLevel")).toBe(true);
    expect(isFieldPath("logDelivery", "firehoseStreamArn")).toBe(true);
    expect(isFieldPath("logDelivery", "userAuthEvents.logLevel")).toBe(false);
    expect(isFieldPath("logDelivery", "destination")).toBe(false);
  });
});

const fileWith = (...pool: string[]) => ["version: 1", "stack: s", "userPools:", "  - name: P", "    featurePlan: PLUS", ...pool, ""].join("\n");

describe("the file's checks", () => {
  it("accepts the README's block, each destination of userAuthEvents, and []", () => {
    expect(
      diagnosticsOf(
        fileWith(
          "    logDelivery:",
          `      - { eventSource: userAuthEvents, logLevel: INFO, s3BucketArn: "${BUCKET}" }`,
          `      - { eventSource: userNotification, logLevel: ERROR, cloudWatchLogGroupArn: "${LOG_GROUP}" }`,
        ),
      ),
    ).toEqual([]);
    for (const destination of [`cloudWatchLogGroupArn: "${LOG_GROUP}"`, `firehoseStreamArn: "${STREAM}"`, 'cloudWatchLogGroupArn: "arn:aws-cn:logs:cn-north-1:123456789012:log-group:/aws/vendedlogs/cognito"']) {
      expect(diagnosticsOf(fileWith("    logDelivery:", `      - { eventSource: userAuthEvents, logLevel: INFO, ${destination} }`))).toEqual([]);
    }
    expect(diagnosticsOf(fileWith("    logDelivery: []"))).toEqual([]);
  });

  it("checks enums, each destination's ARN and unknown keys", () => {
    expect(
      diagnosticsOf(
        fileWith(
          "    logDelivery:",
          "      - { eventSource: userSignIn, logLevel: INFO, s3BucketArn: x }",
          "      - { eventSource: userAuthEvents, logLevel: DEBUG, s3BucketArn: x }",
          '      - { eventSource: userAuthEvents, logLevel: INFO, s3BucketArn: "arn:aws:s3:::Upper_Case" }',
          '      - { eventSource: userAuthEvents, logLevel: INFO, firehoseStreamArn: "arn:aws:kinesis:us-east-1:123456789012:stream/x" }',
          '      - { eventSource: userNotification, logLevel: ERROR, cloudWatchLogGroupArn: "arn:aws:logs:us-east-1:123456789012:log-group:/aws/cognito/x:*" }',
          '      - { eventSource: userNotification, logLevel: ERROR, cloudwatchLogGroupArn: "x" }',
        ),
      ),
    ).toEqual([
      '7:24 userPools[0].logDelivery[0].eventSource must be one of "userNotification", "userAuthEvents", not the string "userSignIn"',
      "7:65 userPools[0].logDelivery[0].s3BucketArn must be an S3 bucket ARN (arn:aws:s3:::BUCKET)",
      '8:50 userPools[0].logDelivery[1].logLevel must be one of "ERROR", "INFO", not the string "DEBUG"',
      "8:70 userPools[0].logDelivery[1].s3BucketArn must be an S3 bucket ARN (arn:aws:s3:::BUCKET)",
      "9:69 userPools[0].logDelivery[2].s3BucketArn must be an S3 bucket ARN (arn:aws:s3:::BUCKET)",
      "10:75 userPools[0].logDelivery[3].firehoseStreamArn must be a Firehose stream ARN (arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME)",
      "11:82 userPools[0].logDelivery[4].cloudWatchLogGroupArn must be a CloudWatch Logs log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME)",
      // A misspelt destination leaves the entry without one, and both are said.
      "12:9 userPools[0].logDelivery[5] must name one destination: cloudWatchLogGroupArn",
      '12:59 unknown key "cloudwatchLogGroupArn" in userPools[0].logDelivery[5]; did you mean "cloudWatchLogGroupArn"?',
    ]);
  });

  it("refuses two destinations in an entry, none, a level or a destination the event source does not take, and a second entry of a source", () => {
    expect(
      diagnosticsOf(
        fileWith(
          "    logDelivery:",
          `      - { eventSource: userAuthEvents, logLevel: INFO, cloudWatchLogGroupArn: "${LOG_GROUP}", s3BucketArn: "${BUCKET}" }`,
          `      - { eventSource: userNotification, logLevel: INFO, s3BucketArn: "${BUCKET}" }`,
          "      - { eventSource: userAuthEvents, logLevel: INFO }",
        ),
      ),
    ).toEqual([
      `7:${96 + LOG_GROUP.length} userPools[0].logDelivery[0].s3BucketArn may not be set beside cloudWatchLogGroupArn: an entry names exactly one destination`,
      "8:52 userPools[0].logDelivery[1].logLevel must be ERROR for eventSource userNotification: Cognito logs email and SMS delivery errors at that level only",
      "8:71 userPools[0].logDelivery[1].s3BucketArn may not be used with eventSource userNotification, whose logs go only to cloudWatchLogGroupArn",
      "9:9 userPools[0].logDelivery[2] must name one destination: cloudWatchLogGroupArn, s3BucketArn or firehoseStreamArn",
      '9:9 userPools[0].logDelivery[2]: duplicate eventSource "userAuthEvents" (first declared at entry 1)',
    ]);
  });

  it("refuses user activity logs below the PLUS plan; notification errors need no plan, and a file without featurePlan is left to AWS", () => {
    const entries = [
      "    logDelivery:",
      `      - { eventSource: userNotification, logLevel: ERROR, cloudWatchLogGroupArn: "${LOG_GROUP}" }`,
      `      - { eventSource: userAuthEvents, logLevel: INFO, s3BucketArn: "${BUCKET}" }`,
    ];
    const onPlan = (plan: string, ...lines: string[]) => diagnosticsOf(["version: 1", "stack: s", "userPools:", "  - name: P", `    featurePlan: ${plan}`, ...lines, ""].join("\n"));
    expect(onPlan("ESSENTIALS", ...entries)).toEqual([expect.stringMatching(/^8:24 logDelivery userAuthEvents needs featurePlan PLUS or higher; the file sets featurePlan ESSENTIALS/)]);
    expect(onPlan("LITE", ...entries.slice(0, 2))).toEqual([]);
    expect(diagnosticsOf(["version: 1", "stack: s", "userPools:", "  - name: P", ...entries, ""].join("\n"))).toEqual([]);
  });

  it("refuses an ignoreChanges path that is no field of an entry", () => {
    const text = fileWith(
      "    logDelivery:",
      `      - { eventSource: userAuthEvents, logLevel: INFO, s3BucketArn: "${BUCKET}", ignoreChanges: [logLevl, userAuthEvents.logLevel] }`,
    );
    expect(diagnosticsOf(text)).toEqual([
      expect.stringMatching(/^7:\d+ "logLevl" is not a logDelivery field; did you mean "logLevel"\?/),
      expect.stringMatching(/^7:\d+ "userAuthEvents\.logLevel" is not a logDelivery field/),
    ]);
  });
});
