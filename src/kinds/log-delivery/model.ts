import type { LogConfigurationType, LogDeliveryConfigurationType, SetLogDeliveryConfigurationRequest } from "@aws-sdk/client-cognito-identity-provider";
import { DESTINATIONS, EVENT_SOURCES, type Destination, type EventSource, type LogDeliveryConfig } from "../../schema/log-delivery.js";

/** One event source's logs: the level and the one destination, in the file's words. */
export type LogEntrySpec = { logLevel: string } & Partial<Record<Destination, string>>;

/**
 * A pool's log delivery as the diff sees it: every event source, null when its logs go nowhere, so
 * an entry left out of the file is compared (and removed) like any other value. Fields show as
 * `userAuthEvents.s3BucketArn`.
 */
export type LogDeliverySpec = Record<EventSource, LogEntrySpec | null>;

/** No log delivery: what SetLogDeliveryConfiguration with an empty list leaves. */
export const NO_LOG_DELIVERY: LogDeliverySpec = { userNotification: null, userAuthEvents: null };

export const isNoLogDelivery = (spec: LogDeliverySpec) => EVENT_SOURCES.every((source) => spec[source] === null);

/** How each destination is named in the API: its configuration member and the ARN inside it. */
const API_DESTINATION = {
  cloudWatchLogGroupArn: { member: "CloudWatchLogsConfiguration", arn: "LogGroupArn" },
  s3BucketArn: { member: "S3Configuration", arn: "BucketArn" },
  firehoseStreamArn: { member: "FirehoseConfiguration", arn: "StreamArn" },
} as const satisfies Record<Destination, { member: keyof LogConfigurationType; arn: string }>;

const isEventSource = (value: string | undefined): value is EventSource => EVENT_SOURCES.includes(value as EventSource);

/** The file's list (validated: one entry per event source) as the spec. */
export function logDeliverySpecFromConfig(entries: LogDeliveryConfig): LogDeliverySpec {
  const spec: LogDeliverySpec = { ...NO_LOG_DELIVERY };
  for (const entry of entries) {
    const destinations = Object.fromEntries(DESTINATIONS.flatMap((d) => (entry[d] !== undefined ? [[d, entry[d]]] : [])));
    spec[entry.eventSource] = { logLevel: entry.logLevel, ...destinations };
  }
  return spec;
}

function entryFromLive(live: LogConfigurationType): LogEntrySpec {
  const destinations = DESTINATIONS.flatMap((d) => {
    const { member, arn } = API_DESTINATION[d];
    const value = (live[member] as Record<string, string | undefined> | undefined)?.[arn];
    return value ? [[d, value]] : [];
  });
  return { logLevel: live.LogLevel ?? "", ...Object.fromEntries(destinations) };
}

/**
 * GetLogDeliveryConfiguration's answer (none, or an empty list: no delivery) in the file's
 * vocabulary. An event source this version does not know is left out: the schema cannot name it.
 */
export function logDeliverySpecFromLive(live: LogDeliveryConfigurationType | undefined): LogDeliverySpec {
  const spec: LogDeliverySpec = { ...NO_LOG_DELIVERY };
  for (const entry of live?.LogConfigurations ?? []) {
    if (isEventSource(entry.EventSource)) spec[entry.EventSource] = entryFromLive(entry);
  }
  return spec;
}

/**
 * SetLogDeliveryConfiguration with the whole configuration: AWS replaces the list, so an event
 * source without an entry stops delivering, and an empty list ends all delivery.
 */
export function setLogDeliveryRequest(poolId: string, spec: LogDeliverySpec): SetLogDeliveryConfigurationRequest {
  const configurations = EVENT_SOURCES.flatMap((source): LogConfigurationType[] => {
    const entry = spec[source];
    if (entry === null) return [];
    const destinations = DESTINATIONS.flatMap((d) => {
      const value = entry[d];
      if (value === undefined) return [];
      const { member, arn } = API_DESTINATION[d];
      return [[member, { [arn]: value }]];
    });
    return [{ EventSource: source, LogLevel: entry.logLevel as LogConfigurationType["LogLevel"], ...Object.fromEntries(destinations) }];
  });
  return { UserPoolId: poolId, LogConfigurations: configurations };
}

/** The list as a file writes it, one entry per event source that delivers, in a fixed order. */
export function logDeliveryConfigFromSpec(spec: LogDeliverySpec): Record<string, string>[] {
  return EVENT_SOURCES.flatMap((source) => {
    const entry = spec[source];
    if (entry === null) return [];
    const destinations = DESTINATIONS.flatMap((d) => (entry[d] !== undefined ? [[d, entry[d]]] : []));
    return [{ eventSource: source, logLevel: entry.logLevel, ...Object.fromEntries(destinations) }];
  });
}

/**
 * An entry's ignoreChanges as paths of the spec (`userAuthEvents.logLevel`). A destination named
 * there stands for the entry's destination, whatever its type: keeping only the live log group
 * while the file names a bucket would send two. Kept only for an event source that delivers live;
 * otherwise there is nothing to keep, and the file's values are set.
 */
export function ignoredLogDeliveryPaths(entries: LogDeliveryConfig, live: LogDeliverySpec | undefined): string[] {
  return entries.flatMap((entry) => {
    if (live?.[entry.eventSource] == null) return [];
    const fields = entry.ignoreChanges.flatMap((path) => (DESTINATIONS.includes(path as Destination) ? DESTINATIONS : [path]));
    return [...new Set(fields)].map((field) => `${entry.eventSource}.${field}`);
  });
}
