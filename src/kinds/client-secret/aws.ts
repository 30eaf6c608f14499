import { AddUserPoolClientSecretCommand, DeleteUserPoolClientSecretCommand, ListUserPoolClientSecretsCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { awsCall, awsCallTolerating, isAwsError } from "../../aws/errors.js";
import { UserError } from "../../core/errors.js";
import type { ChildEffects } from "../../core/child-kind.js";
import { clientsRead } from "../client/owned.js";
import type { ClientSecretSpec, LiveClientSecret } from "./model.js";

/**
 * The time secrets' ages are measured at: now, or COGNITO_RECONCILE_NOW (ISO 8601) to see what a
 * rotation would do at another time (and for tests, which cannot wait 90 days).
 */
export function rotationClock(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const fixed = env.COGNITO_RECONCILE_NOW;
  if (fixed === undefined || fixed === "") return Date.now();
  const time = Date.parse(fixed);
  if (Number.isNaN(time)) throw new UserError(`COGNITO_RECONCILE_NOW="${fixed}" is not a date; use ISO 8601 such as 2027-01-31T12:00:00Z, or unset it`);
  return time;
}


export async function listClientSecrets(idp: CognitoIdentityProviderClient, poolId: string, clientId: string): Promise<{ secretId: string; created: Date }[]> {
  // No NextToken: AWS returns both secrets in one answer (ListUserPoolClientSecrets).
  const answer = await awsCallTolerating("ListUserPoolClientSecrets", `${poolId} client ${clientId}`, ["ResourceNotFoundException"], () =>
    idp.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId })),
  );
  return (answer?.ClientSecrets ?? []).flatMap((s) => (s.ClientSecretId && s.ClientSecretCreateDate ? [{ secretId: s.ClientSecretId, created: s.ClientSecretCreateDate }] : []));
}

/** Adds a secret Cognito generates; returns its id and, for the caller to show only when asked, its value. */
export async function addClientSecret(idp: CognitoIdentityProviderClient, poolId: string, clientId: string): Promise<{ secretId: string; value: string | undefined }> {
  const answer = await awsCall("AddUserPoolClientSecret", `${poolId} client ${clientId}`, async () => {
    try {
      return await idp.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }));
    } catch (error) {
      if (!isAwsError(error, "LimitExceededException")) throw error;
      throw new UserError(
        `AddUserPoolClientSecret (${poolId} client ${clientId}): the client already holds two secrets, the most AWS allows; let apply retire the older one (secretRotation.overlap) or delete it (DeleteUserPoolClientSecret), then add one`,
      );
    }
  });
  return { secretId: answer.ClientSecretDescriptor?.ClientSecretId ?? "", value: answer.ClientSecretDescriptor?.ClientSecretValue };
}

export const clientSecretEffects: ChildEffects<ClientSecretSpec, LiveClientSecret> = {
  /** The secrets of the clients with a secret that the file rotates (their values are never read). */
  async list(idp, pool, owners) {
    const now = rotationClock();
    const limit = pLimit(4);
    const perClient = await Promise.all(
      clientsRead(pool, owners)
        .filter((c) => c.hasSecret)
        .map((client) =>
        limit(async () =>
          (await listClientSecrets(idp, pool.id, client.id)).map((s) => ({
            clientName: client.name,
            clientId: client.id,
            secretId: s.secretId,
            created: s.created.toISOString(),
            ageSeconds: Math.max(0, Math.floor((now - s.created.getTime()) / 1000)),
          })),
        ),
      ),
    );
    return perClient.flat();
  },
  async create(idp, poolId, _spec, clientId) {
    if (clientId === undefined) throw new Error("clientSecret: no client id to add a secret to");
    // The value is dropped here: it reaches no report or log (outputs --show-secrets prints it).
    const { secretId } = await addClientSecret(idp, poolId, clientId);
    return { detail: `secret ${secretId} added` };
  },
  async update() {
    return "";
  },
  async delete(idp, poolId, live) {
    await awsCallTolerating("DeleteUserPoolClientSecret", `${poolId} client ${live.clientName} secret ${live.secretId}`, ["ResourceNotFoundException"], () =>
      idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: live.clientId, ClientSecretId: live.secretId })),
    );
  },
};
