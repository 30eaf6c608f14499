import { GetCredentialsForIdentityCommand, GetIdCommand } from "@aws-sdk/client-cognito-identity";
import {
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  paginateListUserPoolClients,
  type CognitoIdentityProviderClient,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import type { Logger } from "pino";
import { awsCall, describeAwsError } from "../aws/errors.js";
import { loadConfig } from "../config/load.js";
import type { LiveIdentityPool } from "../core/identity-live-types.js";
import type { LivePool } from "../core/live-types.js";
import { UserError } from "../core/errors.js";
import {
  accessKeyPrefix,
  challengeReason,
  compareGroups,
  decodeTokenPayload,
  describeGroups,
  groupsClaim,
  loginsKey,
  secretHash,
  selectTarget,
  type VerifyTarget,
} from "../kinds/user/verify-model.js";
import { resolveTargets } from "../config/targets.js";
import { readCreated } from "../run/read-state.js";
import type { IdentityPoolConfig } from "../schema/identity-pool.js";
import type { DesiredState } from "../schema/root.js";
import type { UserPoolConfig } from "../schema/user-pool.js";
import type { Output } from "./commands.js";
import type { AwsClients } from "../aws/clients.js";
import { awsClientsFor, resolveRegion, type CommonOptions } from "../run/plan-run.js";

export interface VerifyOptions extends Pick<CommonOptions, "files" | "region" | "profile" | "endpointUrl"> {
  user: string;
  client?: string;
  /** The environment variable holding the user's password. */
  passwordEnv: string;
}

/** What verify needs of live state: the user pool's id, the client's id (and secret), the identity pools' ids. */
interface LiveTarget {
  poolId: string;
  poolRegion: string;
  clientId: string;
  /** Kept in memory only to compute SECRET_HASH; never printed or logged. */
  clientSecret: string | undefined;
  identityPools: { config: IdentityPoolConfig; live: LiveIdentityPool }[];
}

export type Status = "PASS" | "FAIL" | "SKIP";
const COLORS: Record<Status, string> = { PASS: "32", FAIL: "31", SKIP: "33" };

/**
 * Signs a declared user in with USER_PASSWORD_AUTH, checks the groups in the ID token against the
 * file, and exchanges the token for AWS credentials at each identity pool of the file that accepts
 * the client. Each step prints one PASS/FAIL/SKIP line; the first failure stops the run (exit 1).
 * The password, the client secret, the tokens and the secret parts of the credentials are never
 * printed or logged.
 */
export async function verifyCommand(options: VerifyOptions, io: Output, logger: Logger): Promise<number> {
  const config = await loadConfig(options.files);
  const target = selectTarget(config.state, config.file, options.user, options.client);
  const password = process.env[options.passwordEnv];
  if (!password) {
    throw new UserError(
      `environment variable ${options.passwordEnv} is not set; put the password of ${target.user.username} in it (verify never reads a password from the file or a flag)`,
    );
  }

  const aws = awsClientsFor(options, logger);
  try {
    const region = await resolveRegion(config, options, aws);
    const live = await readTarget(aws, config.state, target, region);
    logger.info({ user: target.user.username, userPool: target.pool.name, client: target.client.name }, "verifying sign-in");
    return (await runSteps(aws, target, live, password, io)) ? 0 : 1;
  } finally {
    aws.destroy();
  }
}

/** The live user pool the file's pool entry is, found as plan finds it; missing is an error that says to apply. */
export async function findLivePool(aws: AwsClients, state: DesiredState, poolConfig: UserPoolConfig, region: string): Promise<LivePool> {
  const created = await readCreated(aws, resolveTargets(state, region), state.stack, { userPools: [poolConfig], identityPools: [] });
  return created.userPools.get(poolConfig)!;
}

/** Finds the live user pool, client and identity pools; a missing one is an error that says to apply. */
async function readTarget(aws: AwsClients, state: DesiredState, target: VerifyTarget, region: string): Promise<LiveTarget> {
  const created = await readCreated(aws, resolveTargets(state, region), state.stack, { userPools: [target.pool], identityPools: target.identityPools });
  const pool = created.userPools.get(target.pool)!;
  const { clientId, described } = await readClient(aws.idp(pool.region), pool.id, target.client.name, target.pool.name);
  const clientSecret = described.ClientSecret || undefined;
  const identityPools: LiveTarget["identityPools"] = target.identityPools.map((config) => ({ config, live: created.identityPools.get(config)! }));
  return { poolId: pool.id, poolRegion: pool.region, clientId, clientSecret, identityPools };
}

/**
 * The declared client's id and its description (DescribeUserPoolClient of that client only), which
 * holds its secret when it has one: keep that in memory only, never print or log it.
 */
export async function readClient(idp: CognitoIdentityProviderClient, poolId: string, name: string, poolName: string): Promise<{ clientId: string; described: UserPoolClientType }> {
  const ids: string[] = [];
  await awsCall("ListUserPoolClients", poolId, async () => {
    for await (const page of paginateListUserPoolClients({ client: idp, pageSize: 60 }, { UserPoolId: poolId, MaxResults: 60 })) {
      for (const c of page.UserPoolClients ?? []) if (c.ClientName === name && c.ClientId) ids.push(c.ClientId);
    }
  });
  if (ids.length === 0) throw new UserError(`userPool.${poolName}/client.${name} is not created yet; run apply first`);
  if (ids.length > 1) throw new UserError(`user pool ${poolName} has ${ids.length} clients named ${name} (${ids.join(", ")}); verify cannot tell which one the file means`);
  const clientId = ids[0]!;
  const described = await awsCall("DescribeUserPoolClient", `${poolId} ${clientId}`, () => idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId })));
  return { clientId, described: described.UserPoolClient ?? {} };
}

export type Report = (status: Status, step: string, text: string) => void;

/** Prints one step's line: `PASS step: text`, the status coloured on a terminal. */
export function reporter(io: Output): Report {
  return (status, step, text) => {
    const label = io.color ? `\u001b[${COLORS[status]}m${status}\u001b[0m` : status;
    io.out(`${label} ${step}: ${text}\n`);
  };
}

/** The steps, in order; false at the first failure. */
async function runSteps(aws: AwsClients, target: VerifyTarget, live: LiveTarget, password: string, io: Output): Promise<boolean> {
  const report = reporter(io);
  const username = target.user.username;
  const clientName = target.client.name;

  // a. sign in
  const parameters: Record<string, string> = { USERNAME: username, PASSWORD: password };
  if (live.clientSecret !== undefined) parameters.SECRET_HASH = secretHash(live.clientSecret, username, live.clientId);
  let idToken: string;
  try {
    const response = await aws
      .idp(live.poolRegion)
      .send(new InitiateAuthCommand({ ClientId: live.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: parameters }));
    if (response.ChallengeName) {
      report("FAIL", "sign in", challengeReason(response.ChallengeName));
      return false;
    }
    if (!response.AuthenticationResult?.IdToken) {
      report("FAIL", "sign in", "Cognito returned no ID token");
      return false;
    }
    idToken = response.AuthenticationResult.IdToken;
  } catch (error) {
    report("FAIL", "sign in", failureReason(error, "InitiateAuth", `client ${clientName}`));
    return false;
  }
  const withSecret = live.clientSecret !== undefined ? ", with SECRET_HASH" : "";
  report("PASS", "sign in", `${username} with client ${clientName} (${live.clientId}, USER_PASSWORD_AUTH${withSecret})`);

  // b. groups claim
  let groups: string[];
  try {
    groups = groupsClaim(decodeTokenPayload(idToken));
  } catch (error) {
    report("FAIL", "groups claim", `cannot read the ID token: ${(error as Error).message}`);
    return false;
  }
  const comparison = compareGroups(groups, target.user.groups);
  report(comparison.ok ? "PASS" : "FAIL", "groups claim", describeGroups(comparison));
  if (!comparison.ok) return false;

  // c, d. identity and credentials, at each identity pool that accepts the client
  if (live.identityPools.length === 0) {
    report("SKIP", "identity", `no identity pool of the file accepts client ${clientName}`);
    report("SKIP", "credentials", `no identity pool of the file accepts client ${clientName}`);
    return true;
  }
  const logins = { [loginsKey(live.poolRegion, live.poolId)]: idToken };
  for (const { config, live: pool } of live.identityPools) {
    const identity = await aws.identity(pool.region);
    let identityId: string;
    try {
      const response = await identity.send(new GetIdCommand({ IdentityPoolId: pool.id, Logins: logins }));
      if (!response.IdentityId) {
        report("FAIL", "identity", `${config.name}: Cognito returned no identity id`);
        return false;
      }
      identityId = response.IdentityId;
    } catch (error) {
      report("FAIL", "identity", `${config.name}: ${failureReason(error, "GetId", `identity pool ${pool.id}`)}`);
      return false;
    }
    report("PASS", "identity", `${config.name} (${pool.id}): identity ${identityId}`);

    try {
      const response = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId: identityId, Logins: logins }));
      const accessKeyId = response.Credentials?.AccessKeyId;
      if (!accessKeyId) {
        report("FAIL", "credentials", `${config.name}: Cognito returned no credentials`);
        return false;
      }
      const expires = response.Credentials?.Expiration;
      const expiry = expires instanceof Date && !Number.isNaN(expires.getTime()) ? `, expires ${expires.toISOString()}` : "";
      report("PASS", "credentials", `${config.name}: access key id ${accessKeyPrefix(accessKeyId)}...${expiry}`);
    } catch (error) {
      report("FAIL", "credentials", `${config.name}: ${failureReason(error, "GetCredentialsForIdentity", `identity ${identityId}`)}`);
      return false;
    }
  }
  return true;
}

/**
 * One line for a failed step. An answer from AWS is reported as its error name and message (for
 * InitiateAuth, NotAuthorizedException means a wrong password or a disabled user, not missing IAM
 * rights); an unreachable endpoint as the usual hint; anything else is a bug and is rethrown.
 */
export function failureReason(error: unknown, operation: string, resource: string): string {
  const e = error as { name?: string; message?: string; $metadata?: unknown };
  if (e && typeof e === "object" && e.$metadata !== undefined) {
    const message = (e.message ?? "").replace(/\s+/g, " ").trim();
    return `${e.name ?? "error"}${message ? `: ${message}` : ""}`;
  }
  const described = describeAwsError(error, operation, resource);
  if (described instanceof UserError) return described.message;
  throw error;
}
