import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CreateGroupCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { LivePool } from "../../src/core/live-types.js";
import { listUsers } from "../../src/kinds/user/aws.js";
import { describePool } from "../../src/kinds/user-pool/aws.js";
import { allUsers } from "../helpers/aws-lists.js";
import { idpClient, uniqueSuffix } from "../helpers/cli.js";

/**
 * A large pool's users are listed in 16 parts at once, by the first hex digit of their sub. The
 * parts must together be exactly the pool's users: none missed, none twice, groups joined alike.
 */
const endpoint = inject("emulatorUrl");
const USERS = 300;
const GROUPS = ["g0", "g1", "g2"];
let idp: CognitoIdentityProviderClient;
const poolIds: string[] = [];

/** ListUsers calls this client sent, with the filter of each, and the users all their pages held. */
const listUsersFilters: (string | undefined)[] = [];
let usersListed = 0;

function countingClient(): CognitoIdentityProviderClient {
  const client = idpClient(endpoint);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== "ListUsersCommand") return next(args);
      listUsersFilters.push((args.input as { Filter?: string }).Filter);
      const result = await next(args);
      usersListed += (result.output as { Users?: unknown[] }).Users?.length ?? 0;
      return result;
    },
    { step: "initialize", name: "countListUsers" },
  );
  return client;
}

async function poolWithUsers(count: number): Promise<LivePool> {
  const created = await idp.send(new CreateUserPoolCommand({ PoolName: `Partitioned-${uniqueSuffix()}`, UsernameAttributes: ["email"] }));
  const poolId = created.UserPool!.Id!;
  poolIds.push(poolId);
  for (const group of GROUPS) await idp.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: group }));
  const limit = pLimit(8);
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      limit(async () => {
        const email = `user${i}@example.com`;
        await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: email, UserAttributes: [{ Name: "email", Value: email }], MessageAction: "SUPPRESS" }));
        // Every third user in no group, the others in one or two.
        if (i % 3 !== 0) await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: email, GroupName: GROUPS[i % GROUPS.length] }));
        if (i % 5 === 0) await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: email, GroupName: "g2" }));
      }),
    ),
  );
  return (await describePool(idp, "us-east-1", poolId))!;
}

/** Username -> its groups, sorted, failing on a user listed twice. */
function byUsername(users: Awaited<ReturnType<typeof listUsers>>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const user of users) {
    const name = user.user.Username!;
    expect(map.has(name), `${name} listed twice`).toBe(false);
    map.set(name, [...user.groups].sort());
  }
  return map;
}

beforeAll(() => {
  idp = countingClient();
});
afterAll(async () => {
  for (const id of poolIds) await idp.send(new DeleteUserPoolCommand({ UserPoolId: id }));
  idp.destroy();
});

describe("users listed in parts by the first digit of their sub", () => {
  it("the 16 parts together are exactly the unsplit listing: no user missed or listed twice, same groups", async () => {
    const pool = await poolWithUsers(USERS);
    expect(pool.raw.EstimatedNumberOfUsers).toBe(USERS);

    listUsersFilters.length = 0;
    const whole = byUsername(await listUsers(idp, pool, Number.POSITIVE_INFINITY));
    expect(listUsersFilters).toEqual(Array(Math.ceil(USERS / 60)).fill(undefined));

    listUsersFilters.length = 0;
    usersListed = 0;
    const parts = byUsername(await listUsers(idp, pool, 0));
    // The pages of the 16 parts held every user once: no part overlaps another.
    expect(usersListed).toBe(USERS);
    const filters = new Set(listUsersFilters);
    expect([...filters].sort()).toEqual([..."0123456789abcdef"].map((digit) => `sub ^= "${digit}"`));
    // Each part costs its pages: at most one partial page more per part than the unsplit listing.
    expect(listUsersFilters.length).toBeLessThanOrEqual(Math.ceil(USERS / 60) + 16);

    expect(parts.size).toBe(USERS);
    expect(new Map([...parts].sort())).toEqual(new Map([...whole].sort()));
    // And both are what the pool holds, read page by page with the SDK.
    expect([...parts.keys()].sort()).toEqual((await allUsers(idp, pool.id)).map((u) => u.Username!).sort());
    expect([...parts.values()].filter((groups) => groups.length === 2).length).toBeGreaterThan(0);
  });

  it("a pool of one page costs one ListUsers call", async () => {
    const pool = await poolWithUsers(40);
    listUsersFilters.length = 0;
    const users = await listUsers(idp, pool);
    expect(users).toHaveLength(40);
    expect(listUsersFilters).toEqual([undefined]);
  });
});
