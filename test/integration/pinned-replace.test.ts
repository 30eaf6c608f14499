import { DescribeUserPoolCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { userPoolIdsNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

/** An exported file pins its pool with id:, and a replacement gives the pool a new id. */
const endpoint = inject("emulatorUrl");
const dir = tempDir();
const suffix = uniqueSuffix();
const name = `Pinned-${suffix}`;
let idp: CognitoIdentityProviderClient;

beforeAll(() => {
  idp = idpClient(endpoint);
});
afterAll(() => idp?.destroy());

const file = (id: string | undefined, signIn: string) =>
  ["version: 1", `stack: pinned-${suffix}`, "region: us-east-1", "userPools:", `  - name: ${name}`, ...(id ? [`    id: ${id}`] : []), "    deletionProtection: false", `    signIn: ${signIn}`, "    groups: [{ name: admin }]", ""].join("\n");

const poolIds = (): Promise<string[]> => userPoolIdsNamed(idp, name);

describe("replacing a pool pinned with id:", () => {
  it("plan says the id changes, apply succeeds and prints the line to change", async () => {
    const args = ["-f", dir.write("pool.yaml", file(undefined, "{ usernameAttributes: [email] }")), "--endpoint-url", endpoint];
    expect((await runCli(["apply", ...args, "--auto-approve"])).code).toBe(0);
    const [oldId] = await poolIds();
    dir.write("pool.yaml", file(oldId, "{ usernameAttributes: [phone_number] }"));

    const plan = await runCli(["plan", ...args]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`the new pool gets a new id: after apply, replace id: ${oldId} in the file with the id apply prints`);

    const apply = await runCli(["apply", ...args, "--auto-approve", "--allow-replace"]);
    expect(apply.code, apply.stderr).toBe(0);
    const ids = await poolIds();
    expect(ids).toHaveLength(1);
    const [newId] = ids;
    expect(newId).not.toBe(oldId);
    await expect(idp.send(new DescribeUserPoolCommand({ UserPoolId: oldId }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect(apply.stdout).toContain(`userPool.${name} was replaced: its id is now ${newId}; in ${dir.path}/pool.yaml, change "id: ${oldId}" to "id: ${newId}"`);
    expect(apply.stdout).toContain("live state matches the file");
    const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: newId }));
    expect(described.UserPool?.UsernameAttributes).toEqual(["phone_number"]);

    dir.write("pool.yaml", file(newId, "{ usernameAttributes: [phone_number] }"));
    expect((await runCli(["plan", ...args, "--detailed-exitcode"])).code).toBe(0);
  });
});
