import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  UpdateResourceServerCommand,
  UpdateUserPoolClientCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { clientIdsByName, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli as runCliWithoutPasswords, type CliResult } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { describeFindings, DirectoryScanner, type Secret } from "../security/secret-scan.js";

/**
 * examples/myapp.yaml against an emulator of its own, so the calls counted at the emulator are
 * this file's alone.
 */
const example = join(import.meta.dirname, "..", "..", "examples", "myapp.yaml");
const dir = tempDir();
let emulator: Emulator;
let idp: CognitoIdentityProviderClient;
let args: string[];

beforeAll(async () => {
  emulator = await startEmulator();
  idp = idpClient(emulator.url);
  args = ["-f", example, "--endpoint-url", emulator.url];
});
afterAll(async () => {
  idp?.destroy();
  await emulator?.stop();
});

const READ_ONLY = /^(List|Describe|Get)/;
const ADMIN_TEMP_PASSWORD = "Adm1n-Temp-Pa55!";
const USER_TEMP_PASSWORD = "Us3r-Temp-Pa55!";
/** The example reads the users' temporary passwords from the environment. */
const runCli = (cliArgs: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> =>
  runCliWithoutPasswords(cliArgs, { ...options, env: { ADMIN_TEMP_PASSWORD, USER_TEMP_PASSWORD, ...options.env } });

const poolId = (): Promise<string> => userPoolIdNamed(idp, "MyApp-UserPool");
const clientsByName = (id: string): Promise<Map<string, string>> => clientIdsByName(idp, id);

describe("examples/myapp.yaml, the user-pool part", () => {
  it("needs the temporary passwords from the environment", async () => {
    const missing = await runCliWithoutPasswords(["validate", "-f", example]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/myapp\.yaml:\d+:\d+: environment variable ADMIN_TEMP_PASSWORD is not set/);
  });

  it("applies from empty, then plan shows no changes", async () => {
    const apply = await runCli(["apply", ...args, "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    for (const address of ["domain.myapp-dev-auth", "resourceServer.https://api.example.com", "client.MyApp-ClientCredentials", "client.MyApp-UserAuth", "group.premium", "user.admin@example.com", "user.user@example.com"]) {
      expect(apply.stdout).toContain(`+ userPool.MyApp-UserPool/${address}: created`);
    }
    const plan = await runCli(["plan", ...args, "--detailed-exitcode"]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("No changes.");
  });

  it("a second apply makes no mutating AWS call (counted at the emulator)", async () => {
    await emulator.resetCalls();
    const apply = await runCli(["apply", ...args, "--auto-approve"]);
    expect(apply.code).toBe(0);
    const calls = await emulator.calls();
    expect(Object.keys(calls).length).toBeGreaterThan(0);
    expect(Object.keys(calls).filter((op) => !READ_ONLY.test(op))).toEqual([]);
  });

  it("drift names a client's callback URL and a resource server scope changed with the SDK; apply converges", async () => {
    const id = await poolId();
    const clientId = (await clientsByName(id)).get("MyApp-UserAuth")!;
    const client = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: clientId }))).UserPoolClient!;
    const { ClientSecret: _s, CreationDate: _c, LastModifiedDate: _l, ...updatable } = client;
    await idp.send(new UpdateUserPoolClientCommand({ ...updatable, UserPoolId: id, ClientId: clientId, CallbackURLs: [...client.CallbackURLs!, "https://evil.example.com/cb"] }));
    const server = (await idp.send(new DescribeResourceServerCommand({ UserPoolId: id, Identifier: "https://api.example.com" }))).ResourceServer!;
    await idp.send(
      new UpdateResourceServerCommand({
        UserPoolId: id,
        Identifier: server.Identifier,
        Name: server.Name,
        Scopes: server.Scopes!.map((s) => (s.ScopeName === "write" ? { ...s, ScopeDescription: "Write everything" } : s)),
      }),
    );

    const drift = await runCli(["drift", ...args, "--format", "json"]);
    expect(drift.code).toBe(2);
    const changes = (JSON.parse(drift.stdout) as { changes: { address: string; action: string; fields: { path: string; before: unknown; after: unknown }[] }[] }).changes;
    expect(changes.filter((c) => c.action !== "no-op").map((c) => ({ address: c.address, fields: c.fields.map((f) => [f.path, f.before, f.after]) }))).toEqual([
      {
        address: "userPool.MyApp-UserPool/resourceServer.https://api.example.com",
        fields: [["scopes.write", "Write everything", "Write access"]],
      },
      {
        address: "userPool.MyApp-UserPool/client.MyApp-UserAuth",
        fields: [
          [
            "oauth.callbackUrls",
            ["https://app.example.com/callback", "https://evil.example.com/cb"],
            ["https://app.example.com/callback"],
          ],
        ],
      },
    ]);

    expect((await runCli(["apply", ...args, "--auto-approve"])).code).toBe(0);
    expect((await runCli(["drift", ...args])).code).toBe(0);
  });

  it("outputs prints the ids the SDK lists, and the client secret only with --show-secrets", async () => {
    const id = await poolId();
    const clients = await clientsByName(id);
    const machineId = clients.get("MyApp-ClientCredentials")!;
    const secret = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: machineId }))).UserPoolClient!.ClientSecret!;
    expect(secret.length).toBeGreaterThan(8);

    const json = await runCli(["outputs", ...args]);
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { userPools: Record<string, { userPoolId: string; issuerUrl: string; domainUrl: string; tokenEndpoint: string; clients: Record<string, { clientId: string; clientSecret?: string }> }> };
    const pool = doc.userPools["MyApp-UserPool"]!;
    expect(pool.userPoolId).toBe(id);
    expect(pool.issuerUrl).toBe(`https://cognito-idp.us-east-1.amazonaws.com/${id}`);
    expect(pool.domainUrl).toBe("https://myapp-dev-auth.auth.us-east-1.amazoncognito.com");
    expect(pool.tokenEndpoint).toBe("https://myapp-dev-auth.auth.us-east-1.amazoncognito.com/oauth2/token");
    expect(pool.clients).toEqual({ "MyApp-ClientCredentials": { clientId: machineId }, "MyApp-UserAuth": { clientId: clients.get("MyApp-UserAuth") } });

    const dotenv = await runCli(["outputs", ...args, "--format", "dotenv"]);
    expect(dotenv.stdout).toContain(`COGNITO_MYAPP_USERPOOL_USER_POOL_ID=${id}\n`);
    expect(dotenv.stdout).toContain(`COGNITO_MYAPP_USERPOOL_CLIENT_MYAPP_CLIENTCREDENTIALS_ID=${machineId}\n`);
    expect(dotenv.stdout).not.toContain(secret);

    const shown = await runCli(["outputs", ...args, "--format", "dotenv", "--show-secrets"]);
    expect(shown.stdout).toContain(`COGNITO_MYAPP_USERPOOL_CLIENT_MYAPP_CLIENTCREDENTIALS_SECRET=${secret}\n`);
    const yaml = await runCli(["outputs", ...args, "--format", "yaml", "--show-secrets"]);
    expect(yaml.stdout).toContain(`clientSecret: ${secret}`);
  });

  it("no client secret reaches plan, drift, apply or outputs output, nor debug logs, nor any written file", async () => {
    const id = await poolId();
    const machineId = (await clientsByName(id)).get("MyApp-ClientCredentials")!;
    const secret = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: machineId }))).UserPoolClient!.ClientSecret!;
    const secrets: Secret[] = [
      { name: "client secret of MyApp-ClientCredentials", value: secret },
      { name: "ADMIN_TEMP_PASSWORD", value: ADMIN_TEMP_PASSWORD },
      { name: "USER_TEMP_PASSWORD", value: USER_TEMP_PASSWORD },
    ];
    const debug = ["--log-level", "debug"];
    // Every file a command can write goes into the scanned folder: saved plans (plan --out) and the
    // GitHub step summary that Markdown output is appended to. Relative --out paths land there too.
    const files = dir.path;
    const summary = (name: string) => ({ cwd: files, env: { GITHUB_STEP_SUMMARY: join(files, name) } });
    const writes = [
      ["plan", ["plan", ...args, ...debug, "--out", "plan.json"], { cwd: files }],
      ["plan --format markdown", ["plan", ...args, ...debug, "--format", "markdown", "--out", join(files, "plan-markdown.json")], summary("plan-summary.md")],
      ["plan --format json", ["plan", ...args, ...debug, "--format", "json", "--out", "plan-json.json"], { cwd: files }],
      ["drift --format markdown", ["drift", ...args, ...debug, "--format", "markdown"], summary("drift-summary.md")],
    ] as const;
    const written = ["plan.json", "plan-markdown.json", "plan-summary.md", "plan-json.json", "drift-summary.md"];
    const runs: { what: string; run: CliResult }[] = [];
    for (const [what, cliArgs, options] of writes) runs.push({ what, run: await runCli([...cliArgs], options) });
    // The saved plan is applied too (a no-op: nothing changed since it was made).
    runs.push({ what: "apply plan.json", run: await runCli(["apply", "plan.json", "--endpoint-url", emulator.url, ...debug], { cwd: files }) });
    runs.push(
      ...(await Promise.all(
        (
          [
            ["drift", ["drift", ...args, ...debug]],
            ["apply", ["apply", ...args, ...debug, "--auto-approve"]],
            ["outputs", ["outputs", ...args, ...debug]],
            ["outputs --format dotenv", ["outputs", ...args, ...debug, "--format", "dotenv"]],
          ] as const
        ).map(async ([what, cliArgs]) => ({ what, run: await runCli([...cliArgs], { cwd: files }) })),
      )),
    );
    for (const { what, run } of runs) {
      expect(run.code, `${what}: ${run.stderr}`).toBe(0);
      for (const value of [secret, ADMIN_TEMP_PASSWORD, USER_TEMP_PASSWORD]) expect(run.stdout + run.stderr, what).not.toContain(value);
    }
    // Debug logging was on, so the grep above looked at real log lines.
    expect(runs[0]!.run.stderr).toContain('"operation":"DescribeUserPoolClient"');

    // The commands really wrote their files, and they are not empty: the scan below reads something.
    expect(readdirSync(files).sort()).toEqual([...written].sort());
    for (const name of written) expect(statSync(join(files, name)).size, name).toBeGreaterThan(100);
    const findings = new DirectoryScanner(files).scan("plan --out, drift and GITHUB_STEP_SUMMARY", secrets);
    expect(findings, describeFindings(findings)).toEqual([]);
  });
});
