import type { RiskConfigurationType } from "@aws-sdk/client-cognito-identity-provider";
import { isRecord } from "../../core/paths.js";
import type { ChildKind } from "../../core/child-kind.js";
import { isNoRiskConfiguration, riskConfigFromSpec, riskSpecFromConfig, riskSpecFromLive, type RiskSpec } from "./model.js";

/** A pool has one risk configuration of its own: it is named by this in addresses (`.../riskConfiguration.pool`). */
export const POOL_RISK_CONFIGURATION = "pool";

/**
 * The pool's threat protection risk configuration, which applies to every client without one of
 * its own (a client's own belongs to the client). Left out of the file, it is not managed; `{}`
 * (nothing set) means none, so a live one is cleared, as `domain: null` deletes a domain.
 */
export const riskConfigurationKind: ChildKind<RiskSpec, RiskConfigurationType> = {
  kind: "riskConfiguration",
  section: "riskConfiguration",
  permissions: { read: ["DescribeRiskConfiguration"], write: ["SetRiskConfiguration"] },
  // The pool's configuration: DescribeRiskConfiguration answers it without a ClientId.
  isLive: (value): value is RiskConfigurationType => isRecord(value) && typeof value.UserPoolId === "string" && value.ClientId === undefined,
  declared: (pool) => {
    if (pool.riskConfiguration === undefined) return undefined;
    const spec = riskSpecFromConfig(pool.riskConfiguration);
    return isNoRiskConfiguration(spec) ? [] : [{ name: POOL_RISK_CONFIGURATION, spec, ignore: pool.riskConfiguration.ignoreChanges }];
  },
  liveName: () => POOL_RISK_CONFIGURATION,
  liveSpec: (live) => riskSpecFromLive(live),
  singleton: true,
  replaceOn: [],
  sensitive: [],
  // Only `{}` leaves a live configuration undeclared: the file then says there is none.
  prune: () => ({ allowed: true, setting: "riskConfiguration: {}" }),
  // The list holds a configuration only when the pool has one; none leaves the block out.
  exportSection: (live) => (live[0] ? riskConfigFromSpec(riskSpecFromLive(live[0])) : undefined),
  effects: async () => (await import("./aws.js")).riskConfigurationEffects,
};
