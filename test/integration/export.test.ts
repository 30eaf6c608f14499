import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CreateGroupCommand,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DescribeUserPoolClientCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { clientIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `export-${suffix}`;
const dir = tempDir();
let idp: CognitoIdentityProviderClient;
let poolId = "";

/** A pool made by hand with the SDK, the way a console user would have built it. */
async function buildPoolWithSdk(): Promise<string> {
  const pool = await idp.send(
    new CreateUserPoolCommand({
      PoolName: `Handmade-${suffix}`,
      UsernameAttributes: ["email"],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ["email"],
      Policies: { PasswordPolicy: { MinimumLength: 10, RequireNumbers: true, RequireSymbols: false, RequireUppercase: true, RequireLowercase: true, TemporaryPasswordValidityDays: 3 } },
      Schema: [
        { Name: "email", AttributeDataType: "String", Required: true, Mutable: true },
        { Name: "tenant", AttributeDataType: "String", Mutable: true, StringAttributeConstraints: { MinLength: "1", MaxLength: "40" } },
      ],
      UserPoolTags: { "cognito-reconcile:stack": stack, team: "identity" },
    }),
  );
  const id = pool.UserPool!.Id!;
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: id, Domain: `handmade-${suffix}` }));
  await idp.send(
    new CreateResourceServerCommand({ UserPoolId: id, Identifier: "https://api.example.com", Name: "API", Scopes: [{ ScopeName: "read", ScopeDescription: "Read" }] }),
  );
  await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: id,
      ClientName: "machine",
      GenerateSecret: true,
      AllowedOAuthFlows: ["client_credentials"],
      AllowedOAuthScopes: ["https://api.example.com/read"],
      AllowedOAuthFlowsUserPoolClient: true,
      ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: id,
      ClientName: "web",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid", "email"],
      AllowedOAuthFlowsUserPoolClient: true,
      CallbackURLs: ["https://app.example.com/cb"],
      SupportedIdentityProviders: ["COGNITO"],
      AccessTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "minutes" },
    }),
  );
  for (const [name, precedence] of [["admin", 1], ["user", 10]] as const) {
    await idp.send(new CreateGroupCommand({ UserPoolId: id, GroupName: name, Precedence: precedence, Description: `${name}s` }));
  }
  const limit = pLimit(8);
  await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      limit(async () => {
        const email = `person${i}@example.com`;
        await idp.send(new AdminCreateUserCommand({ UserPoolId: id, Username: email, UserAttributes: [{ Name: "email", Value: email }, { Name: "custom:tenant", Value: `t${i % 3}` }], MessageAction: "SUPPRESS" }));
        await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: id, Username: email, GroupName: i % 5 === 0 ? "admin" : "user" }));
      }),
    ),
  );
  return id;
}

beforeAll(async () => {
  idp = idpClient(endpoint);
  poolId = await buildPoolWithSdk();
});

describe("export", () => {
  it("writes a file that, fed back to plan, shows no changes (clients, groups, resource server, domain, 50 users)", async () => {
    const exported = await runCli(["export", "--pool-id", poolId, "--with-users", "--endpoint-url", endpoint]);
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    const file = dir.write("exported.yaml", exported.stdout);
    expect(exported.stdout).toContain(`stack: ${stack}`);
    expect(exported.stdout).toContain(`id: ${poolId}`);
    expect(exported.stdout.match(/- username: person\d+@example.com/g)).toHaveLength(50);

    const validate = await runCli(["validate", "-f", file]);
    expect(validate.code).toBe(0);
    const plan = await runCli(["plan", "-f", file, "--endpoint-url", endpoint, "--detailed-exitcode"]);
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("never writes a client secret, and needs --stack for a pool without the stack tag", async () => {
    const machineId = await clientIdNamed(idp, poolId, "machine");
    const secret = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: machineId }))).UserPoolClient!.ClientSecret!;
    const exported = await runCli(["export", "--pool-id", poolId, "--with-users", "--log-level", "debug", "--endpoint-url", endpoint]);
    expect(exported.stdout).toContain("generateSecret: true");
    expect(exported.stdout + exported.stderr).not.toContain(secret);
    const untagged = (await idp.send(new CreateUserPoolCommand({ PoolName: `Untagged-${suffix}` }))).UserPool!.Id!;
    const refused = await runCli(["export", "--pool-id", untagged, "--endpoint-url", endpoint]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(`error: pool ${untagged} has no cognito-reconcile:stack tag; name the stack the file should use with --stack\n`);
    const named = await runCli(["export", "--pool-id", untagged, "--stack", "adopted", "--endpoint-url", endpoint]);
    expect(named.code).toBe(0);
    expect(named.stdout).toContain("run plan/apply with --adopt once");
  });
});
