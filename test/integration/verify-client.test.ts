import {
  DescribeUserPoolClientCommand,
  UpdateUserPoolClientCommand,
  type CognitoIdentityProviderClient,
  type UpdateUserPoolClientRequest,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { clientIdNamed, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix, type CliResult } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

/**
 * verify --client NAME without --user, against a small file of its own applied to an emulator of
 * this file's own: a client-credentials client gets a token from the pool's domain, signed with the
 * pool's key, with its id and the declared scopes.
 */
const suffix = uniqueSuffix();
const prefix = `vc-${suffix}`;
const API = "https://api.example.com";
const READ = `${API}/read`;
const WRITE = `${API}/write`;
const FILE_TEXT = `version: 1
stack: verify-client-${suffix}
region: us-east-1
userPools:
  - name: VerifyClient-Pool
    deletionProtection: false
    domain:
      prefix: ${prefix}
    resourceServers:
      - identifier: ${API}
        name: API
        scopes:
          - { name: read, description: Read access }
          - { name: write, description: Write access }
    clients:
      - name: Machine
        generateSecret: true
        authFlows: [ALLOW_REFRESH_TOKEN_AUTH]
        oauth:
          flows: [client_credentials]
          scopes: [${READ}, ${WRITE}]
        tokenValidity: { accessToken: 30m }
      - name: Web
        generateSecret: false
        authFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
  - name: VerifyClient-NoDomain
    deletionProtection: false
    resourceServers:
      - identifier: ${API}
        name: API
        scopes:
          - { name: read, description: Read access }
    clients:
      - name: Machine-NoDomain
        generateSecret: true
        authFlows: [ALLOW_REFRESH_TOKEN_AUTH]
        oauth:
          flows: [client_credentials]
          scopes: [${READ}]
`;

const dir = tempDir();
const file = dir.write("verify-client.yaml", FILE_TEXT);
let emulator: Emulator;
let idp: CognitoIdentityProviderClient;
let poolId: string;
let machineId: string;
let secret: string;

const cli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => runCli([...args, "--endpoint-url", emulator.url], { env });
const verify = (args: string[], env: Record<string, string> = {}): Promise<CliResult> => cli(["verify", "-f", file, ...args], env);

/** Anything shaped like a JWT, or one of its parts on its own (base64url of JSON starts with eyJ). */
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;
const JWT_PART = /eyJ[\w-]{10,}/;

function expectNoSecrets(run: CliResult, ...secrets: string[]): void {
  const output = run.stdout + run.stderr;
  for (const value of [secret, ...secrets]) expect(output).not.toContain(value);
  expect(output).not.toMatch(JWT);
  expect(output).not.toMatch(JWT_PART);
}

async function describeMachine(): Promise<UserPoolClientType> {
  return (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: machineId }))).UserPoolClient!;
}

/** UpdateUserPoolClient "behind the tool's back": the full live configuration with some fields changed. */
async function updateMachine(change: (live: UserPoolClientType) => Partial<UpdateUserPoolClientRequest>): Promise<void> {
  const live = await describeMachine();
  const { ClientSecret: _s, CreationDate: _c, LastModifiedDate: _m, ...config } = live;
  await idp.send(new UpdateUserPoolClientCommand({ ...config, ...change(live), UserPoolId: poolId, ClientId: machineId } as UpdateUserPoolClientRequest));
}

/** Puts the client back as the file declares it. */
async function reapply(): Promise<void> {
  const run = await cli(["apply", "-f", file, "--auto-approve"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
}

beforeAll(async () => {
  emulator = await startEmulator();
  idp = idpClient(emulator.url);
  await reapply();
  poolId = await userPoolIdNamed(idp, "VerifyClient-Pool");
  machineId = await clientIdNamed(idp, poolId, "Machine");
  secret = (await describeMachine()).ClientSecret!;
  expect(secret.length).toBeGreaterThan(8);
});
afterAll(async () => {
  idp?.destroy();
  await emulator?.stop();
});

describe("verify --client (client credentials)", () => {
  it("gets a token from the pool's domain, verifies it, and finds the client's id and declared scopes; prints no secret or token", async () => {
    const run = await verify(["--client", "Machine"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `PASS token: client Machine (${machineId}) got an access token from https://${prefix}.auth.us-east-1.amazoncognito.com/oauth2/token (sent to ${emulator.url}/oauth2/token), expires in 30m`,
        "PASS signature: RS256 signature checks out with key dummy of the pool's JWKS; iss, token_use, client_id and exp as expected",
        `PASS client_id claim: ${machineId}, the id of client Machine`,
        `PASS scope claim: [${READ}, ${WRITE}], as the file declares`,
        "",
      ].join("\n"),
    );
    expectNoSecrets(run);

    // At debug level too: the log lines name the requests, never what they carried.
    const debug = await verify(["--client", "Machine", "--log-level", "debug"]);
    expect(debug.code).toBe(0);
    expect(debug.stderr).toContain('"operation":"oauth2/token"');
    expect(debug.stderr).toContain('"operation":"DescribeUserPoolClient"');
    expectNoSecrets(debug);
  });

  it("the secret from --client-secret-env is what is checked: the right one passes, a wrong one is a FAIL token line", async () => {
    const right = await verify(["--client", "Machine", "--client-secret-env", "MACHINE_SECRET"], { MACHINE_SECRET: secret });
    expect(right.code).toBe(0);
    expect(right.stdout.split("\n")[0]).toBe(
      `PASS token: client Machine (${machineId}, secret from MACHINE_SECRET) got an access token from https://${prefix}.auth.us-east-1.amazoncognito.com/oauth2/token (sent to ${emulator.url}/oauth2/token), expires in 30m`,
    );

    const wrongSecret = "not-the-secret-0123456789";
    const wrong = await verify(["--client", "Machine", "--client-secret-env", "MACHINE_SECRET", "--log-level", "debug"], { MACHINE_SECRET: wrongSecret });
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toBe(
      "FAIL token: invalid_client: the token endpoint rejected client Machine's id and secret (the secret in MACHINE_SECRET is not the live client's; deploy the client's current secret (cognito-reconcile outputs --show-secrets))\n",
    );
    expectNoSecrets(wrong, wrongSecret);

    const unset = await verify(["--client", "Machine", "--client-secret-env", "MACHINE_SECRET_UNSET"]);
    expect(unset.code).toBe(1);
    expect(unset.stdout).toBe("");
    expect(unset.stderr).toBe(
      "error: environment variable MACHINE_SECRET_UNSET is not set; put the secret of client Machine in it, or leave --client-secret-env out to check with the live client's secret\n",
    );
  });

  it("a scope removed from the live client behind the tool's back is a FAIL token line naming it", async () => {
    await updateMachine(() => ({ AllowedOAuthScopes: [READ] }));
    try {
      const run = await verify(["--client", "Machine"]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(`FAIL token: invalid_scope: the live client does not allow scope ${WRITE} of the file; run plan\n`);
      expectNoSecrets(run);
    } finally {
      await reapply();
    }
  });

  it("the client_credentials flow removed from the live client behind the tool's back is a FAIL token line", async () => {
    await updateMachine(() => ({ AllowedOAuthFlowsUserPoolClient: false, AllowedOAuthFlows: [], AllowedOAuthScopes: [] }));
    try {
      const run = await verify(["--client", "Machine"]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("FAIL token: unauthorized_client: the live client does not allow the client_credentials flow; run plan/apply\n");
      expectNoSecrets(run);
    } finally {
      await reapply();
    }
    expect((await verify(["--client", "Machine"])).code).toBe(0);
  });

  it("a pool without a domain has no token endpoint: a FAIL token line saying to declare one", async () => {
    const run = await verify(["--client", "Machine-NoDomain"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      "FAIL token: user pool VerifyClient-NoDomain has no domain, and the token endpoint lives on the pool's domain; declare domain: (prefix or custom) under user pool VerifyClient-NoDomain and apply\n",
    );
    expectNoSecrets(run);
  });

  it("a client the file does not give client_credentials is a one-line error pointing at --user", async () => {
    const run = await verify(["--client", "Web"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `error: client Web of user pool VerifyClient-Pool in ${file} does not allow the client_credentials flow (oauth.flows), so verify --client alone has nothing to check; pass --user USERNAME to check a user's sign-in with it\n`,
    );
  });

  it("neither --user nor --client is a one-line usage error; --client-secret-env with --user is refused", async () => {
    const neither = await verify([]);
    expect(neither.code).toBe(1);
    expect(neither.stderr).toBe("error: verify needs --user USERNAME (check a user's sign-in) or --client NAME (check a client_credentials client's token)\n");
    const both = await verify(["--user", "someone", "--client", "Machine", "--client-secret-env", "MACHINE_SECRET"], { MACHINE_SECRET: secret });
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/^error: --client-secret-env checks a client_credentials client, with --client and without --user; .*\n$/);
  });
});
