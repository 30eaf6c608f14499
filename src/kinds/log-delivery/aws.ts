import {
  type CognitoIdentityProviderClient,
  GetLogDeliveryConfigurationCommand,
  type LogDeliveryConfigurationType,
  SetLogDeliveryConfigurationCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { awsCall } from "../../aws/errors.js";
import type { ChildEffects } from "../../core/child-kind.js";
import { wholeConfigurationEffects } from "../../core/whole-configuration.js";
import { NO_LOG_DELIVERY, setLogDeliveryRequest, type LogDeliverySpec } from "./model.js";

/** SetLogDeliveryConfiguration with the whole configuration: AWS keeps nothing it is not sent. */
async function setLogDelivery(idp: CognitoIdentityProviderClient, poolId: string, spec: LogDeliverySpec): Promise<void> {
  const request = setLogDeliveryRequest(poolId, spec);
  await awsCall("SetLogDeliveryConfiguration", poolId, () => idp.send(new SetLogDeliveryConfigurationCommand(request)));
}

/** The whole list each time; an empty list ends all delivery. */
export const logDeliveryEffects: ChildEffects<LogDeliverySpec, LogDeliveryConfigurationType> = wholeConfigurationEffects(
  /** The pool's configuration, or nothing when it delivers no logs (no configuration, or an empty list). */
  async (idp, pool) => {
    const answer = await awsCall("GetLogDeliveryConfiguration", pool.id, () => idp.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: pool.id })));
    const live = answer.LogDeliveryConfiguration;
    return live && (live.LogConfigurations ?? []).length > 0 ? [live] : [];
  },
  (idp, poolId, spec) => setLogDelivery(idp, poolId, spec),
  NO_LOG_DELIVERY,
);
