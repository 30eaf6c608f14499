import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminUpdateUserAttributesCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { allUsers, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

/**
 * Users at scale against an emulator of this file's own, so the calls counted at the emulator are
 * the plan's alone. The rate limits are raised: the emulator is not AWS, and the default limits
 * (tested with mocks) would only make this slow.
 */
const USERS = 500;
const GROUPS = ["g0", "g1", "g2", "g3", "g4"];
const dir = tempDir();
const fast = ["--rate-limit", "UserCreation=2000", "--rate-limit", "UserUpdate=2000", "--rate-limit", "UserList=2000", "--concurrency", "8"];
let emulator: Emulator;
let idp: CognitoIdentityProviderClient;
let args: string[];
let poolId = "";

function usersYaml(pruneUsers: boolean): string {
  const users = Array.from({ length: USERS }, (_, i) => {
    const email = `user${i}@example.com`;
    return `      - { username: ${email}, attributes: { email: ${email}, email_verified: true, name: "User ${i}" }, groups: [${GROUPS[i % GROUPS.length]}], invitation: suppress }`;
  });
  return [
    "version: 1",
    "stack: users-scale",
    "region: us-east-1",
    "userPools:",
    "  - name: Users-Scale",
    "    deletionProtection: false",
    "    signIn: { usernameAttributes: [email], caseSensitive: false }",
    `    prune: { users: ${pruneUsers} }`,
    "    groups:",
    ...GROUPS.map((g, i) => `      - { name: ${g}, precedence: ${i + 1} }`),
    "    users:",
    ...users,
    "",
  ].join("\n");
}

beforeAll(async () => {
  emulator = await startEmulator();
  idp = idpClient(emulator.url);
  args = ["-f", dir.write("users.yaml", usersYaml(false)), "--endpoint-url", emulator.url, ...fast];
});
afterAll(async () => {
  idp?.destroy();
  await emulator?.stop();
});

describe(`${USERS} declared users in ${GROUPS.length} groups`, () => {
  it("apply from empty, then plan shows no changes", async () => {
    const apply = await runCli(["apply", ...args, "--auto-approve"]);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toContain(`Apply complete: ${1 + GROUPS.length + USERS} operations; live state matches the file.`);
    const plan = await runCli(["plan", ...args, "--detailed-exitcode"]);
    expect(plan.code).toBe(0);
    poolId = await userPoolIdNamed(idp, "Users-Scale");
  });

  it("drift finds an attribute changed, a user disabled and a membership removed with the SDK, and lists an undeclared user", async () => {
    await idp.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: "user7@example.com", UserAttributes: [{ Name: "name", Value: "Renamed" }] }));
    await idp.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: "user8@example.com" }));
    await idp.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "user9@example.com", GroupName: "g4" }));
    await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: "stranger@example.com", UserAttributes: [{ Name: "email", Value: "stranger@example.com" }], MessageAction: "SUPPRESS" }));

    const drift = await runCli(["drift", ...args, "--format", "json"]);
    expect(drift.code).toBe(2);
    const report = JSON.parse(drift.stdout) as {
      changes: { address: string; action: string; fields: { path: string; before: unknown; after: unknown }[] }[];
      unmanaged: { address: string; reason: string }[];
    };
    const drifted = report.changes.filter((c) => c.action !== "no-op").map((c) => ({ address: c.address, fields: c.fields.map((f) => [f.path, f.before, f.after]) }));
    expect(drifted).toEqual([
      { address: "userPool.Users-Scale/user.user7@example.com", fields: [["attributes.name", "Renamed", "User 7"]] },
      { address: "userPool.Users-Scale/user.user8@example.com", fields: [["enabled", false, true]] },
      { address: "userPool.Users-Scale/user.user9@example.com", fields: [["groups", [], ["g4"]]] },
    ]);
    expect(report.unmanaged).toHaveLength(1);
    expect(report.unmanaged[0]!.reason).toBe("not in the file; kept because prune.users is false");

    expect((await runCli(["apply", ...args, "--auto-approve"])).code).toBe(0);
    expect((await runCli(["drift", ...args])).code).toBe(0);
    const stranger = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "stranger@example.com" }));
    expect(stranger.Username).toBeDefined();
  });

  it("plan on 1,000 users reads with list pages only: ListUsers = ceil(1000/60), no per-user call", async () => {
    const limit = pLimit(8);
    await Promise.all(
      Array.from({ length: 1000 - USERS - 1 }, (_, i) =>
        limit(() =>
          idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: `extra${i}@example.com`, UserAttributes: [{ Name: "email", Value: `extra${i}@example.com` }], MessageAction: "SUPPRESS" })),
        ),
      ),
    );
    await emulator.resetCalls();
    const plan = await runCli(["plan", ...args, "--detailed-exitcode"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("and 480 more users not in the file");
    const calls = await emulator.calls();
    expect(calls.AdminGetUser).toBeUndefined();
    expect(calls.AdminListGroupsForUser).toBeUndefined();
    expect(calls.ListUsers).toBe(Math.ceil(1000 / 60));
    // 100 members a group, 60 a page: two pages each.
    expect(calls.ListUsersInGroup).toBe(GROUPS.length * 2);
    const perUserCalls = Object.entries(calls).filter(([op]) => op.startsWith("Admin"));
    expect(perUserCalls).toEqual([]);
  });

  it("undeclared users are deleted only with prune.users: true and --allow-destroy", async () => {
    const pruning = ["-f", dir.write("prune.yaml", usersYaml(true)), "--endpoint-url", emulator.url, ...fast];
    const plan = await runCli(["plan", ...pruning, "--format", "json"]);
    const deletes = (JSON.parse(plan.stdout) as { changes: { action: string; kind: string }[] }).changes.filter((c) => c.action === "delete");
    expect(deletes).toHaveLength(500);
    expect(deletes.every((c) => c.kind === "user")).toBe(true);
    const refused = await runCli(["apply", ...pruning, "--auto-approve"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("deleting 500 users not in the file (prune.users: true) needs --allow-destroy as well");
    expect((await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "stranger@example.com" }))).Username).toBeTruthy();
    expect((await runCli(["apply", ...pruning, "--auto-approve", "--allow-destroy"])).code).toBe(0);
    await expect(idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "stranger@example.com" }))).rejects.toMatchObject({ name: "UserNotFoundException" });
    // Every page of the pool's users: exactly the declared ones are left.
    const left = (await allUsers(idp, poolId)).map((u) => u.Attributes?.find((a) => a.Name === "email")?.Value);
    expect(left.sort()).toEqual(Array.from({ length: USERS }, (_, i) => `user${i}@example.com`).sort());
  });
});
