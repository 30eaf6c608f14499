import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from "@aws-sdk/client-cognito-identity";
import {
  AdminAddUserToGroupCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  DescribeUserPoolClientCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { clientIdNamed, identityPoolIdNamed, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, type CliResult } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

/**
 * verify against examples/myapp.yaml, applied to an emulator of this file's own: admin@example.com
 * signs in with a permanent password, gets the admin group in the ID token, an identity at the
 * identity pool and credentials for it.
 */
const FILE = "examples/myapp.yaml";
const ADMIN_TEMP_PASSWORD = "Adm1n-Temp-Pa55!";
const USER_TEMP_PASSWORD = "Us3r-Temp-Pa55!";
const ADMIN_PASSWORD = "Verify-Adm1n-Perm!";
const dir = tempDir();
let emulator: Emulator;
let idp: CognitoIdentityProviderClient;
let identity: CognitoIdentityClient;
let poolId: string;

/** The example reads the users' temporary passwords from the environment, for every command. */
const cli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
  runCli([...args, "--endpoint-url", emulator.url], { env: { ADMIN_TEMP_PASSWORD, USER_TEMP_PASSWORD, ...env } });
const verify = (args: string[], password?: string): Promise<CliResult> =>
  cli(["verify", ...args], password === undefined ? {} : { COGNITO_RECONCILE_VERIFY_PASSWORD: password });

const clientId = (name: string): Promise<string> => clientIdNamed(idp, poolId, name);

/**
 * Anything shaped like a JWT (header.payload.signature, base64url, the header always starting with
 * `{"` = eyJ). Each run of verify signs in afresh and gets tokens of its own, so a token seen here
 * can only be looked for by its shape.
 */
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/;
/** A JWT's header or payload on its own (base64url of JSON), e.g. a log line that printed only the claims. */
const JWT_PART = /eyJ[\w-]{10,}/;

beforeAll(async () => {
  emulator = await startEmulator();
  idp = idpClient(emulator.url);
  identity = new CognitoIdentityClient({ region: "us-east-1", endpoint: emulator.url, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  const apply = await cli(["apply", "-f", FILE, "--auto-approve"]);
  expect(apply.stderr).toBe("");
  expect(apply.code).toBe(0);
  poolId = await userPoolIdNamed(idp, "MyApp-UserPool");
  await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "admin@example.com", Password: ADMIN_PASSWORD, Permanent: true }));
});
afterAll(async () => {
  idp?.destroy();
  identity?.destroy();
  await emulator?.stop();
});

describe("verify", () => {
  it("signs admin@example.com in, sees the admin group, gets an identity and credentials; prints no secret", async () => {
    const run = await verify(["-f", FILE, "--user", "admin@example.com"], ADMIN_PASSWORD);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const userAuthId = await clientId("MyApp-UserAuth");
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`PASS sign in: admin@example.com with client MyApp-UserAuth (${userAuthId}, USER_PASSWORD_AUTH)`);
    expect(lines[1]).toBe("PASS groups claim: [admin], as the file declares");
    expect(lines[2]).toMatch(/^PASS identity: MyAppIdentityPool \(us-east-1:[\w-]+\): identity us-east-1:[\w-]+$/);
    expect(lines[3]).toMatch(/^PASS credentials: MyAppIdentityPool: access key id \w{4}\.\.\., expires \d{4}-\d\d-\d\dT[\d:.]+Z$/);

    // What the credentials step saw: the same exchange done here with the SDK.
    const signIn = await idp.send(
      new InitiateAuthCommand({ ClientId: userAuthId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "admin@example.com", PASSWORD: ADMIN_PASSWORD } }),
    );
    const idToken = signIn.AuthenticationResult!.IdToken!;
    const identityPoolId = await identityPoolIdNamed(identity, "MyAppIdentityPool");
    const logins = { [`cognito-idp.us-east-1.amazonaws.com/${poolId}`]: idToken };
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: identityPoolId, Logins: logins }));
    const { Credentials } = await identity.send(new GetCredentialsForIdentityCommand({ IdentityId: IdentityId!, Logins: logins }));
    expect(lines[3]).toContain(`access key id ${Credentials!.AccessKeyId!.slice(0, 4)}...`);

    const debug = await verify(["-f", FILE, "--user", "admin@example.com", "--log-level", "debug"], ADMIN_PASSWORD);
    expect(debug.code).toBe(0);
    // Debug logging was on, so the checks below looked at real log lines too.
    expect(debug.stderr).toContain('"operation":"GetCredentialsForIdentity"');
    for (const output of [run, debug].map((r) => r.stdout + r.stderr)) {
      for (const secret of [ADMIN_PASSWORD, Credentials!.SecretKey!, Credentials!.SessionToken!, Credentials!.AccessKeyId!]) {
        expect(output).not.toContain(secret);
      }
      // The tokens verify got are its own (a new jti each sign-in), so they are looked for by shape.
      expect(output).not.toMatch(JWT);
      expect(output).not.toMatch(JWT_PART);
    }
  });

  it("a wrong password is a FAIL sign in line, nothing after it, exit 1", async () => {
    const run = await verify(["-f", FILE, "--user", "admin@example.com"], "Wrong-Pa55word!");
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("FAIL sign in: NotAuthorizedException: Incorrect username or password.\n");
    expect(run.stderr).toBe("");
    expect(run.stdout + run.stderr).not.toContain("Wrong-Pa55word!");
  });

  it("a user who still has the temporary password is told to set a permanent one", async () => {
    // The example lets Cognito generate user@example.com's temporary password; an administrator sets a known one.
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "user@example.com", Password: USER_TEMP_PASSWORD, Permanent: false }));
    const run = await verify(["-f", FILE, "--user", "user@example.com"], USER_TEMP_PASSWORD);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      "FAIL sign in: the user still has a temporary password; sign in once and set a permanent one (or set it with aws cognito-idp admin-set-user-password --permanent)\n",
    );
  });

  it("a user the file does not declare is a one-line error naming the file and the user", async () => {
    const run = await verify(["-f", FILE, "--user", "nobody@example.com"], ADMIN_PASSWORD);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`error: user nobody@example.com is not declared in ${FILE}; verify checks users the file declares (under a user pool's users:)\n`);
  });

  it("the password comes only from the environment variable --password-env names", async () => {
    const unset = await verify(["-f", FILE, "--user", "admin@example.com", "--password-env", "MYAPP_VERIFY_PASSWORD_UNSET"]);
    expect(unset.code).toBe(1);
    expect(unset.stderr).toBe(
      "error: environment variable MYAPP_VERIFY_PASSWORD_UNSET is not set; put the password of admin@example.com in it (verify never reads a password from the file or a flag)\n",
    );
    const named = await cli(["verify", "-f", FILE, "--user", "admin@example.com", "--password-env", "MYAPP_ADMIN_PASSWORD"], { MYAPP_ADMIN_PASSWORD: ADMIN_PASSWORD });
    expect(named.code).toBe(0);
    expect(named.stdout).toMatch(/^PASS sign in: /);
  });

  it("a client with a secret signs in with SECRET_HASH and never shows the secret; no identity pool accepts it: SKIP", async () => {
    // The example plus a server-side client that has a secret and allows USER_PASSWORD_AUTH.
    const example = readFileSync(join(import.meta.dirname, "..", "..", FILE), "utf8");
    const server = "      - name: MyApp-Server\n        generateSecret: true\n        authFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]\n";
    expect(example).toContain("\n    clients:\n");
    const file = dir.write("myapp-server.yaml", example.replace("\n    clients:\n", `\n    clients:\n${server}`));
    expect((await cli(["apply", "-f", file, "--auto-approve"])).code).toBe(0);
    const serverId = await clientId("MyApp-Server");
    const secret = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: serverId }))).UserPoolClient!.ClientSecret!;
    expect(secret.length).toBeGreaterThan(8);

    const run = await verify(["-f", file, "--user", "admin@example.com", "--client", "MyApp-Server", "--log-level", "debug"], ADMIN_PASSWORD);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `PASS sign in: admin@example.com with client MyApp-Server (${serverId}, USER_PASSWORD_AUTH, with SECRET_HASH)`,
        "PASS groups claim: [admin], as the file declares",
        "SKIP identity: no identity pool of the file accepts client MyApp-Server",
        "SKIP credentials: no identity pool of the file accepts client MyApp-Server",
        "",
      ].join("\n"),
    );
    expect(run.stderr).toContain('"operation":"DescribeUserPoolClient"');
    for (const value of [secret, ADMIN_PASSWORD]) expect(run.stdout + run.stderr).not.toContain(value);
    expect(run.stdout + run.stderr).not.toMatch(JWT_PART);
  });

  it("groups in the token that differ from the file's are a FAIL groups claim line, exit 1", async () => {
    await idp.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "admin@example.com", GroupName: "admin" }));
    await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "admin@example.com", GroupName: "moderator" }));
    try {
      const run = await verify(["-f", FILE, "--user", "admin@example.com"], ADMIN_PASSWORD);
      expect(run.code).toBe(1);
      expect(run.stdout.split("\n").slice(1)).toEqual([
        "FAIL groups claim: the token has [moderator]; missing [admin], not declared [moderator]; run plan to see the membership drift",
        "",
      ]);
    } finally {
      await idp.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: "admin@example.com", GroupName: "moderator" }));
      await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: "admin@example.com", GroupName: "admin" }));
    }
  });
});
