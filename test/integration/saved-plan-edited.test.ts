import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DescribeUserPoolCommand, GetGroupCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { userPoolIdNamed } from "../helpers/aws-lists.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const poolName = `Edited-${suffix}`;
const pool = `userPool.${poolName}`;
const dir = tempDir();
let idp: CognitoIdentityProviderClient;

function file(minimumLength: number, adminPrecedence: number): string {
  return `version: 1
stack: edited-${suffix}
region: us-east-1
userPools:
  - name: ${poolName}
    deletionProtection: false
    passwordPolicy: { minimumLength: ${minimumLength} }
    groups:
      - { name: admin, precedence: ${adminPrecedence} }
      - { name: user, precedence: 10 }
`;
}

const cli = (args: string[]) => runCli([...args, "--endpoint-url", endpoint], { cwd: dir.path });

interface Field {
  path: string;
  before: unknown;
  after: unknown;
}
interface Change {
  address: string;
  kind: string;
  action: string;
  reason: string;
  fields: Field[];
}
interface Document {
  options: { allowDestroy: boolean };
  plan: { changes: Change[] };
}

/** A copy of the reviewed plan with one edit, written next to it. */
function editedCopy(name: string, edit: (document: Document) => void): string {
  const document = JSON.parse(readFileSync(join(dir.path, "reviewed.json"), "utf8")) as Document;
  edit(document);
  writeFileSync(join(dir.path, name), `${JSON.stringify(document, null, 2)}\n`);
  return name;
}

const changeAt = (document: Document, address: string) => document.plan.changes.find((c) => c.address === address)!;

/** What the plan would change, read back from the emulator. */
async function live(): Promise<{ minimumLength: number | undefined; adminPrecedence: number | undefined }> {
  const id = await userPoolIdNamed(idp, poolName);
  const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: id }));
  const admin = await idp.send(new GetGroupCommand({ UserPoolId: id, GroupName: "admin" }));
  return { minimumLength: described.UserPool?.Policies?.PasswordPolicy?.MinimumLength, adminPrecedence: admin.Group?.Precedence };
}

const BEFORE = { minimumLength: 10, adminPrecedence: 1 };

beforeAll(async () => {
  idp = idpClient(endpoint);
  dir.write("edited.yaml", file(10, 1));
  const created = await cli(["apply", "-f", "edited.yaml", "--auto-approve"]);
  expect(created.code, created.stderr).toBe(0);
  // The reviewed plan: the pool's minimum length 10 -> 12 and group admin's precedence 1 -> 2.
  dir.write("edited.yaml", file(12, 2));
  const plan = await cli(["plan", "-f", "edited.yaml", "--out", "reviewed.json"]);
  expect(plan.code, plan.stderr).toBe(0);
  expect(await live()).toEqual(BEFORE);
});

describe("a saved plan edited after review is not applied", () => {
  it("an edited after value: exit 3 naming the field, nothing changed", async () => {
    const plan = editedCopy("after.json", (d) => {
      changeAt(d, pool).fields.find((f) => f.path === "passwordPolicy.minimumLength")!.after = 99;
    });
    const result = await cli(["apply", plan]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 3,
      stderr: `error: the saved plan is stale: ${pool}: passwordPolicy.minimumLength: the saved plan says 10 -> 99, a new plan says 10 -> 12; make a new plan\n`,
    });
    expect(await live()).toEqual(BEFORE);
  });

  it("a removed change: exit 3 naming the address, nothing changed", async () => {
    const plan = editedCopy("removed.json", (d) => {
      d.plan.changes = d.plan.changes.filter((c) => c.address !== `${pool}/group.admin`);
    });
    const result = await cli(["apply", plan]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 3,
      stderr: `error: the saved plan is stale: ${pool}/group.admin: the saved plan does not list it, a new plan says update; make a new plan\n`,
    });
    expect(await live()).toEqual(BEFORE);
  });

  it("an added change: exit 3 naming the address, nothing changed", async () => {
    const plan = editedCopy("added.json", (d) => {
      d.plan.changes.push({ address: `${pool}/group.ghost`, kind: "group", action: "create", reason: "new", fields: [{ path: "precedence", before: null, after: 3 }] });
    });
    const result = await cli(["apply", plan]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: the saved plan is stale: ${pool}/group.ghost: the saved plan says create, a new plan does not list it; make a new plan\n`);
    expect(await live()).toEqual(BEFORE);
  });

  it("a changed action, with more than one difference: exit 3 naming the first and counting the rest", async () => {
    const plan = editedCopy("action.json", (d) => {
      const admin = changeAt(d, `${pool}/group.admin`);
      admin.action = "no-op";
      admin.fields = [];
      changeAt(d, pool).fields.find((f) => f.path === "passwordPolicy.minimumLength")!.before = 8;
    });
    const result = await cli(["apply", plan]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(`error: the saved plan is stale: ${pool}: passwordPolicy.minimumLength: the saved plan says 8 -> 12, a new plan says 10 -> 12 (and 1 more difference); make a new plan\n`);
    expect(await live()).toEqual(BEFORE);
  });

  it("an edit outside the changes (the flags it was made with): exit 3, nothing changed", async () => {
    const plan = editedCopy("flags.json", (d) => {
      d.options.allowDestroy = !d.options.allowDestroy;
    });
    const result = await cli(["apply", plan]);
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 3,
      stderr: `error: the saved plan is stale: ${plan} was edited after plan wrote it (its contentSha256 no longer matches); make a new plan\n`,
    });
    expect(await live()).toEqual(BEFORE);
  });

  it("the plan as reviewed still applies, laid out differently or not", async () => {
    // Only the content counts: the same plan indented otherwise is the same plan.
    const relaidOut = JSON.stringify(JSON.parse(readFileSync(join(dir.path, "reviewed.json"), "utf8")), null, 4);
    dir.write("relaid.json", relaidOut);
    const applied = await cli(["apply", "relaid.json"]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain("live state matches the file");
    expect(await live()).toEqual({ minimumLength: 12, adminPrecedence: 2 });

    const again = await cli(["apply", "reviewed.json"]);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: "" });
    expect(again.stdout).toContain("Nothing to do");
  });
});

describe("a saved plan whose new plan differs with no edit at all", () => {
  it("a value the file takes from the environment differs from the one reviewed: exit 3, nothing changed", async () => {
    const description = (text: string) => ({ EDITED_ADMIN_DESCRIPTION: text });
    const withEnv = (args: string[], env: Record<string, string>) => runCli([...args, "--endpoint-url", endpoint], { cwd: dir.path, env });
    dir.write("edited.yaml", file(12, 2).replace("{ name: admin, precedence: 2 }", '{ name: admin, precedence: 2, description: "${env:EDITED_ADMIN_DESCRIPTION}" }'));
    const plan = await withEnv(["plan", "-f", "edited.yaml", "--out", "env.json"], description("Reviewed"));
    expect(plan.code, plan.stderr).toBe(0);

    const id = await userPoolIdNamed(idp, poolName);
    const adminDescription = async () => (await idp.send(new GetGroupCommand({ UserPoolId: id, GroupName: "admin" }))).Group?.Description;
    const before = await adminDescription();

    // The file's bytes and live state are as they were; only what the new plan would write is not.
    const other = await withEnv(["apply", "env.json"], description("Not reviewed"));
    expect({ code: other.code, stderr: other.stderr }).toEqual({
      code: 3,
      stderr: `error: the saved plan is stale: ${pool}/group.admin: description: the saved plan says null -> "Reviewed", a new plan says null -> "Not reviewed"; make a new plan\n`,
    });
    expect(await adminDescription()).toBe(before);

    const same = await withEnv(["apply", "env.json"], description("Reviewed"));
    expect(same.code, same.stderr).toBe(0);
    expect(await adminDescription()).toBe("Reviewed");
  });
});
