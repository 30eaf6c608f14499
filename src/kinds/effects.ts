import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { ChildKindName, LivePool } from "../core/live-types.js";
import type { FieldChange } from "../core/plan-types.js";
import { clientEffects } from "./client/aws.js";
import { domainEffects } from "./domain/aws.js";
import { groupEffects } from "./group/aws.js";
import { identityProviderEffects } from "./identity-provider/aws.js";
import { resourceServerEffects } from "./resource-server/aws.js";
import { userEffects } from "./user/aws.js";

/** The AWS half of a kind that lives in a pool. Each returns a short detail for the apply report. */
export interface ChildEffects {
  list(idp: CognitoIdentityProviderClient, pool: LivePool): Promise<unknown[]>;
  /** Returns a detail for the report and, for kinds others refer to by id (clients), the new id. */
  create(idp: CognitoIdentityProviderClient, poolId: string, spec: Record<string, unknown>): Promise<{ detail: string; id?: string }>;
  update(idp: CognitoIdentityProviderClient, poolId: string, spec: Record<string, unknown>, live: unknown, fields: FieldChange[]): Promise<string>;
  delete(idp: CognitoIdentityProviderClient, poolId: string, live: unknown): Promise<void>;
}

const CHILD_EFFECTS: Record<ChildKindName, ChildEffects> = {
  domain: domainEffects,
  resourceServer: resourceServerEffects,
  identityProvider: identityProviderEffects,
  client: clientEffects,
  group: groupEffects,
  user: userEffects,
};

export function effectsOf(kind: ChildKindName): ChildEffects {
  return CHILD_EFFECTS[kind];
}
