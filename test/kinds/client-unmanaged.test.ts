// An UpdateUserPoolClient caused by one changed field must carry every other setting of the live
// client: AWS resets whatever the request leaves out.
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  UpdateUserPoolClientCommand,
  type UpdateUserPoolClientRequest,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyCommand } from "../../src/cli/commands.js";
import { captureOutput, commonFlags, silentLogger } from "../helpers/in-process.js";
import { tempDir } from "../helpers/temp-files.js";

const POOL_ID = "us-east-1_Unmanaged1";
const CREATED = new Date("2026-01-01T00:00:00Z");

/** Every member of UpdateUserPoolClient's request in the API reference (2016-04-18). */
const UPDATE_MEMBERS = [
  "UserPoolId", "ClientId", "ClientName", "RefreshTokenValidity", "AccessTokenValidity", "IdTokenValidity", "TokenValidityUnits", "ReadAttributes",
  "WriteAttributes", "ExplicitAuthFlows", "SupportedIdentityProviders", "CallbackURLs", "LogoutURLs", "DefaultRedirectURI", "AllowedOAuthFlows",
  "AllowedOAuthScopes", "AllowedOAuthFlowsUserPoolClient", "AnalyticsConfiguration", "PreventUserExistenceErrors", "EnableTokenRevocation",
  "EnablePropagateAdditionalUserContextData", "AuthSessionValidity", "RefreshTokenRotation",
];

/** A client with every setting away from Cognito's defaults. */
function liveClient(): UserPoolClientType {
  return {
    UserPoolId: POOL_ID,
    ClientId: "fullclient000000000000001",
    ClientName: "full",
    ClientSecret: "never-sent-back",
    CreationDate: CREATED,
    LastModifiedDate: CREATED,
    RefreshTokenValidity: 12,
    AccessTokenValidity: 2,
    IdTokenValidity: 3,
    TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "hours" },
    ReadAttributes: ["custom:tenant", "email", "name"],
    WriteAttributes: ["name"],
    ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
    SupportedIdentityProviders: ["COGNITO"],
    CallbackURLs: ["https://app.example.com/cb"],
    LogoutURLs: ["https://app.example.com/bye"],
    DefaultRedirectURI: "https://app.example.com/cb",
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: ["openid"],
    AllowedOAuthFlowsUserPoolClient: true,
    AnalyticsConfiguration: { ApplicationArn: "arn:aws:mobiletargeting:us-east-1:123456789012:apps/0123456789abcdef", UserDataShared: true },
    PreventUserExistenceErrors: "ENABLED",
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: true,
    AuthSessionValidity: 10,
    RefreshTokenRotation: { Feature: "ENABLED", RetryGracePeriodSeconds: 30 },
  };
}

/** The file entry for liveClient(), without readAttributes and writeAttributes (not managed). */
const ENTRY = [
  "      - name: full",
  "        generateSecret: true",
  "        authFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]",
  "        oauth:",
  "          flows: [code]",
  "          scopes: [openid]",
  "          callbackUrls: [https://app.example.com/cb]",
  "          logoutUrls: [https://app.example.com/bye]",
  "          defaultRedirectUri: https://app.example.com/cb",
  "        tokenValidity: { accessToken: 2h, idToken: 3h, refreshToken: 12h }",
  "        preventUserExistenceErrors: true",
  "        authSessionValidity: 10m",
];

const idp = mockClient(CognitoIdentityProviderClient);

function wire(client: UserPoolClientType) {
  idp.on(ListUserPoolsCommand).resolves({ UserPools: [{ Id: POOL_ID, Name: "Unmanaged" }] });
  idp.on(DescribeUserPoolCommand).resolves({
    UserPool: { Id: POOL_ID, Name: "Unmanaged", Arn: `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL_ID}`, CreationDate: CREATED, DeletionProtection: "ACTIVE", UserPoolTags: { "cognito-reconcile:stack": "mock-stack" } },
  });
  idp.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "OFF" });
  idp.on(ListUserPoolClientsCommand).resolves({ UserPoolClients: [{ UserPoolId: POOL_ID, ClientId: client.ClientId, ClientName: client.ClientName }] });
  let current = structuredClone(client);
  idp.on(DescribeUserPoolClientCommand).callsFake(() => ({ UserPoolClient: structuredClone(current) }));
  // Like AWS: the request is the whole new configuration; id, secret and dates stay.
  idp.on(UpdateUserPoolClientCommand).callsFake((input: UpdateUserPoolClientRequest) => {
    current = { ...structuredClone(input), ClientSecret: current.ClientSecret, CreationDate: CREATED, LastModifiedDate: new Date() };
    return { UserPoolClient: structuredClone(current) };
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
  dir.write(`unmanaged-${Math.random().toString(36).slice(2)}.yaml`, ["version: 1", "stack: mock-stack", "region: us-east-1", "userPools:", "  - name: Unmanaged", "    clients:", ...lines, ""].join("\n"));

async function applyOnce(lines: string[]): Promise<UpdateUserPoolClientRequest> {
  const io = captureOutput();
  expect(await applyCommand({ ...commonFlags, files: [file(lines)], autoApprove: true }, io, silentLogger)).toBe(0);
  expect(io.stdout()).toContain("live state matches the file");
  const updates = idp.commandCalls(UpdateUserPoolClientCommand);
  expect(updates).toHaveLength(1);
  return updates[0]!.args[0].input;
}

describe("an update for one changed field", () => {
  it("carries every other setting of the live client, managed or not", async () => {
    const live = liveClient();
    wire(live);
    const sent = await applyOnce(ENTRY.map((l) => (l.includes("logoutUrls") ? "          logoutUrls: [https://app.example.com/signed-out]" : l)));

    const { ClientSecret: _secret, CreationDate: _created, LastModifiedDate: _modified, ...updatable } = live;
    expect(sent).toEqual({ ...updatable, LogoutURLs: ["https://app.example.com/signed-out"] });
    // The live client sets every member of the request, so every member must be in it.
    expect(Object.keys(sent).sort()).toEqual([...UPDATE_MEMBERS].sort());
  });

  it("of a client with OAuth off keeps its URLs and sends no flows or scopes", async () => {
    const live: UserPoolClientType = { ...liveClient(), AllowedOAuthFlowsUserPoolClient: false, AllowedOAuthFlows: undefined, AllowedOAuthScopes: undefined };
    wire(live);
    const entry = ENTRY.filter((l) => !/flows: \[code\]|scopes: \[openid\]/.test(l)).map((l) => (l === "        oauth:" ? "        oauth:\n          enabled: false" : l));
    const sent = await applyOnce(entry.map((l) => (l.includes("logoutUrls") ? "          logoutUrls: [https://app.example.com/signed-out]" : l)));

    expect(sent.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(Object.keys(sent)).not.toContain("AllowedOAuthFlows");
    expect(Object.keys(sent)).not.toContain("AllowedOAuthScopes");
    expect(sent.CallbackURLs).toEqual(["https://app.example.com/cb"]);
    expect(sent.DefaultRedirectURI).toBe("https://app.example.com/cb");
    expect(sent.LogoutURLs).toEqual(["https://app.example.com/signed-out"]);
    expect(sent.ReadAttributes).toEqual(live.ReadAttributes);
    expect(sent.AnalyticsConfiguration).toEqual(live.AnalyticsConfiguration);
  });
});
