import type { LogDeliveryConfigurationType } from "@aws-sdk/client-cognito-identity-provider";
import { isRecord } from "../../core/paths.js";
import type { ChildKind } from "../../core/child-kind.js";
import { ignoredLogDeliveryPaths, isNoLogDelivery, logDeliveryConfigFromSpec, logDeliverySpecFromConfig, logDeliverySpecFromLive, type LogDeliverySpec } from "./model.js";

/** A pool has one log delivery configuration: it is named by this in addresses (`.../logDelivery.pool`). */
export const POOL_LOG_DELIVERY = "pool";

const isLive = (value: unknown): value is LogDeliveryConfigurationType => isRecord(value) && Array.isArray(value.LogConfigurations);

/**
 * Where the pool sends its logs, one configuration a pool that SetLogDeliveryConfiguration
 * replaces whole. Left out of the file, it is not managed; `logDelivery: []` means none, so a live
 * one is cleared, as `riskConfiguration: {}` clears that.
 */
export const logDeliveryKind: ChildKind<LogDeliverySpec, LogDeliveryConfigurationType> = {
  kind: "logDelivery",
  section: "logDelivery",
  permissions: { read: ["GetLogDeliveryConfiguration"], write: ["SetLogDeliveryConfiguration"] },
  isLive,
  declared: (pool, live) => {
    if (pool.logDelivery === undefined) return undefined;
    const spec = logDeliverySpecFromConfig(pool.logDelivery);
    if (isNoLogDelivery(spec)) return [];
    const current = live?.children.logDelivery?.find(isLive);
    const ignore = ignoredLogDeliveryPaths(pool.logDelivery, current ? logDeliverySpecFromLive(current) : undefined);
    return [{ name: POOL_LOG_DELIVERY, spec, ignore }];
  },
  liveName: () => POOL_LOG_DELIVERY,
  liveSpec: (live) => logDeliverySpecFromLive(live),
  singleton: true,
  replaceOn: [],
  sensitive: [],
  // Only `[]` leaves a live configuration undeclared: the file then says there is none.
  prune: () => ({ allowed: true, setting: "logDelivery: []" }),
  // The list holds a configuration only when the pool delivers logs; none leaves the block out.
  exportSection: (live) => (live[0] ? logDeliveryConfigFromSpec(logDeliverySpecFromLive(live[0])) : undefined),
  effects: async () => (await import("./aws.js")).logDeliveryEffects,
};
