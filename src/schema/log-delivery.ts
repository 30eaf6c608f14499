import { z } from "zod";
import { ARN_PARTITION, setOf } from "./common.js";

/**
 * Where a user pool sends its logs (SetLogDeliveryConfiguration): one entry per event source, each
 * with its level and exactly one destination. The rules of which level and destination each event
 * source takes come from the developer guide's "Exporting logs from Amazon Cognito user pools"
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/exporting-quotas-and-usage.html):
 * "When you want to stream logs of SMS and email notification errors, your user pool sends
 * ERROR-level logs to a CloudWatch log group. When you want to stream logs of user sign-in
 * activity, your user pool sends INFO-level logs to a log group, a Amazon Data Firehose stream, or
 * an Amazon S3 bucket", and from the API reference's LogConfigurationType (LogLevel): userNotification
 * with ERROR and CloudWatchLogsConfiguration, userAuthEvents with INFO and one of the three.
 */

export const EVENT_SOURCES = ["userNotification", "userAuthEvents"] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];
export const LOG_LEVELS = ["ERROR", "INFO"] as const;
export const DESTINATIONS = ["cloudWatchLogGroupArn", "s3BucketArn", "firehoseStreamArn"] as const;
export type Destination = (typeof DESTINATIONS)[number];

/** What each event source allows: its one level and the destinations its logs may go to. */
export const EVENT_SOURCE_RULES: Record<EventSource, { logLevel: (typeof LOG_LEVELS)[number]; destinations: readonly Destination[]; what: string }> = {
  userNotification: { logLevel: "ERROR", destinations: ["cloudWatchLogGroupArn"], what: "email and SMS delivery errors" },
  userAuthEvents: { logLevel: "INFO", destinations: DESTINATIONS, what: "threat protection's user activity" },
};

// Each pattern is the service's own ARN shape narrowed by the API model's (ArnType, S3ArnType), whose
// characters leave out a log group name's `#` and a trailing `:*`: AWS refuses those in this request.
const logGroupArn = z
  .string()
  .max(2048)
  .regex(new RegExp(`^${ARN_PARTITION}:logs:[a-z0-9-]+:\\d{12}:log-group:[A-Za-z0-9_./-]{1,512}$`), {
    message: "must be a CloudWatch Logs log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME)",
  });
const s3BucketArn = z
  .string()
  .regex(new RegExp(`^${ARN_PARTITION}:s3:::[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`), {
    message: "must be an S3 bucket ARN (arn:aws:s3:::BUCKET)",
  });
const firehoseStreamArn = z
  .string()
  .regex(new RegExp(`^${ARN_PARTITION}:firehose:[a-z0-9-]+:\\d{12}:deliverystream/[A-Za-z0-9_.-]{1,64}$`), {
    message: "must be a Firehose stream ARN (arn:aws:firehose:REGION:ACCOUNT:deliverystream/NAME)",
  });

/** `a`, `a or b`, `a, b or c`. */
const either = (names: readonly string[]) => (names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`);

const entrySchema = z
  .strictObject({
    eventSource: z
      .enum(EVENT_SOURCES)
      .describe("userNotification (email and SMS delivery errors) or userAuthEvents (threat protection's user activity; needs the PLUS plan)."),
    logLevel: z.enum(LOG_LEVELS).describe("ERROR for userNotification, INFO for userAuthEvents: each takes only that level."),
    cloudWatchLogGroupArn: logGroupArn.optional().describe("A CloudWatch Logs log group of the pool's account, not encrypted with KMS."),
    s3BucketArn: s3BucketArn.optional().describe("An S3 bucket (userAuthEvents only)."),
    firehoseStreamArn: firehoseStreamArn.optional().describe("An Amazon Data Firehose stream (userAuthEvents only)."),
    ignoreChanges: setOf(z.string().min(1))
      .default([])
      .describe("This entry's fields (logLevel, or a destination: the live one is kept, whatever its type) never diffed and kept as they are live."),
  })
  .superRefine((entry, ctx) => {
    const rules = EVENT_SOURCE_RULES[entry.eventSource];
    if (entry.logLevel !== rules.logLevel) {
      ctx.addIssue({ code: "custom", path: ["logLevel"], message: `must be ${rules.logLevel} for eventSource ${entry.eventSource}: Cognito logs ${rules.what} at that level only` });
    }
    const named = DESTINATIONS.filter((destination) => entry[destination] !== undefined);
    if (named.length === 0) {
      ctx.addIssue({ code: "custom", path: [], message: `must name one destination: ${either(rules.destinations)}` });
    }
    for (const extra of named.slice(1)) {
      ctx.addIssue({ code: "custom", path: [extra], message: `may not be set beside ${named[0]}: an entry names exactly one destination` });
    }
    for (const destination of named.filter((d) => !rules.destinations.includes(d))) {
      ctx.addIssue({ code: "custom", path: [destination], message: `may not be used with eventSource ${entry.eventSource}, whose logs go only to ${either(rules.destinations)}` });
    }
  })
  .describe("Where the logs of one event source go, and at which level.");

/** The pool's whole log delivery configuration: at most one entry per event source. */
export const logDeliverySchema = z
  .array(entrySchema)
  .superRefine((entries, ctx) => {
    const first = new Map<string, number>();
    entries.forEach((entry, index) => {
      const seen = first.get(entry.eventSource);
      if (seen === undefined) first.set(entry.eventSource, index);
      else ctx.addIssue({ code: "custom", path: [index], message: `duplicate eventSource "${entry.eventSource}" (first declared at entry ${seen + 1})` });
    });
  })
  .describe(
    "Where the pool sends its logs (SetLogDeliveryConfiguration), one entry per eventSource, each with one destination; the whole configuration: an entry left out is not set, [] = none; left out = not managed.",
  );

export type LogDeliveryEntryConfig = z.output<typeof entrySchema>;
export type LogDeliveryConfig = z.output<typeof logDeliverySchema>;
