// The AWS SDK used directly: seeding and undoing an apply (not measured), counting the pool's users,
// and the minimal sequential read that plan is compared with.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  paginateListGroups,
  paginateListUserPools,
  paginateListUsers,
  paginateListUsersInGroup,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { benchUser, REGION } from "./workload.js";

/** Retries are this file's own (see withRetry), so the SDK makes one attempt a call, as the CLI's clients do. */
export function idpClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ region: REGION, endpoint, credentials: { accessKeyId: "bench", secretAccessKey: "bench" }, maxAttempts: 1 });
}

export async function poolIdByName(idp: CognitoIdentityProviderClient, name: string): Promise<string> {
  for await (const page of paginateListUserPools({ client: idp, pageSize: 60 }, { MaxResults: 60 })) {
    const pool = page.UserPools?.find((p) => p.Name === name);
    if (pool?.Id) return pool.Id;
  }
  throw new Error(`user pool ${name} not found`);
}

/** Calls retried after an HTTP 5xx or throttling so far. */
export const retried = { count: 0 };

/**
 * Retries an HTTP 5xx or a throttled call (backoff from 100 ms doubling to at most 5 s, times a
 * random 1-2): seeding and clean-up are not measured and must not stop on a transient error.
 */
async function withRetry<T>(attempts: number, call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      const throttled = (error as Error).name === "TooManyRequestsException";
      if ((status < 500 && !throttled) || attempt >= attempts) throw error;
      retried.count += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** (attempt - 1)) * (1 + Math.random())));
    }
  }
}

/** One user and its membership, as an administrator's script writes them. */
async function createUser(idp: CognitoIdentityProviderClient, poolId: string, i: number, groups: number, attempts: number): Promise<void> {
  const user = benchUser(i, groups);
  const create = new AdminCreateUserCommand({
    UserPoolId: poolId,
    Username: user.username,
    UserAttributes: [
      { Name: "email", Value: user.username },
      { Name: "name", Value: user.name },
    ],
    MessageAction: "SUPPRESS",
  });
  try {
    await withRetry(attempts, () => idp.send(create));
  } catch (error) {
    // A retried create whose first attempt went through after all, or a second pass.
    if ((error as Error).name !== "UsernameExistsException") throw error;
  }
  await withRetry(attempts, () => idp.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: user.username, GroupName: user.group })));
}

export interface CreateUsersOptions {
  /** Users `from` to `to - 1`, user i in group i % groups. */
  from: number;
  to: number;
  groups: number;
  concurrency: number;
  /** Attempts a call; a user whose call still fails is returned, not thrown. */
  attempts: number;
  onProgress?: (done: number) => void;
}

/**
 * Users with their memberships, `concurrency` at a time (the seeding). Returns the users whose calls
 * failed every attempt, with why.
 */
export async function createUsers(idp: CognitoIdentityProviderClient, poolId: string, options: CreateUsersOptions): Promise<{ user: number; error: string }[]> {
  const limit = pLimit(options.concurrency);
  const failed: { user: number; error: string }[] = [];
  let done = 0;
  const work: Promise<void>[] = [];
  for (let i = options.from; i < options.to; i++) {
    work.push(
      limit(async () => {
        try {
          await createUser(idp, poolId, i, options.groups, options.attempts);
        } catch (error) {
          failed.push({ user: i, error: `${(error as Error).name}: ${(error as Error).message.split("\n")[0]}` });
        }
        options.onProgress?.(++done);
      }),
    );
  }
  await Promise.all(work);
  return failed;
}

/**
 * The read a plan needs, written by hand with nothing in between: find the pool, describe it, read
 * its MFA setting, list its groups, every ListUsers page and every ListUsersInGroup page, one call
 * at a time, joining users with their groups. Returns the number of users read.
 */
export async function minimalSequentialRead(idp: CognitoIdentityProviderClient, poolName: string): Promise<number> {
  const poolId = await poolIdByName(idp, poolName);
  await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
  await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
  const groups: string[] = [];
  for await (const page of paginateListGroups({ client: idp, pageSize: 60 }, { UserPoolId: poolId, Limit: 60 })) {
    for (const g of page.Groups ?? []) groups.push(g.GroupName ?? "");
  }
  const users = new Map<string, { attributes: unknown; groups: string[] }>();
  for await (const page of paginateListUsers({ client: idp, pageSize: 60 }, { UserPoolId: poolId, Limit: 60 })) {
    for (const u of page.Users ?? []) users.set(u.Username ?? "", { attributes: u.Attributes, groups: [] });
  }
  for (const group of groups) {
    for await (const page of paginateListUsersInGroup({ client: idp, pageSize: 60 }, { UserPoolId: poolId, GroupName: group, Limit: 60 })) {
      for (const u of page.Users ?? []) users.get(u.Username ?? "")?.groups.push(group);
    }
  }
  return users.size;
}

/**
 * Deletes users `from` to `to - 1` (by their email, which the pool signs in with), `concurrency` at
 * a time; a user that is not there is fine (its create may have failed). Returns the users whose
 * call failed every attempt, with why.
 */
export async function deleteUsers(idp: CognitoIdentityProviderClient, poolId: string, options: Omit<CreateUsersOptions, "onProgress">): Promise<{ user: number; error: string }[]> {
  const limit = pLimit(options.concurrency);
  const failed: { user: number; error: string }[] = [];
  const work: Promise<void>[] = [];
  for (let i = options.from; i < options.to; i++) {
    const { username } = benchUser(i, options.groups);
    work.push(
      limit(async () => {
        try {
          await withRetry(options.attempts, () => idp.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: username })));
        } catch (error) {
          if ((error as Error).name === "UserNotFoundException") return;
          failed.push({ user: i, error: `${(error as Error).name}: ${(error as Error).message.split("\n")[0]}` });
        }
      }),
    );
  }
  await Promise.all(work);
  return failed;
}

/** Every user in the pool, as how many times each email occurs (all ListUsers pages, one at a time). */
export async function poolEmails(idp: CognitoIdentityProviderClient, poolId: string): Promise<{ users: number; emails: Map<string, number> }> {
  const emails = new Map<string, number>();
  let users = 0;
  for await (const page of paginateListUsers({ client: idp, pageSize: 60 }, { UserPoolId: poolId, Limit: 60 })) {
    for (const u of page.Users ?? []) {
      users += 1;
      const email = u.Attributes?.find((a) => a.Name === "email")?.Value ?? `(no email: ${u.Username})`;
      emails.set(email, (emails.get(email) ?? 0) + 1);
    }
  }
  return { users, emails };
}
