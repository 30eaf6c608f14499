import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientRequest,
  DeleteUserPoolClientCommand,
  type DeleteUserPoolClientRequest,
  DescribeUserPoolClientCommand,
  type DescribeUserPoolClientRequest,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ResourceNotFoundException,
  UpdateUserPoolClientCommand,
  type UpdateUserPoolClientRequest,
  type UserPoolClientType,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { applyCommand, planCommand } from "../../src/cli/commands.js";
import { PlanError, UserError } from "../../src/core/errors.js";
import { runCli, uniqueSuffix } from "../helpers/cli.js";
import { captureOutput, commonFlags, silentLogger } from "../helpers/in-process.js";
import { tempDir } from "../helpers/temp-files.js";

const POOL_ID = "us-east-1_Mock1";
const CREATED = new Date("2026-01-01T00:00:00Z");

function livePool(): UserPoolType {
  return {
    Id: POOL_ID,
    Name: "Mocked",
    Arn: `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL_ID}`,
    Status: "Enabled",
    CreationDate: CREATED,
    LastModifiedDate: CREATED,
    EstimatedNumberOfUsers: 0,
    DeletionProtection: "ACTIVE",
    UsernameAttributes: ["email"],
    UserPoolTags: { "cognito-reconcile:stack": "mock-stack" },
  };
}

const ANALYTICS = {
  ApplicationId: "0123456789abcdef0123456789abcdef",
  RoleArn: "arn:aws:iam::123456789012:role/pinpoint",
  ExternalId: "analytics-external-id",
  UserDataShared: true,
};
const ROTATION = { Feature: "ENABLED" as const, RetryGracePeriodSeconds: 10 };

/** A web client with settings the file does not model, as DescribeUserPoolClient returns it. */
function webClient(): UserPoolClientType {
  return {
    UserPoolId: POOL_ID,
    ClientId: "webclient0000000000000001",
    ClientName: "web",
    CreationDate: CREATED,
    LastModifiedDate: CREATED,
    RefreshTokenValidity: 30,
    AccessTokenValidity: 60,
    IdTokenValidity: 60,
    TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
    ReadAttributes: ["email", "email_verified", "name"],
    WriteAttributes: ["email", "name"],
    ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
    SupportedIdentityProviders: ["COGNITO"],
    CallbackURLs: ["https://app.example.com/callback"],
    LogoutURLs: ["https://app.example.com/logout"],
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: ["email", "openid"],
    AllowedOAuthFlowsUserPoolClient: true,
    AnalyticsConfiguration: ANALYTICS,
    PreventUserExistenceErrors: "ENABLED",
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: true,
    AuthSessionValidity: 3,
    RefreshTokenRotation: ROTATION,
  };
}

/** The file entry that matches webClient() exactly. */
const WEB_ENTRY = [
  "      - name: web",
  "        authFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]",
  "        preventUserExistenceErrors: true",
  "        oauth:",
  "          flows: [code]",
  "          scopes: [openid, email]",
  "          callbackUrls: [https://app.example.com/callback]",
  "          logoutUrls: [https://app.example.com/logout]",
];

/** A client that holds Cognito's API defaults (what a file entry with only a name means). */
function defaultsClient(overrides: Partial<UserPoolClientType> = {}): UserPoolClientType {
  return {
    UserPoolId: POOL_ID,
    ClientId: "plainclient00000000000001",
    ClientName: "plain",
    CreationDate: CREATED,
    LastModifiedDate: CREATED,
    RefreshTokenValidity: 30,
    AccessTokenValidity: 60,
    IdTokenValidity: 60,
    TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes" },
    ExplicitAuthFlows: ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
    SupportedIdentityProviders: ["COGNITO"],
    AllowedOAuthFlowsUserPoolClient: false,
    PreventUserExistenceErrors: "LEGACY",
    EnableTokenRevocation: true,
    AuthSessionValidity: 3,
    ...overrides,
  };
}

const idp = mockClient(CognitoIdentityProviderClient);
let clients: Map<string, UserPoolClientType>;
let created = 0;

const notFound = (what: string) => new ResourceNotFoundException({ message: `${what} does not exist.`, $metadata: {} });

/**
 * A stateful fake of the client API. Like AWS, UpdateUserPoolClient replaces the client's whole
 * configuration with the request (what it is not sent is reset), and keeps id, secret and dates.
 */
function wireFake(initial: UserPoolClientType[]) {
  clients = new Map(initial.map((c) => [c.ClientId!, structuredClone(c)]));
  created = 0;
  const pool = livePool();
  idp.on(ListUserPoolsCommand).resolves({ UserPools: [{ Id: POOL_ID, Name: pool.Name }] });
  idp.on(DescribeUserPoolCommand).callsFake(() => ({ UserPool: structuredClone(pool) }));
  idp.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "OFF" });
  idp.on(ListUserPoolClientsCommand).callsFake(() => ({
    UserPoolClients: [...clients.values()].map((c) => ({ UserPoolId: POOL_ID, ClientId: c.ClientId, ClientName: c.ClientName })),
  }));
  idp.on(DescribeUserPoolClientCommand).callsFake((input: DescribeUserPoolClientRequest) => {
    const client = clients.get(input.ClientId ?? "");
    if (!client) throw notFound(`client ${input.ClientId}`);
    return { UserPoolClient: structuredClone(client) };
  });
  idp.on(UpdateUserPoolClientCommand).callsFake((input: UpdateUserPoolClientRequest) => {
    const old = clients.get(input.ClientId ?? "");
    if (!old) throw notFound(`client ${input.ClientId}`);
    const updated: UserPoolClientType = {
      ...structuredClone(input),
      ...(old.ClientSecret !== undefined ? { ClientSecret: old.ClientSecret } : {}),
      CreationDate: old.CreationDate,
      LastModifiedDate: new Date("2026-02-01T00:00:00Z"),
    };
    clients.set(old.ClientId!, updated);
    return { UserPoolClient: structuredClone(updated) };
  });
  idp.on(CreateUserPoolClientCommand).callsFake((input: CreateUserPoolClientRequest) => {
    const { GenerateSecret, ...rest } = structuredClone(input);
    created += 1;
    const id = `newclient${String(created).padStart(16, "0")}`;
    const client: UserPoolClientType = {
      ...rest,
      ClientId: id,
      ...(GenerateSecret ? { ClientSecret: `generated-secret-${id}` } : {}),
      CreationDate: new Date("2026-02-01T00:00:00Z"),
      LastModifiedDate: new Date("2026-02-01T00:00:00Z"),
    };
    clients.set(id, client);
    return { UserPoolClient: structuredClone(client) };
  });
  idp.on(DeleteUserPoolClientCommand).callsFake((input: DeleteUserPoolClientRequest) => {
    if (!clients.delete(input.ClientId ?? "")) throw notFound(`client ${input.ClientId}`);
    return {};
  });
}

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  idp.reset();
});
afterEach(() => idp.reset());

const dir = tempDir();
const file = (lines: string[]) =>
  dir.write(
    `clients-${Math.random().toString(36).slice(2)}.yaml`,
    ["version: 1", "stack: mock-stack", "region: us-east-1", "userPools:", "  - name: Mocked", "    clients:", ...lines, ""].join("\n"),
  );

const planText = { format: "text" as const, detailedExitcode: true };
const planJson = { format: "json" as const, detailedExitcode: true };

const MUTATING = ["CreateUserPoolClientCommand", "UpdateUserPoolClientCommand", "DeleteUserPoolClientCommand", "CreateUserPoolCommand", "UpdateUserPoolCommand", "DeleteUserPoolCommand"];
const mutatingCalls = () => idp.calls().map((call) => (call.args[0] as object).constructor.name).filter((name) => MUTATING.includes(name));

describe("UpdateUserPoolClient carries the whole client", () => {
  it("a changed callback URL sends every managed field from the file and every unmanaged field of the live client", async () => {
    wireFake([webClient()]);
    const f = file(WEB_ENTRY.map((l) => (l.includes("callbackUrls") ? "          callbackUrls: [https://app.example.com/callback, https://app.example.com/v2/callback]" : l)));
    const io = captureOutput();
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, io, silentLogger)).toBe(0);

    const updates = idp.commandCalls(UpdateUserPoolClientCommand);
    expect(updates).toHaveLength(1);
    const sent = updates[0]!.args[0].input;
    expect(sent).toEqual({
      UserPoolId: POOL_ID,
      ClientId: "webclient0000000000000001",
      ClientName: "web",
      // Managed, from the file (durations in their largest whole unit).
      ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
      SupportedIdentityProviders: ["COGNITO"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["email", "openid"],
      CallbackURLs: ["https://app.example.com/callback", "https://app.example.com/v2/callback"],
      LogoutURLs: ["https://app.example.com/logout"],
      AccessTokenValidity: 1,
      IdTokenValidity: 1,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
      PreventUserExistenceErrors: "ENABLED",
      EnableTokenRevocation: true,
      AuthSessionValidity: 3,
      // Not managed by the file: carried over from the live client.
      ReadAttributes: ["email", "email_verified", "name"],
      WriteAttributes: ["email", "name"],
      AnalyticsConfiguration: ANALYTICS,
      EnablePropagateAdditionalUserContextData: true,
      RefreshTokenRotation: ROTATION,
    });
    // toEqual ignores keys whose value is undefined; the describe-only ones must be absent outright.
    for (const key of ["ClientSecret", "CreationDate", "LastModifiedDate"]) expect(Object.keys(sent)).not.toContain(key);

    expect(mutatingCalls()).toEqual(["UpdateUserPoolClientCommand"]);
    // Long values go on lines of their own under the path.
    expect(io.stdout()).toContain(
      '  ~ userPool.Mocked/client.web  (update: differs)\n      oauth.callbackUrls:\n          ["https://app.example.com/callback"]\n       -> ["https://app.example.com/callback","https://app.example.com/v2/callback"]\n',
    );
    expect(io.stdout()).toContain("~ userPool.Mocked/client.web: updated (client id webclient0000000000000001)");
    expect(io.stdout()).toContain("Apply complete: 1 operation; live state matches the file.");
  });

  it("attributes the file lists replace the live ones instead of being carried over", async () => {
    wireFake([webClient()]);
    const f = file([...WEB_ENTRY, "        readAttributes: [name, email]"]);
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, captureOutput(), silentLogger)).toBe(0);
    const sent = idp.commandCalls(UpdateUserPoolClientCommand)[0]!.args[0].input;
    expect(sent.ReadAttributes).toEqual(["email", "name"]);
    expect(sent.WriteAttributes).toEqual(["email", "name"]);
    expect(sent.AnalyticsConfiguration).toEqual(ANALYTICS);
  });
});

describe("token validity compares durations, not spellings", () => {
  const cases = [
    { title: "1h access, 60m ID, 30d refresh", validity: "{ accessToken: 1h, idToken: 60m, refreshToken: 30d }" },
    { title: "60m access, 1h ID, 720h refresh", validity: "{ accessToken: 60m, idToken: 1h, refreshToken: 720h }" },
  ];
  for (const { title, validity } of cases) {
    it(`${title} is no change against 60 minutes and 30 (days, AWS's default unit for refresh)`, async () => {
      // Units for access and ID tokens in minutes; no unit at all for the refresh token.
      wireFake([defaultsClient()]);
      const f = file(["      - name: plain", `        tokenValidity: ${validity}`]);
      const io = captureOutput();
      expect(await planCommand({ ...commonFlags, ...planText, files: [f] }, io, silentLogger)).toBe(0);
      expect(io.stdout()).toBe('No changes. Live state of stack "mock-stack" matches the file (2 resources checked).\n');
      expect(io.stderr()).toBe("");

      expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, captureOutput(), silentLogger)).toBe(0);
      expect(idp.commandCalls(UpdateUserPoolClientCommand)).toHaveLength(0);
      expect(mutatingCalls()).toEqual([]);
    });
  }

  it("validity numbers without any units read as hours (access, ID) and days (refresh)", async () => {
    wireFake([defaultsClient({ AccessTokenValidity: 1, IdTokenValidity: 2, RefreshTokenValidity: 30, TokenValidityUnits: undefined })]);
    const f = file(["      - name: plain", "        tokenValidity: { accessToken: 60m, idToken: 2h, refreshToken: 30d }"]);
    expect(await planCommand({ ...commonFlags, ...planText, files: [f] }, captureOutput(), silentLogger)).toBe(0);
  });

  it("a real difference shows in the canonical spelling and is sent in the largest whole unit", async () => {
    wireFake([defaultsClient()]);
    const f = file(["      - name: plain", "        tokenValidity: { accessToken: 90m, idToken: 60m, refreshToken: 30d }"]);
    const io = captureOutput();
    expect(await planCommand({ ...commonFlags, ...planText, files: [f] }, io, silentLogger)).toBe(2);
    expect(io.stdout()).toContain('      tokenValidity.accessToken: "1h" -> "90m"\n');
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, captureOutput(), silentLogger)).toBe(0);
    const sent = idp.commandCalls(UpdateUserPoolClientCommand)[0]!.args[0].input;
    expect(sent.AccessTokenValidity).toBe(90);
    expect(sent.IdTokenValidity).toBe(1);
    expect(sent.RefreshTokenValidity).toBe(30);
    expect(sent.TokenValidityUnits).toEqual({ AccessToken: "minutes", IdToken: "hours", RefreshToken: "days" });
  });
});

describe("generateSecret cannot change in place", () => {
  const withSecret = () => file([...WEB_ENTRY, "        generateSecret: true"]);
  const REASON =
    "(replace: generateSecret cannot change in place: the client is deleted and created again with a NEW client id and secret; applications using the old id stop working)";

  it("plan shows a replacement that names the field and the new client id", async () => {
    wireFake([webClient()]);
    const io = captureOutput();
    expect(await planCommand({ ...commonFlags, ...planText, files: [withSecret()] }, io, silentLogger)).toBe(2);
    expect(io.stdout()).toContain(`-/+ userPool.Mocked/client.web  ${REASON}\n      generateSecret: false -> true  # forces replacement\n`);
    expect(io.stdout()).toContain("Plan: 0 to create, 0 to update, 1 to replace, 0 to delete.");
    expect(io.stderr()).toBe(
      "warning: apply will refuse: userPool.Mocked/client.web must be replaced (generateSecret cannot change in place: the client is deleted and created again with a NEW client id and secret; applications using the old id stop working); run apply with --allow-replace to do it\n",
    );
    expect(mutatingCalls()).toEqual([]);
  });

  it("apply without --allow-replace refuses and changes nothing", async () => {
    wireFake([webClient()]);
    const run = applyCommand({ ...commonFlags, files: [withSecret()], autoApprove: true }, captureOutput(), silentLogger);
    await expect(run).rejects.toBeInstanceOf(UserError);
    await expect(run).rejects.toThrow(/userPool\.Mocked\/client\.web must be replaced \(generateSecret cannot change in place.*run apply with --allow-replace/);
    expect(mutatingCalls()).toEqual([]);
    expect([...clients.keys()]).toEqual(["webclient0000000000000001"]);
  });

  it("apply with --allow-replace deletes the client, then creates it with a secret", async () => {
    wireFake([webClient()]);
    const io = captureOutput();
    expect(await applyCommand({ ...commonFlags, allowReplace: true, files: [withSecret()], autoApprove: true }, io, silentLogger)).toBe(0);
    expect(mutatingCalls()).toEqual(["DeleteUserPoolClientCommand", "CreateUserPoolClientCommand"]);
    expect(idp.commandCalls(DeleteUserPoolClientCommand)[0]!.args[0].input).toEqual({ UserPoolId: POOL_ID, ClientId: "webclient0000000000000001" });
    expect(idp.commandCalls(CreateUserPoolClientCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL_ID,
      GenerateSecret: true,
      ClientName: "web",
      ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
      SupportedIdentityProviders: ["COGNITO"],
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["email", "openid"],
      CallbackURLs: ["https://app.example.com/callback"],
      LogoutURLs: ["https://app.example.com/logout"],
      AccessTokenValidity: 1,
      IdTokenValidity: 1,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
      PreventUserExistenceErrors: "ENABLED",
      EnableTokenRevocation: true,
      AuthSessionValidity: 3,
    });
    expect([...clients.keys()]).toEqual(["newclient0000000000000001"]);
    expect(io.stdout()).toContain("-/+ userPool.Mocked/client.web: replaced (client id newclient0000000000000001)");
    expect(io.stdout()).toContain("live state matches the file");
    // The new secret is AWS's to hand out; the tool never prints it.
    expect(io.stdout()).not.toContain("generated-secret-");
  });
});

describe("a live client's secret is never shown", () => {
  const SECRET = "sEcReT-9f3b1c7d2e5a8b4c6d0e1f2a3b4c5d6e";
  const occurrences = (text: string) => text.split(SECRET).length - 1;

  it("appears neither in plan (text, JSON) nor in apply output, and is not sent back", async () => {
    wireFake([{ ...webClient(), ClientSecret: SECRET }]);
    const f = file([...WEB_ENTRY.map((l) => (l.includes("logoutUrls") ? "          logoutUrls: [https://app.example.com/bye]" : l)), "        generateSecret: true"]);
    let logs = "";
    const logger = pino({ level: "trace" }, { write: (line: string) => void (logs += line) });

    const text = captureOutput();
    expect(await planCommand({ ...commonFlags, ...planText, files: [f] }, text, logger)).toBe(2);
    expect(text.stdout()).toContain('      oauth.logoutUrls: ["https://app.example.com/logout"] -> ["https://app.example.com/bye"]\n');
    const json = captureOutput();
    expect(await planCommand({ ...commonFlags, ...planJson, files: [f] }, json, logger)).toBe(2);
    const document = JSON.parse(json.stdout()) as { changes: { address: string; action: string }[] };
    expect(document.changes.map((c) => [c.address, c.action])).toEqual([
      ["userPool.Mocked", "no-op"],
      ["userPool.Mocked/client.web", "update"],
    ]);
    const apply = captureOutput();
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, apply, logger)).toBe(0);

    // The mock replaces the SDK's send, so only the tool's own log lines are here (the per-call
    // logging runs in the SDK's middleware, which the mock skips: the test below covers it).
    expect(logs).toContain('"msg":"reading live state"');
    for (const captured of [text.stdout(), text.stderr(), json.stdout(), json.stderr(), apply.stdout(), apply.stderr(), logs]) {
      expect(occurrences(captured)).toBe(0);
    }
    // Nor is it sent back: UpdateUserPoolClient takes no secret.
    const sent = idp.commandCalls(UpdateUserPoolClientCommand)[0]!.args[0].input;
    expect(Object.keys(sent)).not.toContain("ClientSecret");
    expect(occurrences(JSON.stringify(sent))).toBe(0);
    // And the client keeps it.
    expect(clients.get("webclient0000000000000001")?.ClientSecret).toBe(SECRET);
  });
});

describe("a live client's secret is never logged", () => {
  it("appears in no output and no log line of plan, apply and outputs at --log-level trace, against the emulator", async () => {
    // The real SDK and its middleware run here (the CLI in its own process, against the emulator),
    // so every log line a call writes is in stderr.
    const endpoint = inject("emulatorUrl");
    const suffix = uniqueSuffix();
    const stack = `secret-logs-${suffix}`;
    const pool = `SecretLogs-${suffix}`;
    const write = (logoutUrl: string) =>
      dir.write(
        `secret-logs-${logoutUrl.length}.yaml`,
        [
          "version: 1",
          `stack: ${stack}`,
          "region: us-east-1",
          "userPools:",
          `  - name: ${pool}`,
          "    deletionProtection: false",
          "    clients:",
          ...WEB_ENTRY.map((l) => (l.includes("logoutUrls") ? `          logoutUrls: [${logoutUrl}]` : l)),
          "        generateSecret: true",
          "",
        ].join("\n"),
      );
    const created = await runCli(["apply", "-f", write("https://app.example.com/logout"), "--endpoint-url", endpoint, "--auto-approve"]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);

    // This file mocks the SDK in-process, so the secret is read the way a user would: outputs --show-secrets.
    const shown = await runCli(["outputs", "-f", write("https://app.example.com/logout"), "--endpoint-url", endpoint, "--show-secrets"]);
    expect(shown.code).toBe(0);
    const secret = (JSON.parse(shown.stdout) as { userPools: Record<string, { clients: Record<string, { clientSecret?: string }> }> }).userPools[pool]?.clients.web?.clientSecret;
    expect(secret).toMatch(/^[\w-]{20,}$/);

    const changed = write("https://app.example.com/bye");
    const trace = ["--endpoint-url", endpoint, "--log-level", "trace"];
    const runs = [
      await runCli(["plan", "-f", changed, ...trace]),
      await runCli(["plan", "-f", changed, "--format", "json", ...trace]),
      await runCli(["plan", "-f", changed, "--format", "markdown", ...trace]),
      await runCli(["apply", "-f", changed, "--auto-approve", ...trace]),
      await runCli(["drift", "-f", changed, ...trace]),
      await runCli(["outputs", "-f", changed, ...trace]),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0, 0, 0]);
    const apply = runs[3]!;
    expect(apply.stdout).toContain(`~ userPool.${pool}/client.web: updated`);
    // The logging did run: the call that returns the secret is logged, by operation.
    expect(apply.stderr).toContain('"operation":"DescribeUserPoolClient"');
    for (const run of runs) {
      expect(run.stdout.split(secret!).length - 1).toBe(0);
      expect(run.stderr.split(secret!).length - 1).toBe(0);
    }
  }, 120_000);
});

describe("live clients the file cannot tell apart", () => {
  it("two live clients with the same name make plan fail, naming the name", async () => {
    wireFake([webClient(), { ...webClient(), ClientId: "webclient0000000000000002" }]);
    const f = file(WEB_ENTRY);
    const run = planCommand({ ...commonFlags, ...planText, files: [f] }, captureOutput(), silentLogger);
    await expect(run).rejects.toBeInstanceOf(PlanError);
    await expect(run).rejects.toThrow(
      'userPool.Mocked/client.web: more than one live client of pool us-east-1_Mock1 is named "web", so the file cannot tell them apart; delete or rename the extra one in AWS',
    );
    await expect(applyCommand({ ...commonFlags, files: [f], autoApprove: true }, captureOutput(), silentLogger)).rejects.toThrow(/is named "web"/);
    expect(mutatingCalls()).toEqual([]);
  });
});
