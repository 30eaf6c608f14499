// Export of clients in states people's pools are really in (legacy auth flow names, OAuth switched
// off with its URLs kept) and of what a file cannot declare: the file plans no changes, and every
// left-out thing is named on stderr.
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `export-kept-${suffix}`;
const dir = tempDir();
let idp: CognitoIdentityProviderClient;
let poolId = "";
let consoleClientId = "";

beforeAll(async () => {
  idp = idpClient(endpoint);
  poolId = (
    await idp.send(
      new CreateUserPoolCommand({
        PoolName: `Kept-${suffix}`,
        Schema: [
          { Name: "tenant", AttributeDataType: "String", Mutable: true },
          { Name: "internal", AttributeDataType: "String", Mutable: true, DeveloperOnlyAttribute: true },
        ],
        UserPoolTags: { "cognito-reconcile:stack": stack },
      }),
    )
  ).UserPool!.Id!;
  await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "legacy", ExplicitAuthFlows: ["ADMIN_NO_SRP_AUTH", "USER_PASSWORD_AUTH"] }));
  consoleClientId = (
    await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "console",
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        AllowedOAuthFlowsUserPoolClient: false,
        CallbackURLs: ["https://app.example.com/cb"],
        LogoutURLs: ["https://app.example.com/bye"],
        SupportedIdentityProviders: ["COGNITO"],
        AnalyticsConfiguration: { ApplicationId: "0123456789abcdef0123456789abcdef", RoleArn: "arn:aws:iam::123456789012:role/pinpoint", UserDataShared: false },
      }),
    )
  ).UserPoolClient!.ClientId!;
});

describe("export of clients as people have them", () => {
  it("writes legacy flows and OAuth-off URLs so that validate passes and plan shows no changes, and lists what it left out", async () => {
    const exported = await runCli(["export", "--pool-id", poolId, "--endpoint-url", endpoint]);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/authFlows:\n\s+- ADMIN_NO_SRP_AUTH\n\s+- USER_PASSWORD_AUTH\n/);
    expect(exported.stdout).toMatch(/oauth:\n\s+enabled: false\n\s+callbackUrls:\n\s+- https:\/\/app\.example\.com\/cb\n\s+logoutUrls:\n\s+- https:\/\/app\.example\.com\/bye\n/);
    expect(exported.stdout).not.toContain("internal");
    expect(exported.stderr.split("\n").filter((l) => l !== "")).toEqual([
      "export: left out attributes.custom dev:custom:internal: developer-only attributes cannot be declared; the pool keeps it",
      "export: left out client console AnalyticsConfiguration: the file has no field for it; apply keeps it as it is",
    ]);

    const file = dir.write("kept.yaml", exported.stdout);
    const validate = await runCli(["validate", "-f", file]);
    expect(validate.stderr).toBe("");
    expect(validate.code).toBe(0);
    const plan = await runCli(["plan", "-f", file, "--endpoint-url", endpoint, "--detailed-exitcode"]);
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("an OAuth-off client's URLs change by apply, stay OAuth-off, keep what the file does not manage, and converge", async () => {
    const exported = await runCli(["export", "--pool-id", poolId, "--endpoint-url", endpoint]);
    const edited = exported.stdout.replace("https://app.example.com/bye", "https://app.example.com/signed-out");
    expect(edited).not.toBe(exported.stdout);
    const file = dir.write("kept-edited.yaml", edited);
    const apply = await runCli(["apply", "-f", file, "--endpoint-url", endpoint, "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    const live = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: consoleClientId }))).UserPoolClient!;
    expect(live.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(live.CallbackURLs).toEqual(["https://app.example.com/cb"]);
    expect(live.LogoutURLs).toEqual(["https://app.example.com/signed-out"]);
    expect(live.AnalyticsConfiguration?.ApplicationId).toBe("0123456789abcdef0123456789abcdef");
    const plan = await runCli(["plan", "-f", file, "--endpoint-url", endpoint, "--detailed-exitcode"]);
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });
});
