import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CreateGroupCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { parseDocument } from "yaml";
import { STACK_TAG } from "../../src/schema/cognito-defaults.js";
import { allUsers } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

/**
 * Adopting a pool built by hand the way console users build them: email sign-in, a client with
 * legacy auth flows, a client with OAuth switched off that keeps its callback URLs, a SAML
 * provider, developer-only and custom attributes, 50 users in groups. Export, adopt, and then an
 * everyday edit (an email change) must all converge with nothing but the stack tag added.
 */
const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `adopt-${suffix}`;
const dir = tempDir();
const USERS = 50;
const fast = ["--rate-limit", "UserCreation=2000", "--rate-limit", "UserUpdate=2000", "--rate-limit", "UserList=2000"];
let idp: CognitoIdentityProviderClient;
let poolId = "";
let args: string[] = [];

const email = (i: number) => `user${String(i).padStart(2, "0")}@example.com`;

async function buildByHand(): Promise<string> {
  const pool = await idp.send(
    new CreateUserPoolCommand({
      PoolName: `Adopted-${suffix}`,
      UsernameAttributes: ["email"],
      UsernameConfiguration: { CaseSensitive: false },
      AutoVerifiedAttributes: ["email"],
      Schema: [
        { Name: "email", AttributeDataType: "String", Required: true, Mutable: true },
        { Name: "tenant", AttributeDataType: "String", Mutable: true, StringAttributeConstraints: { MinLength: "1", MaxLength: "40" } },
        { Name: "internal_score", AttributeDataType: "Number", DeveloperOnlyAttribute: true, Mutable: true, NumberAttributeConstraints: { MinValue: "0", MaxValue: "100" } },
      ],
      UserPoolTags: { team: "identity" },
    }),
  );
  const id = pool.UserPool!.Id!;
  await idp.send(
    new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "legacy", ExplicitAuthFlows: ["ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH"] }),
  );
  await idp.send(
    new CreateUserPoolClientCommand({
      UserPoolId: id,
      ClientName: "oauth-off",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      AllowedOAuthFlowsUserPoolClient: false,
      CallbackURLs: ["https://app.example.com/callback"],
      LogoutURLs: ["https://app.example.com/logout"],
      SupportedIdentityProviders: ["COGNITO"],
    }),
  );
  await idp.send(
    new CreateIdentityProviderCommand({
      UserPoolId: id,
      ProviderName: "Corporate",
      ProviderType: "SAML",
      ProviderDetails: { MetadataURL: "https://idp.example.com/metadata.xml" },
      AttributeMapping: { email: "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress" },
    }),
  );
  for (const group of ["admin", "user"]) await idp.send(new CreateGroupCommand({ UserPoolId: id, GroupName: group }));
  const limit = pLimit(8);
  await Promise.all(
    Array.from({ length: USERS }, (_, i) =>
      limit(async () => {
        await idp.send(
          new AdminCreateUserCommand({
            UserPoolId: id,
            Username: email(i),
            UserAttributes: [
              { Name: "email", Value: email(i) },
              { Name: "email_verified", Value: "true" },
              { Name: "custom:tenant", Value: i % 2 ? "acme" : "globex" },
            ],
            MessageAction: "SUPPRESS",
          }),
        );
        await idp.send(new AdminAddUserToGroupCommand({ UserPoolId: id, Username: email(i), GroupName: i === 0 ? "admin" : "user" }));
      }),
    ),
  );
  return id;
}

const userCount = async (): Promise<number> => (await allUsers(idp, poolId)).length;

interface JsonPlan {
  changes: { address: string; action: string; fields: { path: string; before: unknown; after: unknown }[] }[];
}

beforeAll(async () => {
  idp = idpClient(endpoint);
  poolId = await buildByHand();
});
afterAll(() => idp?.destroy());

describe("adopting a hand-made pool", () => {
  it("export writes a file that plan --adopt reads as only the stack tag to add", async () => {
    const exported = await runCli(["export", "--pool-id", poolId, "--with-users", "--stack", stack, "--endpoint-url", endpoint]);
    expect(exported.code, exported.stderr).toBe(0);
    // What export could not express is said, one line each, not dropped silently.
    expect(exported.stderr).toMatch(/internal_score/);
    const file = dir.write("adopted.yaml", exported.stdout);
    args = ["-f", file, "--endpoint-url", endpoint, ...fast];
    expect((await runCli(["validate", "-f", file])).code).toBe(0);

    const plan = await runCli(["plan", ...args, "--adopt", "--format", "json"]);
    expect(plan.code, plan.stderr).toBe(0);
    const changed = (JSON.parse(plan.stdout) as JsonPlan).changes.filter((c) => c.action !== "no-op");
    expect(changed.map((c) => [c.address, c.action, c.fields.map((f) => f.path)])).toEqual([[`userPool.Adopted-${suffix}`, "update", [`tags.${STACK_TAG}`]]]);
  });

  it("apply --adopt converges, and plan then shows no changes", async () => {
    const apply = await runCli(["apply", ...args, "--adopt", "--auto-approve"]);
    expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);
    const described = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
    expect(described.UserPool?.UserPoolTags).toMatchObject({ [STACK_TAG]: stack, team: "identity" });
    const plan = await runCli(["plan", ...args, "--detailed-exitcode"]);
    expect(plan.code, plan.stdout).toBe(0);
  });

  it("an email change written with renamedFrom applies as one update that keeps the user's sub and groups", async () => {
    const before = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: email(7) }));
    const sub = before.UserAttributes?.find((a) => a.Name === "sub")?.Value;

    const doc = parseDocument((await import("node:fs")).readFileSync(args[1]!, "utf8"));
    const users = doc.getIn(["userPools", 0, "users"]) as { items: { get(key: string): unknown; set(key: string, value: unknown): void }[] };
    const user = users.items.find((u) => u.get("username") === email(7))!;
    user.set("username", "user07-new@example.com");
    user.set("renamedFrom", email(7));
    const attributes = user.get("attributes") as { set(key: string, value: unknown): void; has(key: string): boolean } | undefined;
    if (attributes?.has("email")) attributes.set("email", "user07-new@example.com");
    dir.write("adopted.yaml", doc.toString());

    const plan = await runCli(["plan", ...args, "--format", "json"]);
    expect(plan.code, plan.stderr).toBe(0);
    const changed = (JSON.parse(plan.stdout) as JsonPlan).changes.filter((c) => c.action !== "no-op");
    expect(changed.map((c) => [c.address, c.action])).toEqual([[`userPool.Adopted-${suffix}/user.user07-new@example.com`, "update"]]);

    const apply = await runCli(["apply", ...args, "--auto-approve"]);
    expect(apply.code, `${apply.stdout}\n${apply.stderr}`).toBe(0);
    expect(apply.stdout).toContain("Apply complete: 1 operation;");
    const after = await idp.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: "user07-new@example.com" }));
    expect(after.UserAttributes?.find((a) => a.Name === "sub")?.Value).toBe(sub);
    const groups = await idp.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: "user07-new@example.com" }));
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(["user"]);
    expect(await userCount()).toBe(USERS);
    expect((await runCli(["plan", ...args, "--detailed-exitcode"])).code).toBe(0);
  });
});
