import {
  type CognitoIdentityProviderClient,
  DescribeRiskConfigurationCommand,
  type RiskConfigurationType,
  SetRiskConfigurationCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { awsCall, awsCallTolerating } from "../../aws/errors.js";
import type { ChildEffects } from "../../core/child-kind.js";
import { wholeConfigurationEffects } from "../../core/whole-configuration.js";
import type { LivePool } from "../../core/live-types.js";
import { isNoRiskConfiguration, NO_RISK_CONFIGURATION, riskConfigurationApplies, riskSpecFromLive, setRiskConfigurationRequest, type RiskSpec } from "./model.js";

const where = (poolId: string, clientId: string | undefined) => (clientId === undefined ? poolId : `${poolId} client ${clientId}`);

/**
 * The configuration DescribeRiskConfiguration answers for a pool or one of its clients, or
 * undefined when none can be in effect: a pool below Plus is not asked (SetRiskConfiguration needs
 * Plus), and UserPoolAddOnNotEnabledException (threat protection off) means none either, as does a
 * client deleted since it was listed. A client without its own is answered with the pool's: the
 * caller tells them apart by ClientId.
 */
export async function describeRiskConfiguration(idp: CognitoIdentityProviderClient, pool: LivePool, clientId?: string): Promise<RiskConfigurationType | undefined> {
  if (!riskConfigurationApplies(pool.raw)) return undefined;
  const none = ["UserPoolAddOnNotEnabledException", ...(clientId !== undefined ? ["ResourceNotFoundException"] : [])];
  const answer = await awsCallTolerating("DescribeRiskConfiguration", where(pool.id, clientId), none, () =>
    idp.send(new DescribeRiskConfigurationCommand({ UserPoolId: pool.id, ...(clientId !== undefined ? { ClientId: clientId } : {}) })),
  );
  return answer?.RiskConfiguration;
}

/** SetRiskConfiguration with the whole configuration (the pool's, or the client's own). */
export async function setRiskConfiguration(idp: CognitoIdentityProviderClient, poolId: string, clientId: string | undefined, spec: RiskSpec): Promise<void> {
  const request = setRiskConfigurationRequest(poolId, clientId, spec);
  await awsCall("SetRiskConfiguration", where(poolId, clientId), () => idp.send(new SetRiskConfigurationCommand(request)));
}

/** The pool's whole configuration each time; a request without settings returns it to Cognito's defaults. */
export const riskConfigurationEffects: ChildEffects<RiskSpec, RiskConfigurationType> = wholeConfigurationEffects(
  /** The pool's configuration, or nothing when it has none set. */
  async (idp, pool) => {
    const live = await describeRiskConfiguration(idp, pool);
    return live && !isNoRiskConfiguration(riskSpecFromLive(live)) ? [live] : [];
  },
  (idp, poolId, spec) => setRiskConfiguration(idp, poolId, undefined, spec),
  NO_RISK_CONFIGURATION,
);
