import {
  CognitoIdentityProviderClient,
  CreateIdentityProviderCommand,
  DeleteIdentityProviderCommand,
  DescribeIdentityProviderCommand,
  type DescribeIdentityProviderRequest,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  type IdentityProviderType,
  ListIdentityProvidersCommand,
  ListUserPoolsCommand,
  ResourceNotFoundException,
  UpdateIdentityProviderCommand,
  type UpdateIdentityProviderRequest,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyCommand, planCommand } from "../../src/cli/commands.js";
import { captureOutput, commonFlags } from "../helpers/in-process.js";
import { tempDir } from "../helpers/temp-files.js";

const POOL_ID = "us-east-1_Mock1";
const CREATED = new Date("2026-01-01T00:00:00Z");
const OLD_SECRET = "GOCSPX-oldOldOld-4b1e9c2f7a6d";
const NEW_SECRET = "GOCSPX-newNewNew-8d3a5e1c9b0f";
const CLIENT_ID = "123456789012-abcdefghijklmnop.apps.googleusercontent.com";

/** The keys Cognito adds to a Google provider's details by itself. */
const COGNITO_FILLED = {
  attributes_url: "https://people.googleapis.com/v1/people/me?personFields=",
  attributes_url_add_attributes: "true",
  authorize_url: "https://accounts.google.com/o/oauth2/v2/auth",
  oidc_issuer: "https://accounts.google.com",
  token_request_method: "POST",
  token_url: "https://www.googleapis.com/oauth2/v4/token",
};

function livePool(): UserPoolType {
  return {
    Id: POOL_ID,
    Name: "Mocked",
    CreationDate: CREATED,
    LastModifiedDate: CREATED,
    EstimatedNumberOfUsers: 0,
    DeletionProtection: "ACTIVE",
    UsernameAttributes: ["email"],
    UserPoolTags: { "cognito-reconcile:stack": "mock-stack" },
  };
}

function liveGoogle(): IdentityProviderType {
  return {
    UserPoolId: POOL_ID,
    ProviderName: "Google",
    ProviderType: "Google",
    ProviderDetails: { client_id: CLIENT_ID, authorize_scopes: "openid email profile", client_secret: OLD_SECRET, ...COGNITO_FILLED },
    AttributeMapping: { email: "email", username: "sub" },
    IdpIdentifiers: [],
    CreationDate: CREATED,
    LastModifiedDate: CREATED,
  };
}

const idp = mockClient(CognitoIdentityProviderClient);
let providers: Map<string, IdentityProviderType>;

/** A stateful fake: UpdateIdentityProvider sets what it is sent, Describe returns it. */
function wireFake() {
  providers = new Map([["Google", liveGoogle()]]);
  idp.on(ListUserPoolsCommand).resolves({ UserPools: [{ Id: POOL_ID, Name: "Mocked" }] });
  idp.on(DescribeUserPoolCommand).callsFake(() => ({ UserPool: livePool() }));
  idp.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "OFF" });
  idp.on(ListIdentityProvidersCommand).callsFake(() => ({
    Providers: [...providers.values()].map((p) => ({ ProviderName: p.ProviderName, ProviderType: p.ProviderType, CreationDate: CREATED, LastModifiedDate: CREATED })),
  }));
  idp.on(DescribeIdentityProviderCommand).callsFake((input: DescribeIdentityProviderRequest) => {
    const provider = providers.get(input.ProviderName ?? "");
    if (!provider) throw new ResourceNotFoundException({ message: "not found", $metadata: {} });
    return { IdentityProvider: structuredClone(provider) };
  });
  idp.on(UpdateIdentityProviderCommand).callsFake((input: UpdateIdentityProviderRequest) => {
    const old = providers.get(input.ProviderName ?? "")!;
    const updated: IdentityProviderType = {
      ...old,
      ...(input.ProviderDetails ? { ProviderDetails: structuredClone(input.ProviderDetails) } : {}),
      ...(input.AttributeMapping ? { AttributeMapping: structuredClone(input.AttributeMapping) } : {}),
      ...(input.IdpIdentifiers ? { IdpIdentifiers: [...input.IdpIdentifiers] } : {}),
    };
    providers.set(old.ProviderName!, updated);
    return { IdentityProvider: structuredClone(updated) };
  });
}

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  idp.reset();
  wireFake();
});
afterEach(() => {
  idp.reset();
  delete process.env.GOOGLE_CLIENT_SECRET_FOR_TEST;
});

const dir = tempDir();
const FILE = [
  "version: 1",
  "stack: mock-stack",
  "region: us-east-1",
  "userPools:",
  "  - name: Mocked",
  "    identityProviders:",
  "      - name: Google",
  "        type: Google",
  `        details: { client_id: "${CLIENT_ID}", authorize_scopes: "openid email profile" }`,
  '        clientSecret: "${env:GOOGLE_CLIENT_SECRET_FOR_TEST}"',
  "        attributeMapping: { email: email }",
  "",
].join("\n");
const file = () => dir.write(`idp-${Math.random().toString(36).slice(2)}.yaml`, FILE);

const MUTATING = ["CreateIdentityProviderCommand", "UpdateIdentityProviderCommand", "DeleteIdentityProviderCommand"];
const mutatingCalls = () => idp.calls().map((call) => (call.args[0] as object).constructor.name).filter((name) => MUTATING.includes(name));

function capturingLogger(): { logger: pino.Logger; logs: () => string } {
  let logs = "";
  return { logger: pino({ level: "trace" }, { write: (line: string) => void (logs += line) }), logs: () => logs };
}

describe("a Google provider", () => {
  it("shows no changes when only Cognito's own details keys and its username mapping differ", async () => {
    process.env.GOOGLE_CLIENT_SECRET_FOR_TEST = OLD_SECRET;
    const f = file();
    const { logger, logs } = capturingLogger();
    const io = captureOutput();
    expect(await planCommand({ ...commonFlags, files: [f], format: "text", detailedExitcode: true }, io, logger)).toBe(0);
    expect(io.stdout()).toBe('No changes. Live state of stack "mock-stack" matches the file (2 resources checked).\n');
    expect(io.stderr()).toBe("");

    const json = captureOutput();
    expect(await planCommand({ ...commonFlags, files: [f], format: "json", detailedExitcode: true }, json, logger)).toBe(0);
    const document = JSON.parse(json.stdout()) as { changes: { address: string; action: string; fields: unknown[] }[] };
    expect(document.changes).toEqual([
      { address: "userPool.Mocked", kind: "userPool", action: "no-op", reason: "in sync", fields: [] },
      { address: "userPool.Mocked/identityProvider.Google", kind: "identityProvider", action: "no-op", reason: "in sync", fields: [] },
    ]);

    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, captureOutput(), logger)).toBe(0);
    expect(mutatingCalls()).toEqual([]);
    for (const text of [io.stdout(), json.stdout(), logs()]) expect(text).not.toContain(OLD_SECRET);
  });

  it("a changed secret shows masked on both sides, and its values appear nowhere in the output", async () => {
    process.env.GOOGLE_CLIENT_SECRET_FOR_TEST = NEW_SECRET;
    const f = file();
    const { logger, logs } = capturingLogger();

    const text = captureOutput();
    expect(await planCommand({ ...commonFlags, files: [f], format: "text", detailedExitcode: true }, text, logger)).toBe(2);
    expect(text.stdout()).toBe(
      [
        'Changes for stack "mock-stack":',
        "",
        "  ~ userPool.Mocked/identityProvider.Google  (update: differs)",
        "      clientSecret: (sensitive) -> (sensitive)",
        "",
        "Plan: 0 to create, 1 to update, 0 to replace, 0 to delete.",
        "",
      ].join("\n"),
    );

    const json = captureOutput();
    expect(await planCommand({ ...commonFlags, files: [f], format: "json", detailedExitcode: true }, json, logger)).toBe(2);
    const document = JSON.parse(json.stdout()) as { changes: { address: string; fields: unknown[] }[] };
    expect(document.changes.find((c) => c.address === "userPool.Mocked/identityProvider.Google")?.fields).toEqual([
      { path: "clientSecret", before: "(sensitive)", after: "(sensitive)", sensitive: true, forcesReplacement: false },
    ]);

    const apply = captureOutput();
    expect(await applyCommand({ ...commonFlags, files: [f], autoApprove: true }, apply, logger)).toBe(0);
    expect(apply.stdout()).toContain("live state matches the file");

    for (const captured of [text.stdout(), text.stderr(), json.stdout(), json.stderr(), apply.stdout(), apply.stderr(), logs()]) {
      expect(captured).not.toContain(OLD_SECRET);
      expect(captured).not.toContain(NEW_SECRET);
    }
  });

  it("UpdateIdentityProvider sends Cognito's own keys back with the new secret", async () => {
    process.env.GOOGLE_CLIENT_SECRET_FOR_TEST = NEW_SECRET;
    expect(await applyCommand({ ...commonFlags, files: [file()], autoApprove: true }, captureOutput(), pino({ level: "silent" }))).toBe(0);
    expect(mutatingCalls()).toEqual(["UpdateIdentityProviderCommand"]);
    expect(idp.commandCalls(UpdateIdentityProviderCommand)[0]!.args[0].input).toEqual({
      UserPoolId: POOL_ID,
      ProviderName: "Google",
      ProviderDetails: { client_id: CLIENT_ID, authorize_scopes: "openid email profile", client_secret: NEW_SECRET, ...COGNITO_FILLED },
      AttributeMapping: { email: "email", username: "sub" },
      IdpIdentifiers: [],
    });
    expect(providers.get("Google")?.ProviderDetails?.client_secret).toBe(NEW_SECRET);
    expect(idp.commandCalls(CreateIdentityProviderCommand)).toHaveLength(0);
    expect(idp.commandCalls(DeleteIdentityProviderCommand)).toHaveLength(0);
  });
});
