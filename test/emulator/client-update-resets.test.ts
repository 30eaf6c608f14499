// UpdateUserPoolClient sets every field the request leaves out to its default, as the AWS API
// reference says ("If you don't provide a value for an attribute, Amazon Cognito sets it to its
// default value"); the client's id, secret and creation date stay.
import { randomUUID } from "node:crypto";
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolClientCommand,
  UpdateUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, inject, it } from "vitest";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const idp = new CognitoIdentityProviderClient({ endpoint: inject("emulatorUrl"), region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });

describe("UpdateUserPoolClient", () => {
  it("resets what the request leaves out and keeps id, secret, name and creation date", async () => {
    const poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: `client-reset-${randomUUID().slice(0, 8)}` }))).UserPool!.Id!;
    const created = (
      await idp.send(
        new CreateUserPoolClientCommand({
          UserPoolId: poolId,
          ClientName: "web",
          GenerateSecret: true,
          ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          CallbackURLs: ["https://app.example.com/cb"],
          AllowedOAuthFlows: ["code"],
          AllowedOAuthScopes: ["openid"],
          AllowedOAuthFlowsUserPoolClient: true,
          ReadAttributes: ["email"],
          AuthSessionValidity: 10,
          EnableTokenRevocation: false,
          AccessTokenValidity: 30,
          TokenValidityUnits: { AccessToken: "minutes" },
        }),
      )
    ).UserPoolClient!;
    const clientId = created.ClientId!;

    await idp.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, LogoutURLs: ["https://app.example.com/bye"] }));
    const after = (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!;

    expect(after.ClientId).toBe(clientId);
    expect(after.ClientName).toBe("web");
    expect(after.ClientSecret).toBe(created.ClientSecret);
    expect(after.CreationDate).toEqual(created.CreationDate);
    expect(after.LogoutURLs).toEqual(["https://app.example.com/bye"]);
    // Left out of the update: back to what a new client gets.
    for (const key of ["ExplicitAuthFlows", "CallbackURLs", "AllowedOAuthFlows", "AllowedOAuthScopes", "ReadAttributes", "AccessTokenValidity", "TokenValidityUnits"] as const) {
      expect(after[key], key).toBeUndefined();
    }
    expect(after.AllowedOAuthFlowsUserPoolClient).toBe(false);
    expect(after.AuthSessionValidity).toBe(3);
    expect(after.EnableTokenRevocation).toBe(true);
    expect(after.RefreshTokenValidity).toBe(30);
  });

  it("renames a client given ClientName", async () => {
    const poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: `client-rename-${randomUUID().slice(0, 8)}` }))).UserPool!.Id!;
    const clientId = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "old" }))).UserPoolClient!.ClientId!;
    await idp.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, ClientName: "new" }));
    expect((await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!.ClientName).toBe("new");
  });
});
