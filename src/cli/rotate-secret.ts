import type { Logger } from "pino";
import { loadConfig } from "../config/load.js";
import { resolveTargets } from "../config/targets.js";
import { UserError } from "../core/errors.js";
import { listClients } from "../kinds/client/aws.js";
import { addClientSecret, listClientSecrets } from "../kinds/client-secret/aws.js";
import { readCreated } from "../run/read-state.js";
import { awsClientsFor, resolveRegion, type CommonOptions } from "../run/plan-run.js";

export interface RotateSecretOptions extends Pick<CommonOptions, "files" | "region" | "profile" | "endpointUrl"> {
  client: string;
  pool?: string;
  showSecrets: boolean;
}

/**
 * Adds a secret to one client of the file now, whatever its rotation's schedule: for a secret
 * that has leaked. The older one stays until apply retires it (secretRotation.overlap) or the
 * user deletes it, so applications can move first. Returns what to print; the value only when asked.
 */
export async function rotateSecret(options: RotateSecretOptions, logger: Logger): Promise<string> {
  const config = await loadConfig(options.files);
  const { state } = config;
  const pools = state.userPools.filter((p) => (options.pool === undefined || p.name === options.pool) && (p.clients ?? []).some((c) => c.name === options.client));
  if (pools.length === 0) throw new UserError(`${config.file}: no client "${options.client}"${options.pool ? ` in pool ${options.pool}` : ""}; name a client the file declares`);
  if (pools.length > 1) throw new UserError(`${config.file}: pools ${pools.map((p) => p.name).join(", ")} all declare a client "${options.client}"; say which with --pool`);
  const desired = pools[0]!;
  const client = desired.clients?.find((c) => c.name === options.client);
  if (!client?.generateSecret) throw new UserError(`${config.file}: client ${options.client} has no secret (generateSecret is not true), so there is none to rotate`);
  const aws = awsClientsFor(options, logger);
  try {
    const region = await resolveRegion(config, options, aws);
    const created = await readCreated(aws, resolveTargets(state, region), state.stack, { userPools: [desired], identityPools: [] });
    const pool = created.userPools.get(desired);
    if (!pool) throw new UserError(`pool ${desired.name} of stack ${state.stack} does not exist yet; run apply first`);
    const live = (await listClients(aws.idp(pool.region), pool.id)).find((c) => c.ClientName === options.client);
    if (!live?.ClientId) throw new UserError(`client ${options.client} does not exist in pool ${pool.id} yet; run apply first`);
    const added = await addClientSecret(aws.idp(pool.region), pool.id, live.ClientId);
    const value = options.showSecrets && added.value ? `clientSecret: ${added.value}\n` : "";
    // Without secretRotation, apply leaves the client's secrets alone: the leaked one must be deleted by hand.
    const older = client.secretRotation
      ? "the older secret keeps working until apply retires it (secretRotation.overlap)"
      : `the older secret keeps working until you delete it (DeleteUserPoolClientSecret ${(await listClientSecrets(aws.idp(pool.region), pool.id, live.ClientId))
          .filter((s) => s.secretId !== added.secretId)
          .map((s) => s.secretId)
          .join(", ")}), since the client has no secretRotation for apply to retire it`;
    return `added secret ${added.secretId} to client ${options.client} (pool ${pool.id}); ${older}\n${value}`;
  } finally {
    aws.destroy();
  }
}
