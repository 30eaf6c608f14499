import { join } from "node:path";
import { CognitoIdentityClient, GetIdentityPoolRolesCommand } from "@aws-sdk/client-cognito-identity";
import { DescribeUserPoolClientCommand, paginateListUsersInGroup, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { allGroups, clientIdsByName, identityPoolIdNamed, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli } from "../helpers/cli.js";

/**
 * examples/myapp.yaml is the manual set-up it replaces, value for value. The expectations below are
 * that set-up as written in its own terms (the console's steps), not read from the file: the file
 * is applied to an emulator of this test's own and everything is read back with the SDK.
 */
const EXAMPLE = join(import.meta.dirname, "..", "..", "examples", "myapp.yaml");
const ROLE = "Cognito_MyAppIdentityPoolAuth_Role";
const SUB = "${cognito-identity.amazonaws.com:sub}";

let emulator: Emulator;
let idp: CognitoIdentityProviderClient;
let identity: CognitoIdentityClient;
let iam: IAMClient;
let poolId: string;

beforeAll(async () => {
  emulator = await startEmulator();
  const aws = { region: "us-east-1", endpoint: emulator.url, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
  idp = idpClient(emulator.url);
  identity = new CognitoIdentityClient(aws);
  iam = new IAMClient(aws);
  const apply = await runCli(["apply", "-f", EXAMPLE, "--endpoint-url", emulator.url, "--auto-approve"], { env: { ADMIN_TEMP_PASSWORD: "Adm1n-Temp-Pa55!" } });
  expect(apply.stderr).toBe("");
  expect(apply.code).toBe(0);
  poolId = await userPoolIdNamed(idp, "MyApp-UserPool");
});
afterAll(async () => {
  for (const client of [idp, identity, iam]) client?.destroy();
  await emulator?.stop();
});

describe("examples/myapp.yaml is the manual set-up", () => {
  it("five groups with the set-up's precedences and descriptions", async () => {
    const groups = (await allGroups(idp, poolId)).map((g) => ({ name: g.GroupName, precedence: g.Precedence, description: g.Description }));
    expect(groups.sort((a, b) => a.precedence! - b.precedence!)).toEqual([
      { name: "admin", precedence: 1, description: "Administrator group with full access" },
      { name: "moderator", precedence: 5, description: "Moderator group with content management access" },
      { name: "premium", precedence: 8, description: "Premium user group with extra features" },
      { name: "user", precedence: 10, description: "Standard user group" },
      { name: "readonly", precedence: 15, description: "Read-only user group" },
    ]);
  });

  it("the machine client: a secret, admin-password and custom auth, client credentials for the API's read scope", async () => {
    const client = await describeClient("MyApp-ClientCredentials");
    expect(client.ClientSecret).toEqual(expect.any(String));
    expect([...client.ExplicitAuthFlows!].sort()).toEqual(["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH"]);
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(client.AllowedOAuthFlows).toEqual(["client_credentials"]);
    expect(client.AllowedOAuthScopes).toEqual(["https://api.example.com/read"]);
    expect(validity(client)).toEqual({ access: "1 hours", id: "1 hours", refresh: "30 days" });
  });

  it("the user client: no secret, password sign-in without SRP, the code flow, 60-minute tokens and a 30-day refresh token", async () => {
    const client = await describeClient("MyApp-UserAuth");
    expect(client.ClientSecret).toBeUndefined();
    expect([...client.ExplicitAuthFlows!].sort()).toEqual(["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_PASSWORD_AUTH"]);
    expect(client.AllowedOAuthFlows).toEqual(["code"]);
    expect([...client.AllowedOAuthScopes!].sort()).toEqual(["email", "openid", "profile"]);
    expect(client.SupportedIdentityProviders).toEqual(["COGNITO"]);
    expect(validity(client)).toEqual({ access: "1 hours", id: "1 hours", refresh: "30 days" });
    expect(client.PreventUserExistenceErrors).toBe("ENABLED");
    expect(client.EnableTokenRevocation).toBe(true);
  });

  it("both users, each in its group", async () => {
    expect(await membersOf("admin")).toEqual(["admin@example.com"]);
    expect(await membersOf("user")).toEqual(["user@example.com"]);
    for (const empty of ["moderator", "premium", "readonly"]) expect(await membersOf(empty)).toEqual([]);
  });

  it("the authenticated role: its own S3 prefix and its own DynamoDB items, the LeadingKeys condition intact", async () => {
    const identityPoolId = await identityPoolIdNamed(identity, "MyAppIdentityPool");
    const roles = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId }));
    expect(roles.Roles?.authenticated).toMatch(new RegExp(`:role/${ROLE}$`));

    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: ROLE }))).PolicyNames).toEqual(["user-data"]);
    const policy = await iam.send(new GetRolePolicyCommand({ RoleName: ROLE, PolicyName: "user-data" }));
    const document = JSON.parse(decodeURIComponent(policy.PolicyDocument!)) as { Version: string; Statement: Record<string, unknown>[] };
    expect(document.Version).toBe("2012-10-17");
    const byService = (prefix: string) => document.Statement.filter((s) => JSON.stringify(s.Action).includes(prefix));
    expect(document.Statement).toHaveLength(2);
    expect(byService("s3:")).toEqual([
      { Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"], Resource: [`arn:aws:s3:::myapp-user-data/users/${SUB}/*`] },
    ]);
    expect(byService("dynamodb:")).toEqual([
      {
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"],
        Resource: ["arn:aws:dynamodb:us-east-1:*:table/myapp-user-data"],
        Condition: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [SUB] } },
      },
    ]);
  });
});

async function describeClient(name: string) {
  const clientId = (await clientIdsByName(idp, poolId)).get(name);
  expect(clientId, `client ${name}`).toBeDefined();
  return (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!;
}

/** The client's token validities in their units, for the tokens it sets. */
function validity(client: Awaited<ReturnType<typeof describeClient>>): Record<string, string> {
  const units = client.TokenValidityUnits ?? {};
  const entries: [string, number | undefined, string | undefined][] = [
    ["access", client.AccessTokenValidity, units.AccessToken],
    ["id", client.IdTokenValidity, units.IdToken],
    ["refresh", client.RefreshTokenValidity, units.RefreshToken],
  ];
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined).map(([token, value, unit]) => [token, `${value} ${unit ?? "default"}`]));
}

async function membersOf(group: string): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListUsersInGroup({ client: idp }, { UserPoolId: poolId, GroupName: group })) {
    for (const user of page.Users ?? []) names.push(user.Attributes?.find((a) => a.Name === "email")?.Value ?? user.Username!);
  }
  return names.sort();
}
