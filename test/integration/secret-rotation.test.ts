// Client secret rotation end to end, against the emulator, with the test's own clock (secrets'
// creation dates moved through the emulator): a secret older than maxAge gets a second one on
// apply, the older is retired only once the newer has existed longer than overlap, outputs
// --show-secrets prints the newest, rotate-secret adds one at once, and no secret value appears in
// any other output.
import {
  DeleteUserPoolClientSecretCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolClientSecretsCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { clientIdNamed, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix, type CliResult } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { describeFindings, findSecrets, type Secret } from "../security/secret-scan.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `rotation-${suffix}`;
const poolName = `Rotation-${suffix}`;
const dir = tempDir();
const DAY = 86_400;
let idp: CognitoIdentityProviderClient;

const FILE = `${onePoolFileHead(stack, poolName)}    clients:
      - name: machine
        generateSecret: true
        authFlows: [ALLOW_REFRESH_TOKEN_AUTH]
        secretRotation: { maxAge: 30d, overlap: 7d }
`;

/** Every command's output, to be scanned for secret values at the end. */
const outputs: { label: string; result: CliResult }[] = [];
async function cli(label: string, ...args: string[]): Promise<CliResult> {
  const result = await runCli([...args, "--endpoint-url", endpoint]);
  outputs.push({ label, result });
  return result;
}

let file = "";
let poolId = "";
let clientId = "";
const seen: Secret[] = [];

async function secretsOf(): Promise<{ id: string; created: Date }[]> {
  const listed = await idp.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }));
  return (listed.ClientSecrets ?? []).map((s) => ({ id: s.ClientSecretId!, created: s.ClientSecretCreateDate! })).sort((a, b) => a.created.getTime() - b.created.getTime());
}

/** The secret DescribeUserPoolClient shows now (the newest), remembered for the scan. */
async function currentSecret(label: string): Promise<string> {
  const value = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!.ClientSecret!;
  if (!seen.some((s) => s.value === value)) seen.push({ name: label, value });
  return value;
}

/** The test's clock: the secret was created `days` ago. */
async function age(secretId: string, days: number): Promise<void> {
  const response = await fetch(`${endpoint}/_emulator/client-secret-date`, {
    method: "POST",
    body: JSON.stringify({ clientId, clientSecretId: secretId, createDate: Date.now() / 1000 - days * DAY }),
  });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  idp = idpClient(endpoint);
  file = dir.write("rotation.yaml", FILE);
  const applied = await cli("apply (create)", "apply", "-f", file, "--auto-approve");
  expect(applied.code, applied.stderr).toBe(0);
  poolId = await userPoolIdNamed(idp, poolName);
  clientId = await clientIdNamed(idp, poolId, "machine");
});

describe("secretRotation", () => {
  it("leaves a young secret alone", async () => {
    expect(await secretsOf()).toHaveLength(1);
    const plan = await cli("plan (young)", "plan", "-f", file, "--detailed-exitcode");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("adds a second secret once the newest is older than maxAge, keeping the older through the overlap", async () => {
    const original = await currentSecret("original secret");
    const [first] = await secretsOf();
    await age(first!.id, 31);

    const drift = await cli("drift (due)", "drift", "-f", file);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain(`+ userPool.${poolName}/clientSecret.machine/new  (create: rotate: add a secret (the newest is 31d old; maxAge 30d))`);

    const applied = await cli("apply (rotate)", "apply", "-f", file, "--auto-approve");
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/clientSecret\.machine\/new: created \(secret \S+ added\)/);
    const secrets = await secretsOf();
    expect(secrets.map((s) => s.id)[0]).toBe(first!.id);
    expect(secrets).toHaveLength(2);

    // The newest is what applications read.
    const newest = await currentSecret("rotated secret");
    expect(newest).not.toBe(original);
    const shown = await cli("outputs --show-secrets", "outputs", "-f", file, "--show-secrets");
    expect(JSON.parse(shown.stdout).userPools[poolName].clients.machine.clientSecret).toBe(newest);

    // Within the overlap both stay.
    await age(secrets[1]!.id, 6);
    const plan = await cli("plan (overlap)", "plan", "-f", file, "--detailed-exitcode");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("retires the older secret once the newer has existed longer than overlap", async () => {
    const [older, newer] = await secretsOf();
    await age(newer!.id, 8);
    const plan = await cli("plan (retire)", "plan", "-f", file);
    expect(plan.stdout).toContain(`- userPool.${poolName}/clientSecret.machine/${older!.id}  (delete: retire: a newer secret has existed longer than secretRotation.overlap)`);
    expect(plan.stdout).toContain("Plan: 0 to create, 0 to update, 0 to replace, 1 to delete.");
    const applied = await cli("apply (retire)", "apply", "-f", file, "--auto-approve");
    expect(applied.code, applied.stderr).toBe(0);
    expect((await secretsOf()).map((s) => s.id)).toEqual([newer!.id]);
  });

  it("rotate-secret adds one at once, shows its value only when asked, and refuses a third", async () => {
    const quiet = await cli("rotate-secret", "rotate-secret", "-f", file, "--client", "machine");
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout).toMatch(/^added secret \S+ to client machine \(pool \S+\); the older secret keeps working until apply retires it \(secretRotation.overlap\)\n$/);
    await currentSecret("secret added by rotate-secret");

    const refused = await cli("rotate-secret (third)", "rotate-secret", "-f", file, "--client", "machine", "--show-secrets");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: AddUserPoolClientSecret \(\S+ client \S+\): the client already holds two secrets, the most AWS allows; .+\n$/);

    const [older] = await secretsOf();
    await idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: older!.id }));
    const shown = await cli("rotate-secret --show-secrets", "rotate-secret", "-f", file, "--client", "machine", "--show-secrets");
    expect(shown.code, shown.stderr).toBe(0);
    const value = /^clientSecret: (\S+)$/m.exec(shown.stdout)?.[1];
    expect(value).toBe(await currentSecret("secret added by rotate-secret --show-secrets"));
  });

  it("no secret value reaches any output but outputs and rotate-secret with --show-secrets", () => {
    const allowed = new Set(["outputs --show-secrets", "rotate-secret --show-secrets"]);
    const findings = outputs
      .filter((o) => !allowed.has(o.label))
      .flatMap(({ label, result }) => [...findSecrets(result.stdout, `${label}: stdout`, seen), ...findSecrets(result.stderr, `${label}: stderr`, seen)]);
    expect(seen.length).toBeGreaterThanOrEqual(4);
    expect(findings, describeFindings(findings)).toEqual([]);
  });
});
