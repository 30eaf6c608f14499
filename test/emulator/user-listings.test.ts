// ListUsers, ListUsersInGroup and the user lookups of AdminCreateUser / AdminAddUserToGroup run on
// fast paths (moto_ext.py, "users at scale"). These tests check they answer exactly as moto's own
// code does: POST /_emulator/fast-paths {"on": false} switches to moto's code on the same data,
// so each page is asked both ways. On an emulator of this file's own, as the switch is global.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  type ListUsersCommandInput,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";

const USERS = 500;
const GROUPS = 4;
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
let emulator: Emulator;
let idp: CognitoIdentityProviderClient;
let UserPoolId: string;

const email = (i: number): string => `user${i}@example.com`;
const emailOf = (user: UserType): string | undefined => user.Attributes?.find((a) => a.Name === "email")?.Value;

async function fastPaths(on: boolean): Promise<void> {
  const response = await fetch(`${emulator.url}/_emulator/fast-paths`, { method: "POST", body: JSON.stringify({ on }) });
  expect(response.status).toBe(200);
}

async function inBatches(count: number, work: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < count; start += 25) {
    await Promise.all(Array.from({ length: Math.min(25, count - start) }, (_, k) => work(start + k)));
  }
}

/** Every page of a listing with the fast paths, each page asked again of moto's own code. */
async function pagesBothWays<T extends { token?: string; users: UserType[] }>(page: (token?: string) => Promise<T>): Promise<UserType[]> {
  const users: UserType[] = [];
  let token: string | undefined;
  do {
    await fastPaths(true);
    const fast = await page(token);
    await fastPaths(false);
    const moto = await page(token);
    await fastPaths(true);
    expect(fast).toEqual(moto);
    users.push(...fast.users);
    token = fast.token;
  } while (token);
  return users;
}

const listUsers = (input: Omit<ListUsersCommandInput, "UserPoolId">) => async (token?: string) => {
  const { Users, PaginationToken } = await idp.send(new ListUsersCommand({ UserPoolId, ...input, PaginationToken: token }));
  return { users: Users ?? [], token: PaginationToken };
};
const listGroup = (GroupName: string, Limit?: number) => async (token?: string) => {
  const { Users, NextToken } = await idp.send(new ListUsersInGroupCommand({ UserPoolId, GroupName, Limit, NextToken: token }));
  return { users: Users ?? [], token: NextToken };
};

beforeAll(async () => {
  emulator = await startEmulator();
  idp = new CognitoIdentityProviderClient({ endpoint: emulator.url, region: "us-east-1", credentials });
  const pool = await idp.send(new CreateUserPoolCommand({ PoolName: "listings", UsernameAttributes: ["email"] }));
  UserPoolId = pool.UserPool!.Id!;
  for (let g = 0; g < GROUPS; g++) await idp.send(new CreateGroupCommand({ UserPoolId, GroupName: `g${g}` }));
  await inBatches(USERS, async (i) => {
    await idp.send(
      new AdminCreateUserCommand({ UserPoolId, Username: email(i), UserAttributes: [{ Name: "name", Value: `User ${i}` }], MessageAction: "SUPPRESS" }),
    );
    // Group g3 is small (1 in 20 users): its listing takes the path for groups much smaller than the pool.
    const group = i % 20 === 0 ? "g3" : `g${i % 3}`;
    await idp.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: email(i), GroupName: group }));
  });
}, 240_000);
afterAll(async () => {
  idp?.destroy();
  await emulator?.stop();
});

describe("user listings at scale answer as moto does", () => {
  it("ListUsers pages, unfiltered and filtered, with moto's pages and tokens", async () => {
    const all = await pagesBothWays(listUsers({ Limit: 60 }));
    expect(all).toHaveLength(USERS);
    expect(await pagesBothWays(listUsers({ Limit: 7 }))).toEqual(all);
    expect(await pagesBothWays(listUsers({}))).toEqual(all);
    const prefixed = await pagesBothWays(listUsers({ Limit: 60, Filter: 'sub ^= "a"' }));
    expect(prefixed).toEqual(all.filter((u) => u.Username!.startsWith("a")));
    expect(await pagesBothWays(listUsers({ Limit: 5, Filter: 'email = "user7@example.com"' }))).toHaveLength(1);
    expect(await pagesBothWays(listUsers({ Limit: 60, AttributesToGet: ["email"] }))).toHaveLength(USERS);
  });

  it("refuses a bad filter and a bad token as moto does", async () => {
    for (const input of [{ Filter: "sub starts a" }, { Filter: 'nickname = "x"' }, { PaginationToken: "not-a-token" }]) {
      await fastPaths(false);
      const moto = await idp.send(new ListUsersCommand({ UserPoolId, ...input })).catch((e: Error) => ({ name: e.name, message: e.message }));
      await fastPaths(true);
      const fast = await idp.send(new ListUsersCommand({ UserPoolId, ...input })).catch((e: Error) => ({ name: e.name, message: e.message }));
      expect(fast).toEqual(moto);
      expect(fast).toHaveProperty("name");
    }
  });

  it("the 16 listings of sub ^= 0..f together are the unfiltered listing, no user twice", async () => {
    const all = await pagesBothWays(listUsers({ Limit: 60 }));
    const parts: UserType[] = [];
    for (const digit of "0123456789abcdef") parts.push(...(await pagesBothWays(listUsers({ Limit: 60, Filter: `sub ^= "${digit}"` }))));
    const names = parts.map((u) => u.Username);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(all.map((u) => u.Username).sort());
  });

  it("ListUsersInGroup pages, for large and small groups", async () => {
    const all = await pagesBothWays(listUsers({ Limit: 60 }));
    for (const group of ["g0", "g1", "g2", "g3"]) {
      const members = await pagesBothWays(listGroup(group, 60));
      expect(await pagesBothWays(listGroup(group, 9))).toEqual(members);
      const expected = all.filter((u) => {
        const i = Number(/^user(\d+)@/.exec(emailOf(u)!)![1]);
        return (i % 20 === 0 ? "g3" : `g${i % 3}`) === group;
      });
      expect(members.map((u) => u.Username)).toEqual(expected.map((u) => u.Username));
    }
  });

  it("creations, deletions, email changes and group changes show in the listings", async () => {
    const before = await pagesBothWays(listUsers({ Limit: 60 }));
    // An email changed: the old one is free again, the new one taken.
    await idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId, Username: email(5), UserAttributes: [{ Name: "email", Value: "renamed@example.com" }] }));
    await expect(idp.send(new AdminCreateUserCommand({ UserPoolId, Username: "renamed@example.com", MessageAction: "SUPPRESS" }))).rejects.toMatchObject({
      name: "UsernameExistsException",
    });
    await expect(
      idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId, Username: email(6), UserAttributes: [{ Name: "email", Value: "renamed@example.com" }] })),
    ).rejects.toMatchObject({ name: "AliasExistsException" });
    await idp.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: "renamed@example.com", GroupName: "g3" }));
    const reborn = await idp.send(new AdminCreateUserCommand({ UserPoolId, Username: email(5), MessageAction: "SUPPRESS" }));
    // A user deleted, one removed from its group, a new one added.
    await idp.send(new AdminDeleteUserCommand({ UserPoolId, Username: email(7) }));
    await idp.send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: email(20), GroupName: "g3" }));
    await idp.send(new AdminCreateUserCommand({ UserPoolId, Username: "new@example.com", MessageAction: "SUPPRESS" }));
    await expect(idp.send(new AdminCreateUserCommand({ UserPoolId, Username: email(8), MessageAction: "SUPPRESS" }))).rejects.toMatchObject({
      name: "UsernameExistsException",
    });

    const after = await pagesBothWays(listUsers({ Limit: 60 }));
    const emails = after.map(emailOf);
    expect(after).toHaveLength(before.length + 1);
    expect(emails).toContain("renamed@example.com");
    expect(emails).toContain("new@example.com");
    expect(emails).not.toContain(email(7));
    expect(after.filter((u) => emailOf(u) === email(5)).map((u) => u.Username)).toEqual([reborn.User!.Username]);
    expect(await pagesBothWays(listUsers({ Filter: 'email = "renamed@example.com"' }))).toHaveLength(1);

    const small = (await pagesBothWays(listGroup("g3", 60))).map(emailOf);
    expect(small).toContain("renamed@example.com");
    expect(small).not.toContain(email(20));
    for (const group of ["g0", "g1", "g2"]) expect((await pagesBothWays(listGroup(group, 60))).map(emailOf)).not.toContain(email(7));
  });
});
