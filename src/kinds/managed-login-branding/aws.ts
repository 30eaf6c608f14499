import {
  CreateManagedLoginBrandingCommand,
  DeleteManagedLoginBrandingCommand,
  DescribeManagedLoginBrandingByClientCommand,
  UpdateManagedLoginBrandingCommand,
  type CognitoIdentityProviderClient,
  type ManagedLoginBrandingType,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { clientsRead } from "../client/owned.js";
import { awsCall, awsCallTolerating } from "../../aws/errors.js";
import { blobBytes } from "../../core/blobs.js";
import type { ChildEffects } from "../../core/child-kind.js";
import { createBrandingRequest, updateBrandingRequest, type BrandingSpec, type LiveBranding } from "./model.js";

const where = (poolId: string, client: string) => `${poolId} client ${client}`;

/**
 * The branding of one client: only what its style customizes (ReturnMergedResources false, so
 * Cognito's defaults are not compared), or undefined when it has none (ResourceNotFoundException,
 * also the answer for a client deleted since it was listed).
 */
async function describeByClient(idp: CognitoIdentityProviderClient, poolId: string, clientId: string): Promise<ManagedLoginBrandingType | undefined> {
  const answer = await awsCallTolerating("DescribeManagedLoginBrandingByClient", where(poolId, clientId), ["ResourceNotFoundException"], () =>
    idp.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId, ReturnMergedResources: false })),
  );
  return answer?.ManagedLoginBranding;
}

async function update(idp: CognitoIdentityProviderClient, poolId: string, client: string, brandingId: string, spec: BrandingSpec): Promise<void> {
  const request = updateBrandingRequest(poolId, brandingId, spec, blobBytes);
  await awsCall("UpdateManagedLoginBranding", where(poolId, client), () => idp.send(new UpdateManagedLoginBrandingCommand(request)));
}

export const managedLoginBrandingEffects: ChildEffects<BrandingSpec, LiveBranding> = {
  /**
   * The branding of each client the file manages it for (of every client, for export): one
   * DescribeManagedLoginBrandingByClient per client, four at a time, since no call lists a pool's
   * brandings with their clients.
   */
  async list(idp, pool, owners) {
    const clients = clientsRead(pool, owners);
    const limit = pLimit(4);
    const found = await Promise.all(
      clients.map((client) =>
        limit(async () => {
          const branding = await describeByClient(idp, pool.id, client.id);
          return branding ? [{ ...branding, ClientId: client.id, ClientName: client.name } as LiveBranding] : [];
        }),
      ),
    );
    return found.flat();
  },
  /**
   * A branding that already exists for the client is the one an earlier attempt made (its answer
   * lost) or a concurrent apply made: either way it is brought to the file's values.
   */
  async create(idp, poolId, spec, clientId) {
    if (clientId === undefined) throw new Error("branding: no client id to create it for");
    const request = createBrandingRequest(poolId, clientId, spec, blobBytes);
    const created = await awsCallTolerating("CreateManagedLoginBranding", where(poolId, clientId), ["ManagedLoginBrandingExistsException"], () =>
      idp.send(new CreateManagedLoginBrandingCommand(request)),
    );
    if (created) return { detail: `branding id ${created.ManagedLoginBranding?.ManagedLoginBrandingId ?? "?"}` };
    const existing = await describeByClient(idp, poolId, clientId);
    if (existing?.ManagedLoginBrandingId === undefined) throw new Error(`branding of client ${clientId}: CreateManagedLoginBranding said it exists, but DescribeManagedLoginBrandingByClient finds none`);
    await update(idp, poolId, clientId, existing.ManagedLoginBrandingId, spec);
    return { detail: `branding id ${existing.ManagedLoginBrandingId}` };
  },
  async update(idp, poolId, spec, live) {
    await update(idp, poolId, live.ClientName, live.ManagedLoginBrandingId ?? "", spec);
    return `branding id ${live.ManagedLoginBrandingId}`;
  },
  async delete(idp, poolId, live) {
    await awsCallTolerating("DeleteManagedLoginBranding", where(poolId, live.ClientName), ["ResourceNotFoundException"], () =>
      idp.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: live.ManagedLoginBrandingId ?? "" })),
    );
  },
};
