import {
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  ListIdentityPoolsCommand,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
  type CognitoIdentityClient,
} from "@aws-sdk/client-cognito-identity";
import pLimit from "p-limit";
import { rivalToYieldTo, type Copy } from "../../aws/concurrent-create.js";
import { formatCreateStamp, newCreateStamp, parseCreateStamp } from "../../aws/create-stamp.js";
import { createOnce } from "../../aws/create-once.js";
import { awsCall, awsCallTolerating } from "../../aws/errors.js";
import { UserError } from "../../core/errors.js";
import type { LiveIdentityPool } from "../../core/identity-live-types.js";
import { CREATED_TAG, STACK_TAG } from "../../schema/cognito-defaults.js";
import { createIdentityPoolRequest, setRolesRequest, updateIdentityPoolRequest, type IdentityPoolSpec, type RolesSpec } from "./model.js";

export interface ReadIdentityPoolsOptions {
  /** Only identity pools of this name are described (the list names them all). */
  named?: string;
  /** Gets AWS's clock from the first page's Date header, when the answer has one. */
  onAwsTime?: (time: Date) => void;
}

/** Every identity pool of a region (or of one name), described: tags are only in DescribeIdentityPool. */
export async function readIdentityPools(client: CognitoIdentityClient, region: string, options: ReadIdentityPoolsOptions = {}): Promise<LiveIdentityPool[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const command = new ListIdentityPoolsCommand({ MaxResults: 60, ...(token ? { NextToken: token } : {}) });
    if (options.onAwsTime && !token) readDateHeader(command, options.onAwsTime);
    const page = await awsCall("ListIdentityPools", region, () => client.send(command));
    for (const pool of page.IdentityPools ?? []) {
      if (options.named === undefined || pool.IdentityPoolName === options.named) ids.push(pool.IdentityPoolId ?? "");
    }
    token = page.NextToken;
  } while (token);
  const limit = pLimit(4);
  const described = await Promise.all(
    ids.map((id) => limit(() => awsCallTolerating("DescribeIdentityPool", id, ["ResourceNotFoundException"], () => client.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }))))),
  );
  return described.flatMap((d) => {
    if (!d) return [];
    const { $metadata: _m, ...raw } = d;
    return [{ id: raw.IdentityPoolId ?? "", name: raw.IdentityPoolName ?? "", region, raw, stackTag: raw.IdentityPoolTags?.[STACK_TAG] }];
  });
}

/** Passes the Date header of the command's answer (the last one, when retried) to `onDate`. */
function readDateHeader(command: ListIdentityPoolsCommand, onDate: (time: Date) => void): void {
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const header = (result.response as { headers?: Record<string, string | undefined> }).headers?.["date"];
      const time = header ? new Date(header) : undefined;
      if (time && !Number.isNaN(time.getTime())) onDate(time);
      return result;
    },
    { step: "deserialize", name: "readDateHeader" },
  );
}

export async function readIdentityPoolRoles(client: CognitoIdentityClient, pool: LiveIdentityPool): Promise<void> {
  const roles = await awsCall("GetIdentityPoolRoles", pool.id, () => client.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: pool.id })));
  pool.roles = { ...(roles.Roles ? { Roles: roles.Roles } : {}), ...(roles.RoleMappings ? { RoleMappings: roles.RoleMappings } : {}) };
}

type StampedCopy = Copy & { token?: string };

/** A copy of an identity pool, ranked by the AWS time its create stamped on it. */
function asCopy(pool: LiveIdentityPool): StampedCopy {
  const stamp = parseCreateStamp(pool.raw.IdentityPoolTags?.[CREATED_TAG]);
  return { id: pool.id, created: stamp?.at, ...(stamp ? { token: stamp.token } : {}) };
}

/**
 * Identity pools carry no creation date, and Cognito has no conditional create. So the create looks
 * for a copy of the stack first (a concurrent apply may have made one since this apply read), reads
 * AWS's clock from that same answer and stamps it on the pool with a token of this create. A lost
 * answer is then resolved by the token alone, and racers rank copies by the stamped time. The time
 * is read before the create arrives, so every racer looks again after IDENTITY_POOL_SETTLE_MS: two
 * copies remain only if a create takes longer than that, less a second, to reach AWS.
 */
export async function createIdentityPool(client: CognitoIdentityClient, spec: IdentityPoolSpec, stack: string, region: string, roleRecord: readonly string[] = []): Promise<string> {
  const copies = async (onAwsTime?: (time: Date) => void) =>
    (await readIdentityPools(client, region, { named: spec.name, ...(onAwsTime ? { onAwsTime } : {}) })).filter((p) => p.stackTag === stack).map(asCopy);
  const token = newCreateStamp().token;
  const ours = await createOnce<StampedCopy>({
    operation: "CreateIdentityPool",
    resource: spec.name,
    send: async () => {
      let awsTime: Date | undefined;
      const found = await copies((time) => (awsTime = time));
      // A copy with this create's token is an earlier attempt's that the lookup did not show yet.
      const earlier = found.find((copy) => copy.token === token);
      if (earlier) return earlier;
      if (found[0]) throw concurrentCreate(stack, spec.name, found[0].id, false);
      // Without a Date header (not seen from AWS) this machine's clock stands in.
      const at = awsTime ?? new Date();
      const request = createIdentityPoolRequest(spec, stack, formatCreateStamp({ token, at }), roleRecord);
      return { id: (await client.send(new CreateIdentityPoolCommand(request))).IdentityPoolId ?? "", created: at, token };
    },
    findMade: async () => (await copies()).find((copy) => copy.token === token),
  });
  const rival = await rivalToYieldTo(ours, () => copies(), IDENTITY_POOL_SETTLE_MS);
  if (rival) {
    await deleteIdentityPool(client, ours.id);
    // Two copies of this very create (a lost answer the lookup missed): keep the first, go on.
    if (rival.token === token) return rival.id;
    throw concurrentCreate(stack, spec.name, rival.id, true);
  }
  return ours.id;
}

export const IDENTITY_POOL_SETTLE_MS = 3000;

function concurrentCreate(stack: string, name: string, rivalId: string, removedOwn: boolean): UserError {
  const what = removedOwn ? "this apply removed its own copy and stopped" : "this apply did not create another and stopped";
  return new UserError(`another apply of stack "${stack}" created identity pool ${name} (${rivalId}) at the same time; ${what}. Run apply again: it continues with ${rivalId}`);
}

export async function updateIdentityPool(client: CognitoIdentityClient, live: LiveIdentityPool, spec: IdentityPoolSpec, stack: string, roleRecord?: readonly string[]): Promise<void> {
  await awsCall("UpdateIdentityPool", live.id, () => client.send(new UpdateIdentityPoolCommand(updateIdentityPoolRequest(live.raw, spec, stack, roleRecord))));
}

export async function deleteIdentityPool(client: CognitoIdentityClient, id: string): Promise<void> {
  await awsCallTolerating("DeleteIdentityPool", id, ["ResourceNotFoundException"], () => client.send(new DeleteIdentityPoolCommand({ IdentityPoolId: id })));
}

export async function setIdentityPoolRoles(client: CognitoIdentityClient, id: string, spec: RolesSpec, live: RolesSpec): Promise<void> {
  await awsCall("SetIdentityPoolRoles", id, () => client.send(new SetIdentityPoolRolesCommand(setRolesRequest(id, spec, live))));
}
