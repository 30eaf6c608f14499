import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { ChildEffects } from "./child-kind.js";

/**
 * The AWS half of a kind AWS sets as a whole with one call and never deletes (risk configuration,
 * log delivery, the hosted UI's customization): create and update send the whole configuration,
 * and delete sends `none`, the request that leaves nothing set.
 */
export function wholeConfigurationEffects<Spec, Live>(
  list: ChildEffects<Spec, Live>["list"],
  set: (idp: CognitoIdentityProviderClient, poolId: string, spec: Spec, live: Live | undefined, ownerId: string | undefined) => Promise<void>,
  none: Spec,
): ChildEffects<Spec, Live> {
  return {
    list,
    async create(idp, poolId, spec, ownerId) {
      await set(idp, poolId, spec, undefined, ownerId);
      return { detail: "" };
    },
    async update(idp, poolId, spec, live, _fields, ownerId) {
      await set(idp, poolId, spec, live, ownerId);
      return "";
    },
    async delete(idp, poolId, live, ownerId) {
      await set(idp, poolId, none, live, ownerId);
    },
  };
}
