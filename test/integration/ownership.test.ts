import { CreateUserPoolCommand, DescribeUserPoolCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `owner-${suffix}`;
const dir = tempDir();
let idp: CognitoIdentityProviderClient;

beforeAll(() => {
  idp = idpClient(endpoint);
});

const describePool = async (id: string) => (await idp.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;

describe("ownership by the stack tag", () => {
  it("refuses a same-named untagged pool until --adopt, which adds the tag and nothing else", async () => {
    const name = `Handmade-${suffix}`;
    const created = await idp.send(
      new CreateUserPoolCommand({ PoolName: name, UserPoolTags: { owner: "console" }, Policies: { PasswordPolicy: { MinimumLength: 9 } } }),
    );
    const id = created.UserPool!.Id!;
    const file = dir.write("adopt.yaml", `version: 1\nstack: ${stack}\nregion: us-east-1\nuserPools:\n  - name: ${name}\n    deletionProtection: false\n`);
    const args = ["-f", file, "--endpoint-url", endpoint];

    const refused = await runCli(["plan", ...args]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: userPool.${name}: a pool named "${name}" already exists without the stack tag (${id}); run with --adopt to manage it from this file, or rename the entry\n`,
    );

    const plan = await runCli(["plan", ...args, "--adopt"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`tags.cognito-reconcile:stack: (none) -> "${stack}"`);

    const apply = await runCli(["apply", ...args, "--adopt", "--auto-approve"]);
    expect(apply.code).toBe(0);
    const pool = await describePool(id);
    expect(pool.UserPoolTags).toEqual({ owner: "console", "cognito-reconcile:stack": stack });
    expect(pool.Policies?.PasswordPolicy?.MinimumLength).toBe(9);

    const after = await runCli(["plan", ...args, "--detailed-exitcode"]);
    expect(after.code).toBe(0);
  });

  it("an id: entry manages that pool and renames it in place", async () => {
    const oldName = `Pinned-${suffix}`;
    const newName = `Renamed-${suffix}`;
    const id = (await idp.send(new CreateUserPoolCommand({ PoolName: oldName, UserPoolTags: { "cognito-reconcile:stack": stack } }))).UserPool!.Id!;
    const file = dir.write("pinned.yaml", `version: 1\nstack: ${stack}\nregion: us-east-1\nuserPools:\n  - name: ${newName}\n    id: ${id}\n    deletionProtection: false\n`);
    const args = ["-f", file, "--endpoint-url", endpoint];

    const plan = await runCli(["plan", ...args, "--format", "json"]);
    const changes = (JSON.parse(plan.stdout) as { changes: { address: string; action: string; fields: { path: string; before: unknown; after: unknown }[] }[] }).changes;
    const pinned = changes.find((c) => c.address === `userPool.${newName}`)!;
    expect(pinned.action).toBe("update");
    expect(pinned.fields).toContainEqual({ path: "name", before: oldName, after: newName, sensitive: false, forcesReplacement: false });

    expect((await runCli(["apply", ...args, "--auto-approve"])).code).toBe(0);
    expect((await describePool(id)).Name).toBe(newName);
  });

  it("an id: that does not exist is an error naming it", async () => {
    const file = dir.write("missing.yaml", `version: 1\nstack: ${stack}-x\nregion: us-east-1\nuserPools:\n  - name: Nope\n    id: us-east-1_DoesNotExist\n`);
    const plan = await runCli(["plan", "-f", file, "--endpoint-url", endpoint]);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toBe("error: userPool.Nope: no user pool with id us-east-1_DoesNotExist in us-east-1; fix the id or remove it to create a new pool\n");
  });
});
