import {
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  paginateListUserPoolClients,
  UpdateUserPoolClientCommand,
  type CognitoIdentityProviderClient,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { lastCopy, rivalToYieldTo, type Copy } from "../../aws/concurrent-create.js";
import { createOnce } from "../../aws/create-once.js";
import { awsCall, awsCallTolerating } from "../../aws/errors.js";
import { UserError } from "../../core/errors.js";
import type { ChildEffects } from "../../core/child-kind.js";
import type { LivePool } from "../../core/live-types.js";
import { describeRiskConfiguration, setRiskConfiguration } from "../risk-configuration/aws.js";
import { isNoRiskConfiguration, riskConfigurationApplies } from "../risk-configuration/model.js";
import { createClientRequest, isRiskConfigurationField, SECRET_PRESENT, updateClientRequest, type ClientSpec, type LiveClient } from "./model.js";

/**
 * Every client of a pool, described (ListUserPoolClients gives only ids and names). The secret is
 * replaced by a marker at once: plans need to know a client has one, never its value.
 */
export async function listClients(idp: CognitoIdentityProviderClient, poolId: string, options: { keepSecrets?: boolean } = {}): Promise<UserPoolClientType[]> {
  const ids = (await listClientIds(idp, poolId)).map((c) => c.clientId);
  const limit = pLimit(4);
  const described = await Promise.all(
    ids.map((id) =>
      limit(() =>
        awsCallTolerating("DescribeUserPoolClient", `${poolId} ${id}`, ["ResourceNotFoundException"], () =>
          idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: id })),
        ),
      ),
    ),
  );
  return described
    .map((d) => d?.UserPoolClient)
    .filter((c): c is UserPoolClientType => c !== undefined)
    .map((c) => (options.keepSecrets || c.ClientSecret === undefined ? c : { ...c, ClientSecret: SECRET_PRESENT }));
}

/** Every client of a pool by id and name, as ListUserPoolClients gives them (no settings, no secret). */
export async function listClientIds(idp: CognitoIdentityProviderClient, poolId: string): Promise<{ clientId: string; name: string }[]> {
  const clients: { clientId: string; name: string }[] = [];
  await awsCall("ListUserPoolClients", poolId, async () => {
    for await (const page of paginateListUserPoolClients({ client: idp, pageSize: 60 }, { UserPoolId: poolId, MaxResults: 60 })) {
      for (const c of page.UserPoolClients ?? []) if (c.ClientId) clients.push({ clientId: c.ClientId, name: c.ClientName ?? "" });
    }
  });
  return clients;
}

/** The clients of this name in a pool, with when each was created (never their secrets). */
async function clientsNamed(idp: CognitoIdentityProviderClient, poolId: string, name: string): Promise<Copy[]> {
  const ids = (await listClientIds(idp, poolId)).filter((c) => c.name === name).map((c) => c.clientId);
  const described = await Promise.all(
    ids.map((id) =>
      awsCallTolerating("DescribeUserPoolClient", `${poolId} ${id}`, ["ResourceNotFoundException"], () => idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: id }))),
    ),
  );
  return described.flatMap((d) => (d?.UserPoolClient?.ClientId ? [{ id: d.UserPoolClient.ClientId, created: d.UserPoolClient.CreationDate }] : []));
}

/**
 * Two applies that create the same client at once leave two clients of one name, which the file
 * cannot tell apart. After creating, the copy that does not rank first removes itself.
 */
async function yieldToConcurrentCreate(idp: CognitoIdentityProviderClient, poolId: string, name: string, ours: Copy): Promise<void> {
  const rival = await rivalToYieldTo(ours, () => clientsNamed(idp, poolId, name));
  if (!rival) return;
  await awsCallTolerating("DeleteUserPoolClient", `${poolId} ${name}`, ["ResourceNotFoundException"], () => idp.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: ours.id })));
  throw new UserError(`another apply created client ${name} (${rival.id}) at the same time; this apply removed its own copy and stopped. Run apply again`);
}

/**
 * Each client with its own risk configuration, read with DescribeRiskConfiguration and its
 * ClientId. The list cannot know whether the file declares one, so in a pool that can have them
 * (Plus) every client costs one more call (UserPoolResourceRead), four at a time; in other pools
 * none is made. An answer without ClientId is the pool's, which a client without its own gets.
 */
async function withOwnRiskConfigurations(idp: CognitoIdentityProviderClient, pool: LivePool, clients: UserPoolClientType[]): Promise<LiveClient[]> {
  if (!riskConfigurationApplies(pool.raw)) return clients;
  const limit = pLimit(4);
  return Promise.all(
    clients.map((client) =>
      limit(async () => {
        const risk = await describeRiskConfiguration(idp, pool, client.ClientId ?? "");
        return risk?.ClientId !== undefined && risk.ClientId === client.ClientId ? { ...client, RiskConfiguration: risk } : client;
      }),
    ),
  );
}

export const clientEffects: ChildEffects<ClientSpec, LiveClient> = {
  list: async (idp, pool) => withOwnRiskConfigurations(idp, pool, await listClients(idp, pool.id)),
  async create(idp, poolId, spec) {
    const request = createClientRequest(poolId, spec);
    const name = request.ClientName ?? "";
    const created = await createOnce<Copy>({
      operation: "CreateUserPoolClient",
      resource: `${poolId} ${name}`,
      send: async () => {
        const client = (await idp.send(new CreateUserPoolClientCommand(request))).UserPoolClient;
        return { id: client?.ClientId ?? "", created: client?.CreationDate };
      },
      findMade: async () => lastCopy(await clientsNamed(idp, poolId, name)),
    });
    await yieldToConcurrentCreate(idp, poolId, name, created);
    // A new client has no risk configuration of its own: one is set once the client exists.
    if (spec.riskConfiguration && !isNoRiskConfiguration(spec.riskConfiguration)) await setRiskConfiguration(idp, poolId, created.id, spec.riskConfiguration);
    return { detail: `client id ${created.id}`, id: created.id };
  },
  /** UpdateUserPoolClient for the client's own fields, SetRiskConfiguration for its risk configuration: each only when it changed. */
  async update(idp, poolId, spec, live, fields) {
    const client = live;
    if (fields.some((f) => !isRiskConfigurationField(f.path))) {
      const request = updateClientRequest(poolId, client.ClientId ?? "", spec, client);
      await awsCall("UpdateUserPoolClient", `${poolId} ${request.ClientName}`, () => idp.send(new UpdateUserPoolClientCommand(request)));
    }
    if (spec.riskConfiguration && fields.some((f) => isRiskConfigurationField(f.path))) await setRiskConfiguration(idp, poolId, client.ClientId ?? "", spec.riskConfiguration);
    return `client id ${client.ClientId}`;
  },
  async delete(idp, poolId, client) {
    await awsCallTolerating("DeleteUserPoolClient", `${poolId} ${client.ClientName}`, ["ResourceNotFoundException"], () =>
      idp.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: client.ClientId ?? "" })),
    );
  },
};
