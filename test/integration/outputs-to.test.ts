// outputs --to against an emulator of this file's own, so the calls counted there are this file's
// alone: the parameters and the secret hold what `outputs` prints, a second run writes nothing, a
// changed value is written again, what another stack or a person made is refused and left as it
// was, and no client secret reaches stdout, stderr or a log, even at --log-level debug.
import { DescribeUserPoolClientCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { DeleteParametersCommand, DescribeParametersCommand, ListTagsForResourceCommand, paginateGetParametersByPath, PutParameterCommand, SSMClient, type Parameter } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { clientIdNamed, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix, type CliResult } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { describeFindings, findSecrets, type Secret } from "../security/secret-scan.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

const suffix = uniqueSuffix();
const stack = `outputs-to-${suffix}`;
// A space in the pool's and a client's name: Parameter Store refuses it, the name level gets "_".
const poolName = `Outputs Pool-${suffix}`;
const poolLevel = `Outputs_Pool-${suffix}`;
const identityPoolName = `OutputsIdentity${suffix}`;
const dir = tempDir();
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const WRITES = ["PutParameter", "AddTagsToResource", "DeleteParameters", "CreateSecret", "PutSecretValue", "TagResource", "UpdateSecret"];

const FILE = `${onePoolFileHead(stack, poolName)}    domain: { prefix: outputs-${suffix} }
    resourceServers:
      - identifier: https://api.example.com
        name: API
        scopes: [{ name: read, description: Read }]
    clients:
      - name: Machine
        generateSecret: true
        oauth:
          flows: [client_credentials]
          scopes: [https://api.example.com/read]
      - name: Web App
        authFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
identityPools:
  - name: ${identityPoolName}
    providers:
      - { userPool: ${poolName}, client: Web App }
    roles:
      authenticated:
        name: OutputsAuth-${suffix}
        inlinePolicies:
          user-data:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:GetObject]
                Resource: "arn:aws:s3:::bucket/users/\${cognito-identity.amazonaws.com:sub}/*"
`;

let emulator: Emulator;
let idp: CognitoIdentityProviderClient;
let ssm: SSMClient;
let sm: SecretsManagerClient;
let file = "";
let clientSecret: Secret;
/** The document `outputs --show-secrets --format json` prints: what every destination must hold. */
let printed: { stack: string; userPools: Record<string, Record<string, unknown>>; identityPools: Record<string, Record<string, unknown>> };

interface Run extends CliResult {
  label: string;
}
/** Every run of `outputs --to`, scanned for the client secret at the end. */
const runs: Run[] = [];

/** outputs -f FILE ARGS against the emulator, at --log-level debug so that logs are scanned too. */
async function outputs(label: string, ...args: string[]): Promise<Run> {
  const result = await runCli(["outputs", "-f", file, ...args, "--endpoint-url", emulator.url, "--log-level", "debug"]);
  const run = { ...result, label };
  runs.push(run);
  return run;
}

/** stderr without the debug log lines: what a person reads. */
const messages = (run: CliResult) =>
  run.stderr
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("{"))
    .join("\n");

async function parametersUnder(path: string, decrypt = false): Promise<Map<string, Parameter>> {
  const found = new Map<string, Parameter>();
  for await (const page of paginateGetParametersByPath({ client: ssm }, { Path: path, Recursive: true, WithDecryption: decrypt })) {
    for (const p of page.Parameters ?? []) found.set(p.Name!, p);
  }
  return found;
}

async function writeCalls(): Promise<Record<string, number>> {
  const calls = await emulator.calls();
  return Object.fromEntries(Object.entries(calls).filter(([op]) => WRITES.includes(op)));
}

/** The parameters this file's outputs become under PREFIX, with the values `outputs` printed. */
function expectedParameters(prefix: string): Map<string, string> {
  const pool = printed.userPools[poolName] as Record<string, string> & { clients: Record<string, { clientId: string }> };
  const identityPool = printed.identityPools[identityPoolName] as { region: string; identityPoolId: string; roles: { authenticated: string } };
  const base = `${prefix}userPools/${poolLevel}/`;
  return new Map([
    [`${base}region`, pool.region!],
    [`${base}userPoolId`, pool.userPoolId!],
    [`${base}userPoolArn`, pool.userPoolArn!],
    [`${base}issuerUrl`, pool.issuerUrl!],
    [`${base}jwksUrl`, pool.jwksUrl!],
    [`${base}domainUrl`, pool.domainUrl!],
    [`${base}tokenEndpoint`, pool.tokenEndpoint!],
    [`${base}clients/Machine/clientId`, pool.clients.Machine!.clientId],
    [`${base}clients/Web_App/clientId`, pool.clients["Web App"]!.clientId],
    [`${prefix}identityPools/${identityPoolName}/region`, identityPool.region],
    [`${prefix}identityPools/${identityPoolName}/identityPoolId`, identityPool.identityPoolId],
    [`${prefix}identityPools/${identityPoolName}/roles/authenticated`, identityPool.roles.authenticated],
  ]);
}

beforeAll(async () => {
  emulator = await startEmulator();
  idp = idpClient(emulator.url);
  ssm = new SSMClient({ region: "us-east-1", endpoint: emulator.url, credentials });
  sm = new SecretsManagerClient({ region: "us-east-1", endpoint: emulator.url, credentials });
  file = dir.write("outputs.yaml", FILE);
  const applied = await runCli(["apply", "-f", file, "--auto-approve", "--endpoint-url", emulator.url]);
  expect(applied.code, applied.stderr).toBe(0);
  const poolId = await userPoolIdNamed(idp, poolName);
  const described = await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: await clientIdNamed(idp, poolId, "Machine") }));
  clientSecret = { name: "client secret (Machine)", value: described.UserPoolClient!.ClientSecret! };
  // The one place the secret belongs, and so not one of the scanned runs.
  const shown = await runCli(["outputs", "-f", file, "--show-secrets", "--endpoint-url", emulator.url]);
  expect(shown.code, shown.stderr).toBe(0);
  printed = JSON.parse(shown.stdout) as typeof printed;
  expect((printed.userPools[poolName] as { clients: { Machine: { clientSecret: string } } }).clients.Machine.clientSecret).toBe(clientSecret.value);
});

afterAll(async () => {
  idp?.destroy();
  ssm?.destroy();
  sm?.destroy();
  await emulator?.stop();
});

describe("outputs --to ssm:/PREFIX/", () => {
  const prefix = `/outputs-${suffix}/dev/`;

  it("without --show-secrets writes every value but the client secret, as String parameters tagged with the stack, and says the secret was left out", async () => {
    const run = await outputs("ssm (first)", "--to", `ssm:${prefix.slice(0, -1)}`);
    expect(run.code, messages(run)).toBe(0);
    const expected = expectedParameters(prefix);
    expect(run.stdout).toBe(`${[...expected.keys()].map((name) => `+ ${name} (String)`).join("\n")}\nssm:${prefix} in us-east-1: 12 written, 0 unchanged\n`);
    expect(messages(run)).toBe("note: left out the client secrets of 1 client; pass --show-secrets to write them as well");

    const stored = await parametersUnder(prefix);
    expect(new Map([...stored].map(([name, p]) => [name, p.Value]))).toEqual(expected);
    expect(new Set([...stored.values()].map((p) => p.Type))).toEqual(new Set(["String"]));
    for (const name of [...expected.keys()].slice(0, 3)) {
      const tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: name }));
      expect(tags.TagList).toEqual([{ Key: "cognito-reconcile:stack", Value: stack }]);
    }
  });

  it("a second run reads and makes no write call", async () => {
    await emulator.resetCalls();
    const run = await outputs("ssm (again)", "--to", `ssm:${prefix}`);
    expect(run.code, messages(run)).toBe(0);
    expect(run.stdout).toBe(`ssm:${prefix} in us-east-1: 0 written, 12 unchanged\n`);
    const calls = await emulator.calls();
    expect(await writeCalls()).toEqual({});
    expect(calls).toMatchObject({ GetParameters: 2, ListTagsForResource: 12 });
  });

  it("with --show-secrets adds the client secret as a SecureString (with AWS's own key), and the next run writes nothing", async () => {
    const run = await outputs("ssm --show-secrets", "--to", `ssm:${prefix}`, "--show-secrets");
    expect(run.code, messages(run)).toBe(0);
    const secretName = `${prefix}userPools/${poolLevel}/clients/Machine/clientSecret`;
    expect(run.stdout).toBe(`+ ${secretName} (SecureString)\nssm:${prefix} in us-east-1: 1 written, 12 unchanged\n`);
    expect(messages(run)).toBe("");
    const stored = (await parametersUnder(prefix, true)).get(secretName);
    expect({ type: stored?.Type, matches: stored?.Value === clientSecret.value }).toEqual({ type: "SecureString", matches: true });
    const described = await ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Option: "Equals", Values: [secretName] }] }));
    expect(described.Parameters?.[0]?.KeyId).toBe("alias/aws/ssm");

    await emulator.resetCalls();
    const again = await outputs("ssm --show-secrets (again)", "--to", `ssm:${prefix}`, "--show-secrets");
    expect(again.code, messages(again)).toBe(0);
    expect(again.stdout).toBe(`ssm:${prefix} in us-east-1: 0 written, 13 unchanged\n`);
    expect(await writeCalls()).toEqual({});
  });

  it("a value changed behind the tool's back is written again, and only that one", async () => {
    const name = `${prefix}userPools/${poolLevel}/clients/Web_App/clientId`;
    await ssm.send(new PutParameterCommand({ Name: name, Value: "changed-by-hand", Type: "String", Overwrite: true }));
    await emulator.resetCalls();
    const run = await outputs("ssm (a value changed)", "--to", `ssm:${prefix}`);
    expect(run.code, messages(run)).toBe(0);
    expect(run.stdout).toBe(`~ ${name} (String)\nssm:${prefix} in us-east-1: 1 written, 11 unchanged\n`);
    expect(await writeCalls()).toEqual({ PutParameter: 1 });
    expect((await parametersUnder(prefix)).get(name)?.Value).toBe(expectedParameters(prefix).get(name));
    // Without --show-secrets the secret's parameter was neither read nor written: still there.
    expect((await parametersUnder(prefix, true)).get(`${prefix}userPools/${poolLevel}/clients/Machine/clientSecret`)?.Value === clientSecret.value).toBe(true);
  });

  it("names what this stack wrote for an output it no longer has, deletes it only with --prune, and leaves the rest under the prefix alone", async () => {
    // As a client dropped from the file leaves it: tagged with this stack, under the prefix, no output's name.
    const gone = `${prefix}userPools/${poolLevel}/clients/Dropped/clientId`;
    await ssm.send(new PutParameterCommand({ Name: gone, Value: "old-client", Type: "String", Tags: [{ Key: "cognito-reconcile:stack", Value: stack }] }));
    const byHand = `${prefix}notes/owner`;
    await ssm.send(new PutParameterCommand({ Name: byHand, Value: "team-a", Type: "String" }));
    const theirs = `${prefix}userPools/${poolLevel}/clients/Theirs/clientId`;
    await ssm.send(new PutParameterCommand({ Name: theirs, Value: "their-client", Type: "String", Tags: [{ Key: "cognito-reconcile:stack", Value: "another-stack" }] }));
    const leftOutSecret = `${prefix}userPools/${poolLevel}/clients/Machine/clientSecret`;
    const leftOut = "note: left out the client secrets of 1 client; pass --show-secrets to write them as well";

    await emulator.resetCalls();
    const named = await outputs("ssm (an output gone)", "--to", `ssm:${prefix}`);
    expect(named.code, messages(named)).toBe(0);
    expect(named.stdout).toBe(`ssm:${prefix} in us-east-1: 0 written, 12 unchanged\n`);
    expect(messages(named)).toBe(`${leftOut}\nnote: 1 parameter under ssm:${prefix} in us-east-1 written by stack "${stack}" is no longer an output (${gone}); --prune deletes it`);
    expect(await writeCalls()).toEqual({});

    const pruned = await outputs("ssm --prune", "--to", `ssm:${prefix}`, "--prune");
    expect(pruned.code, messages(pruned)).toBe(0);
    expect(pruned.stdout).toBe(`- ${gone}\nssm:${prefix} in us-east-1: 0 written, 12 unchanged, 1 deleted\n`);
    expect(messages(pruned)).toBe(leftOut);
    expect(await writeCalls()).toEqual({ DeleteParameters: 1 });
    const stored = await parametersUnder(prefix);
    expect(stored.has(gone)).toBe(false);
    // What a person or another stack wrote, and the secret this run left out (its client is still an output), stay.
    expect([byHand, theirs, leftOutSecret].filter((name) => !stored.has(name))).toEqual([]);

    const again = await outputs("ssm --prune (again)", "--to", `ssm:${prefix}`, "--prune");
    expect(again.stdout).toBe(`ssm:${prefix} in us-east-1: 0 written, 12 unchanged, 0 deleted\n`);
    for (const name of [byHand, theirs]) await ssm.send(new DeleteParametersCommand({ Names: [name] }));
  });

  it("--prune goes with --to ssm: only, said before anything is read", async () => {
    const run = await runCli(["outputs", "-f", file, "--to", "secretsmanager:x", "--prune", "--endpoint-url", emulator.url]);
    expect(run.stdout).toBe("");
    expect(run.stderr.trimEnd()).toBe("error: --prune deletes Parameter Store parameters the outputs no longer have; give --to ssm:/PREFIX/, or drop it (a secret is always written whole)");
    expect(run.code).toBe(1);
  });

  it("refuses, one line each and before writing anything, parameters of its names that another stack or a person made, and leaves them as they were", async () => {
    const other = `/outputs-${suffix}/shared/`;
    const base = `${other}userPools/${poolLevel}/`;
    await ssm.send(new PutParameterCommand({ Name: `${base}region`, Value: "us-east-1", Type: "String" }));
    await ssm.send(new PutParameterCommand({ Name: `${base}userPoolId`, Value: "someone-else", Type: "String", Tags: [{ Key: "cognito-reconcile:stack", Value: "another-stack" }] }));
    await emulator.resetCalls();
    const run = await outputs("ssm (not ours)", "--to", `ssm:${other}`);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(messages(run).split("\n")).toEqual([
      "note: left out the client secrets of 1 client; pass --show-secrets to write them as well",
      `error: SSM parameter ${base}region exists and has no cognito-reconcile:stack tag; stack "${stack}" does not overwrite what it did not write: delete it, or choose another --to prefix`,
      `error: SSM parameter ${base}userPoolId exists and belongs to stack "another-stack" (cognito-reconcile:stack=another-stack); stack "${stack}" does not overwrite what it did not write: delete it, or choose another --to prefix`,
    ]);
    expect(await writeCalls()).toEqual({});
    const stored = await parametersUnder(other);
    expect([...stored].map(([name, p]) => [name, p.Value, p.Version])).toEqual([
      [`${base}region`, "us-east-1", 1],
      [`${base}userPoolId`, "someone-else", 1],
    ]);
  });
});

describe("outputs --to secretsmanager:NAME", () => {
  const name = `outputs-${suffix}/dev`;

  it("creates one secret, tagged with the stack, holding what outputs --format json prints; a second run writes nothing", async () => {
    const run = await outputs("secretsmanager --show-secrets", "--to", `secretsmanager:${name}`, "--show-secrets");
    expect(run.code, messages(run)).toBe(0);
    expect(run.stdout).toBe(`secretsmanager:${name} in us-east-1: created\n`);
    expect(messages(run)).toBe("");
    const value = await sm.send(new GetSecretValueCommand({ SecretId: name }));
    expect(JSON.parse(value.SecretString!)).toEqual(printed);
    expect((await sm.send(new DescribeSecretCommand({ SecretId: name }))).Tags).toEqual([{ Key: "cognito-reconcile:stack", Value: stack }]);

    await emulator.resetCalls();
    const again = await outputs("secretsmanager --show-secrets (again)", "--to", `secretsmanager:${name}`, "--show-secrets");
    expect(again.code, messages(again)).toBe(0);
    expect(again.stdout).toBe(`secretsmanager:${name} in us-east-1: unchanged\n`);
    expect(await writeCalls()).toEqual({});
    expect(await emulator.calls()).toMatchObject({ DescribeSecret: 1, GetSecretValue: 1 });
  });

  it("a value changed behind the tool's back gets a new version with the outputs", async () => {
    await sm.send(new PutSecretValueCommand({ SecretId: name, SecretString: '{"changed":"by hand"}' }));
    await emulator.resetCalls();
    const run = await outputs("secretsmanager (a value changed)", "--to", `secretsmanager:${name}`, "--show-secrets");
    expect(run.code, messages(run)).toBe(0);
    expect(run.stdout).toBe(`secretsmanager:${name} in us-east-1: updated (a new current version)\n`);
    expect(await writeCalls()).toEqual({ PutSecretValue: 1 });
    expect(JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString!)).toEqual(printed);
  });

  it("without --show-secrets does not strip the secrets from a secret that holds them", async () => {
    await emulator.resetCalls();
    const run = await outputs("secretsmanager without --show-secrets (holds secrets)", "--to", `secretsmanager:${name}`);
    expect(run.code).toBe(1);
    expect(messages(run).split("\n")).toEqual([
      "note: left out the client secrets of 1 client; pass --show-secrets to write them as well",
      `error: Secrets Manager secret ${name} holds client secrets, which a run without --show-secrets would remove from it: run with --show-secrets to keep them up to date`,
    ]);
    expect(await writeCalls()).toEqual({});
  });

  it("without --show-secrets writes the document without client secrets to a secret of its own", async () => {
    const plain = `${name}-plain`;
    const run = await outputs("secretsmanager without --show-secrets", "--to", `secretsmanager:${plain}`);
    expect(run.code, messages(run)).toBe(0);
    expect(run.stdout).toBe(`secretsmanager:${plain} in us-east-1: created\n`);
    const { clientSecret: _left, ...machine } = (printed.userPools[poolName] as { clients: { Machine: { clientSecret: string } } }).clients.Machine;
    const stored = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: plain }))).SecretString!) as typeof printed;
    expect(stored).toEqual({ ...printed, userPools: { [poolName]: { ...printed.userPools[poolName], clients: { ...(printed.userPools[poolName]!.clients as object), Machine: machine } } } });
  });

  it("refuses a secret of that name that this stack did not make, without reading its value", async () => {
    const foreign = `outputs-${suffix}/foreign`;
    await sm.send(new CreateSecretCommand({ Name: foreign, SecretString: "hand-made" }));
    await emulator.resetCalls();
    const run = await outputs("secretsmanager (not ours)", "--to", `secretsmanager:${foreign}`, "--show-secrets");
    expect(run.code).toBe(1);
    expect(messages(run)).toBe(
      `error: Secrets Manager secret ${foreign} exists and has no cognito-reconcile:stack tag; stack "${stack}" does not overwrite what it did not write: delete it, or choose another secret name`,
    );
    const calls = await emulator.calls();
    expect({ writes: await writeCalls(), reads: calls.GetSecretValue ?? 0 }).toEqual({ writes: {}, reads: 0 });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: foreign }))).SecretString).toBe("hand-made");
  });
});

describe("outputs --to: mistakes are one line, before the file is read or AWS is called", () => {
  it.each([
    [["--to", "foo"], 'error: --to "foo": expected ssm:/PREFIX/ (one Parameter Store parameter per value, e.g. ssm:/myapp/dev/) or secretsmanager:NAME (one JSON secret)'],
    [["--to", "ssm:myapp/dev"], 'error: --to "ssm:myapp/dev": the prefix must start with /, e.g. ssm:/myapp/dev/'],
    [["--to", "secretsmanager:"], `error: --to "secretsmanager:": give the secret's name, e.g. secretsmanager:myapp/dev/cognito`],
    [["--to", "ssm:/x", "--format", "yaml"], "error: --format chooses how outputs are printed, and with --to they are written to ssm:/x/ instead: drop one of them"],
    [["--kms-key-id", "alias/k"], "error: --kms-key-id is the key of what --to writes; give --to ssm:/PREFIX/ or secretsmanager:NAME, or drop it"],
    [["--to", "ssm:/x", "--kms-key-id", "not a key"], 'error: --kms-key-id "not a key": expected a KMS key id, key ARN, alias (alias/NAME) or alias ARN'],
  ])("%j", async (args, expected) => {
    await emulator.resetCalls();
    // A file that does not exist: reading it would be an error of its own.
    const run = await runCli(["outputs", "-f", "missing.yaml", ...args, "--endpoint-url", emulator.url]);
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 1, stdout: "", stderr: `${expected}\n` });
    expect(await emulator.calls()).toEqual({});
  });
});

describe("outputs --to never shows a client secret", () => {
  it("in the stdout, stderr or debug logs of any run above", () => {
    expect(runs.length).toBeGreaterThanOrEqual(12);
    // The runs did log at debug level, so a clean scan is not the fruit of silence.
    expect(runs.every((r) => /"msg":"aws call"/.test(r.stderr))).toBe(true);
    const findings = runs.flatMap((r) => [...findSecrets(r.stdout, `${r.label}: stdout`, [clientSecret]), ...findSecrets(r.stderr, `${r.label}: stderr`, [clientSecret])]);
    expect(findings, describeFindings(findings)).toEqual([]);
  });
});
