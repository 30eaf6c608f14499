import { AdminGetUserCommand, AdminListGroupsForUserCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { allUsers, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

/**
 * The user rules that protect people's accounts, end to end against the emulator: an email change
 * keeps the one account (same sub, groups and password), and a truncated user list deletes nobody
 * without --allow-destroy.
 */
const endpoint = inject("emulatorUrl");
const dir = tempDir();
const suffix = uniqueSuffix();
const fast = ["--rate-limit", "UserCreation=2000", "--rate-limit", "UserUpdate=2000", "--rate-limit", "UserList=2000"];
let idp: CognitoIdentityProviderClient;

beforeAll(() => {
  idp = idpClient(endpoint);
});
afterAll(() => idp?.destroy());

const poolIdOf = (name: string): Promise<string> => userPoolIdNamed(idp, name);
const usernamesOf = async (poolId: string): Promise<string[]> => (await allUsers(idp, poolId)).map((u) => u.Username!);

describe("an email change in an email-sign-in pool", () => {
  const pool = `Renames-${suffix}`;
  const file = (user: string) =>
    [
      "version: 1",
      `stack: renames-${suffix}`,
      "region: us-east-1",
      "userPools:",
      `  - name: ${pool}`,
      "    deletionProtection: false",
      "    signIn: { usernameAttributes: [email] }",
      "    groups: [{ name: admin }, { name: user }]",
      "    prune: { users: true }",
      "    users:",
      user,
      "",
    ].join("\n");
  const args = (name: string) => ["-f", `${dir.path}/${name}`, "--endpoint-url", endpoint, ...fast];

  it("is one update of the same user, and the next plan is empty", async () => {
    dir.write("before.yaml", file("      - { username: user07@example.com, attributes: { email_verified: true }, groups: [admin, user], invitation: suppress }"));
    expect((await runCli(["apply", ...args("before.yaml"), "--auto-approve"])).code).toBe(0);
    const poolId = await poolIdOf(pool);
    const before = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "user07@example.com" }));
    const sub = before.UserAttributes?.find((a) => a.Name === "sub")?.Value;
    expect(sub).toBeTruthy();

    dir.write(
      "after.yaml",
      file("      - { username: user07-new@example.com, renamedFrom: user07@example.com, attributes: { email_verified: true }, groups: [admin, user], invitation: suppress }"),
    );
    const plan = await runCli(["plan", ...args("after.yaml"), "--format", "json"]);
    expect(plan.code, plan.stderr).toBe(0);
    const changes = (JSON.parse(plan.stdout) as { changes: { address: string; action: string; fields: { path: string; before: unknown; after: unknown }[] }[] }).changes;
    const users = changes.filter((c) => c.address.includes("/user."));
    expect(users.map((c) => [c.address, c.action])).toEqual([[`userPool.${pool}/user.user07-new@example.com`, "update"]]);
    expect(users[0]!.fields.map((f) => [f.path, f.before, f.after])).toEqual([
      ["username", "user07@example.com", "user07-new@example.com"],
      ["attributes.email", "user07@example.com", "user07-new@example.com"],
    ]);

    const apply = await runCli(["apply", ...args("after.yaml"), "--auto-approve"]);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toContain("Apply complete: 1 operation;");

    const after = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "user07-new@example.com" }));
    expect(after.UserAttributes?.find((a) => a.Name === "sub")?.Value).toBe(sub);
    expect(after.UserAttributes?.find((a) => a.Name === "email_verified")?.Value).toBe("true");
    const groups = await idp.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "user07-new@example.com" }));
    expect(groups.Groups?.map((g) => g.GroupName).sort()).toEqual(["admin", "user"]);
    expect(await usernamesOf(poolId)).toHaveLength(1);

    const again = await runCli(["plan", ...args("after.yaml"), "--detailed-exitcode"]);
    expect(again.code, again.stdout).toBe(0);
  });

  it("written as a different email attribute is refused by validate, so no second account can follow", async () => {
    dir.write("contradiction.yaml", file("      - { username: user07@example.com, attributes: { email: user07-new@example.com } }"));
    const result = await runCli(["validate", "-f", `${dir.path}/contradiction.yaml`]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/contradiction\.yaml:11:\d+: attributes\.email "user07-new@example\.com" differs from username "user07@example\.com".*renamedFrom/);
  });
});

describe("a user list cut from 300 to 1 with prune.users: true", () => {
  const pool = `Truncated-${suffix}`;
  const file = (count: number) =>
    [
      "version: 1",
      `stack: truncated-${suffix}`,
      "region: us-east-1",
      "userPools:",
      `  - name: ${pool}`,
      "    deletionProtection: false",
      "    prune: { users: true }",
      "    users:",
      ...Array.from({ length: count }, (_, i) => `      - { username: user${String(i).padStart(3, "0")}, invitation: suppress }`),
      "",
    ].join("\n");

  it("deletes nobody without --allow-destroy and says why in one line", async () => {
    const args = ["-f", dir.write("users.yaml", file(300)), "--endpoint-url", endpoint, ...fast, "--concurrency", "16"];
    expect((await runCli(["apply", ...args, "--auto-approve"])).code).toBe(0);
    const poolId = await poolIdOf(pool);
    expect(await usernamesOf(poolId)).toHaveLength(300);

    dir.write("users.yaml", file(1));
    const plan = await runCli(["plan", ...args]);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain(`userPool.${pool}: deleting 299 users not in the file (prune.users: true) needs --allow-destroy as well`);

    const allowed = await runCli(["plan", ...args, "--allow-destroy"]);
    expect(allowed.stderr).toContain(`warning: userPool.${pool}: apply would delete 299 users not in the file (prune.users: true)`);

    const apply = await runCli(["apply", ...args, "--auto-approve"]);
    expect(apply.code).toBe(1);
    const errors = apply.stderr.split("\n").filter((line) => line.includes("299 users"));
    expect(errors).toHaveLength(1);
    expect(await usernamesOf(poolId)).toHaveLength(300);
  });
});
