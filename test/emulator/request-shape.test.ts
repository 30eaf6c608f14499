// The emulator refuses requests that break the AWS service model's constraints, as AWS does
// (src/emulator/request_shape.py). The SDK sends such requests as they are: it checks none of
// these constraints itself, so without this check a request AWS would refuse succeeds locally.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { dirname } from "node:path";
import { CognitoIdentityClient, CreateIdentityPoolCommand, ListIdentityPoolsCommand } from "@aws-sdk/client-cognito-identity";
import {
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  CreateUserPoolCommand,
  type CreateUserPoolCommandInput,
  CreateUserPoolDomainCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DescribeUserPoolDomainCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CreateRoleCommand, DeleteRoleCommand, IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import { CreateSecretCommand, DescribeSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetParametersCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { motoExtPath } from "../../src/emulator/emulator.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const endpoint = inject("emulatorUrl");
const config = { endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } };
const idp = new CognitoIdentityProviderClient(config);
const identity = new CognitoIdentityClient(config);
const iam = new IAMClient(config);
const ssm = new SSMClient(config);
const secretsManager = new SecretsManagerClient(config);

const suffix = randomUUID().slice(0, 8);
const one = (detail: string): string => `1 validation error detected: ${detail}`;

/** The error a promise rejects with; fails the test when it resolves. */
async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const error = await promise.then(
    () => expect.unreachable("the request was accepted"),
    (err: unknown) => err as { name: string; message: string; $metadata?: { httpStatusCode?: number } },
  );
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode };
}

async function poolNames(): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await idp.send(new ListUserPoolsCommand({ MaxResults: 60, NextToken }));
    names.push(...(page.UserPools ?? []).map((pool) => pool.Name ?? ""));
    NextToken = page.NextToken;
  } while (NextToken);
  return names;
}

async function identityPoolNames(): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await identity.send(new ListIdentityPoolsCommand({ MaxResults: 60, NextToken }));
    names.push(...(page.IdentityPools ?? []).map((pool) => pool.IdentityPoolName ?? ""));
    NextToken = page.NextToken;
  } while (NextToken);
  return names;
}

async function roleNames(): Promise<string[]> {
  const names: string[] = [];
  let Marker: string | undefined;
  do {
    const page = await iam.send(new ListRolesCommand({ Marker }));
    names.push(...(page.Roles ?? []).map((role) => role.RoleName ?? ""));
    Marker = page.IsTruncated ? page.Marker : undefined;
  } while (Marker);
  return names;
}

describe("cognito-idp requests that break the model (InvalidParameterException, HTTP 400)", () => {
  let poolId: string;

  beforeAll(async () => {
    const created = await idp.send(new CreateUserPoolCommand({ PoolName: `shape-${suffix}` }));
    poolId = created.UserPool!.Id!;
  });
  afterAll(async () => {
    await idp.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
  });

  it("refuses a name longer than its maximum and creates nothing", async () => {
    const name = `too-long-${suffix}-`.padEnd(129, "x");
    const error = await refusal(idp.send(new CreateUserPoolCommand({ PoolName: name })));
    expect(error).toEqual({
      name: "InvalidParameterException",
      status: 400,
      message: one(`Value '${name}' at 'poolName' failed to satisfy constraint: Member must have length less than or equal to 128`),
    });
    expect(await poolNames()).not.toContain(name);
  });

  it("refuses a value outside the enum", async () => {
    const input = { PoolName: `enum-${suffix}`, MfaConfiguration: "SOMETIMES" } as unknown as CreateUserPoolCommandInput;
    const error = await refusal(idp.send(new CreateUserPoolCommand(input)));
    expect(error).toMatchObject({
      name: "InvalidParameterException",
      status: 400,
      message: one("Value 'SOMETIMES' at 'mfaConfiguration' failed to satisfy constraint: Member must satisfy enum value set: [OFF, ON, OPTIONAL]"),
    });
    expect(await poolNames()).not.toContain(`enum-${suffix}`);
  });

  it("refuses a string that does not match the pattern", async () => {
    const error = await refusal(idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web/app" })));
    expect(error).toMatchObject({
      name: "InvalidParameterException",
      message: one("Value 'web/app' at 'clientName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+"),
    });
  });

  it("refuses integers outside their range, at either end", async () => {
    const tooLong = await refusal(
      idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web", RefreshTokenValidity: 315360001 })),
    );
    expect(tooLong.message).toBe(
      one("Value '315360001' at 'refreshTokenValidity' failed to satisfy constraint: Member must have value less than or equal to 315360000"),
    );
    const tooShort = await refusal(idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web", AccessTokenValidity: 0 })));
    expect(tooShort.message).toBe(
      one("Value '0' at 'accessTokenValidity' failed to satisfy constraint: Member must have value greater than or equal to 1"),
    );
  });

  it("refuses a request without a required member", async () => {
    const input = { UserPoolId: poolId } as CreateUserPoolClientCommandInput;
    const error = await refusal(idp.send(new CreateUserPoolClientCommand(input)));
    expect(error).toMatchObject({
      name: "InvalidParameterException",
      message: one("Value null at 'clientName' failed to satisfy constraint: Member must not be null"),
    });
  });

  it("refuses a list shorter than its minimum (an empty Schema)", async () => {
    const error = await refusal(idp.send(new CreateUserPoolCommand({ PoolName: `empty-schema-${suffix}`, Schema: [] })));
    expect(error.message).toBe(one("Value '[]' at 'schema' failed to satisfy constraint: Member must have length greater than or equal to 1"));
    expect(await poolNames()).not.toContain(`empty-schema-${suffix}`);
  });

  it("names a list element by its 1-based index, and lists every constraint of a bad scalar element", async () => {
    const schema = await refusal(
      idp.send(
        new CreateUserPoolCommand({ PoolName: `schema-${suffix}`, Schema: [{ Name: "phone_number_verified", AttributeDataType: "Boolean" }] }),
      ),
    );
    expect(schema.message).toBe(
      one("Value 'phone_number_verified' at 'schema.1.member.name' failed to satisfy constraint: Member must have length less than or equal to 20"),
    );

    const urls = await refusal(
      idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: "web", CallbackURLs: ["https://ok.example.com", "https://a b"] })),
    );
    expect(urls.message).toBe(
      one(
        "Value '[https://ok.example.com, https://a b]' at 'callbackURLs' failed to satisfy constraint: Member must satisfy constraint: " +
          "[Member must have length less than or equal to 1024, Member must have length greater than or equal to 1, " +
          "Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+]",
      ),
    );
  });

  it("reports every violation of a request, and never echoes a sensitive value", async () => {
    const password = "has a space";
    const error = await refusal(
      idp.send(
        new AdminCreateUserCommand({
          UserPoolId: poolId,
          Username: "",
          TemporaryPassword: password,
          UserAttributes: [{ Name: "email", Value: "x".repeat(2049) }],
        }),
      ),
    );
    expect(error.name).toBe("InvalidParameterException");
    expect(error.message).toBe(
      "4 validation errors detected: " +
        [
          "Value at 'username' failed to satisfy constraint: Member must have length greater than or equal to 1",
          "Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
          "Value at 'userAttributes.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048",
          "Value at 'temporaryPassword' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+",
        ].join("; "),
    );
    expect(error.message).not.toContain(password);
  });

  it("matches Unicode classes as Java does: letters, marks, symbols, numbers and punctuation, not spaces", async () => {
    for (const username of ["José", "ユーザー", "a+b@example.com", "smile😀"]) {
      const created = await idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS" }));
      expect(created.User?.Username).toBe(username);
    }
    for (const username of ["two words", "tab\there", "nbsp\u00a0here"]) {
      const error = await refusal(idp.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, MessageAction: "SUPPRESS" })));
      expect(error.message).toBe(
        one("Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+"),
      );
    }
  });

  it("accepts a custom domain's full name, which the model's Domain pattern (no dots) would refuse but AWS takes", async () => {
    const domain = `auth-${suffix}.example.com`;
    const certificate = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012";
    await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain, CustomDomainConfig: { CertificateArn: certificate } }));
    const described = await idp.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
    expect(described.DomainDescription?.UserPoolId).toBe(poolId);
    await idp.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
  });

  it("passes a valid request on to the emulator", async () => {
    const created = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "web app",
        GenerateSecret: true,
        RefreshTokenValidity: 30,
        AccessTokenValidity: 60,
        TokenValidityUnits: { RefreshToken: "days", AccessToken: "minutes" },
        ExplicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
        CallbackURLs: ["https://app.example.com/callback"],
        AllowedOAuthFlows: ["code"],
        AllowedOAuthScopes: ["openid", "email"],
        AllowedOAuthFlowsUserPoolClient: true,
        SupportedIdentityProviders: ["COGNITO"],
      }),
    );
    expect(created.UserPoolClient?.ClientName).toBe("web app");
  });
});

describe("cognito-identity requests that break the model (ValidationException, HTTP 400)", () => {
  it("refuses a name that does not match the pattern and creates nothing", async () => {
    const name = `bad/${suffix}`;
    const error = await refusal(identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: name, AllowUnauthenticatedIdentities: false })));
    expect(error).toEqual({
      name: "ValidationException",
      status: 400,
      message: one(`Value '${name}' at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w\\s+=,.@-]+`),
    });
    expect(await identityPoolNames()).not.toContain(name);
  });

  it("refuses a map whose values break their constraints", async () => {
    const error = await refusal(
      identity.send(
        new CreateIdentityPoolCommand({
          IdentityPoolName: `providers ${suffix}`,
          AllowUnauthenticatedIdentities: false,
          SupportedLoginProviders: { "accounts.google.com": "client id " },
        }),
      ),
    );
    expect(error.message).toBe(
      one(
        "Value '{accounts.google.com=client id }' at 'supportedLoginProviders' failed to satisfy constraint: Map value must satisfy constraint: " +
          "[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, " +
          "Member must satisfy regular expression pattern: [\\w.;_/-]+]",
      ),
    );
  });
});

describe("IAM requests that break the model (ValidationError, HTTP 400)", () => {
  it("refuses a role name longer than 64 and creates nothing", async () => {
    const name = `shape-${suffix}-`.padEnd(65, "r");
    const error = await refusal(iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: "{}" })));
    expect(error).toEqual({
      name: "ValidationError",
      status: 400,
      message: one(`Value '${name}' at 'roleName' failed to satisfy constraint: Member must have length less than or equal to 64`),
    });
    expect(await roleNames()).not.toContain(name);
  });

  it("reads nested query fields (Tags.member.N.Key) and integers", async () => {
    const error = await refusal(
      iam.send(
        new CreateRoleCommand({
          RoleName: `shape-tags-${suffix}`,
          AssumeRolePolicyDocument: "{}",
          MaxSessionDuration: 60,
          Tags: [{ Key: "ok", Value: "v" }, { Key: "", Value: "v" }],
        }),
      ),
    );
    expect(error.message).toBe(
      "3 validation errors detected: " +
        "Value '60' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600; " +
        "Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'tags.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
    );
  });

  it("passes a valid request on to the emulator", async () => {
    const name = `shape-ok-${suffix}`;
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" }],
    });
    const created = await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: policy, Tags: [{ Key: "team", Value: "id" }] }));
    expect(created.Role?.RoleName).toBe(name);
    await iam.send(new DeleteRoleCommand({ RoleName: name }));
  });
});

describe("Parameter Store and Secrets Manager requests that break the model (ValidationException, HTTP 400)", () => {
  it("refuses a PutParameter whose description is too long and whose tag key breaks the pattern, and creates nothing", async () => {
    const name = `/shape-${suffix}/p`;
    const description = "d".repeat(1025);
    const error = await refusal(ssm.send(new PutParameterCommand({ Name: name, Value: "v", Type: "String", Description: description, Tags: [{ Key: "bad!", Value: "v" }] })));
    expect(error).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "2 validation errors detected: " +
        `Value '${description}' at 'description' failed to satisfy constraint: Member must have length less than or equal to 1024; ` +
        "Value 'bad!' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: ^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$",
    });
    expect((await ssm.send(new GetParametersCommand({ Names: [name] }))).InvalidParameters).toEqual([name]);
  });

  it("refuses a secret name longer than 512 without echoing the secret's value, and creates nothing", async () => {
    const name = `shape-${suffix}-`.padEnd(513, "s");
    const error = await refusal(secretsManager.send(new CreateSecretCommand({ Name: name, SecretString: "x".repeat(65_537) })));
    expect(error).toEqual({
      name: "ValidationException",
      status: 400,
      message:
        "2 validation errors detected: " +
        `Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 512; ` +
        "Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536",
    });
    expect(await refusal(secretsManager.send(new DescribeSecretCommand({ SecretId: name })))).toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("passes valid requests on to the emulator", async () => {
    const name = `/shape-${suffix}/ok`;
    await ssm.send(new PutParameterCommand({ Name: name, Value: "v", Type: "String", Tags: [{ Key: "cognito-reconcile:stack", Value: "shape" }] }));
    expect((await ssm.send(new GetParametersCommand({ Names: [name] }))).Parameters?.map((p) => p.Value)).toEqual(["v"]);
    const created = await secretsManager.send(new CreateSecretCommand({ Name: `shape-${suffix}/ok`, SecretString: "{}" }));
    expect(created.Name).toBe(`shape-${suffix}/ok`);
  });
});

describe("request_shape.py", () => {
  it("translates every pattern of the cognito-idp, cognito-identity, IAM, SSM and Secrets Manager models for Python's re", () => {
    const script = [
      "import sys, botocore.session",
      "import request_shape as r",
      "session = botocore.session.get_session()",
      "failed = []",
      "for service in ('cognito-idp', 'cognito-identity', 'iam', 'ssm', 'secretsmanager'):",
      "    model = session.get_service_model(service)",
      "    for name in model.shape_names:",
      "        pattern = model.shape_for(name).metadata.get('pattern')",
      "        if pattern is not None and r.compiled_pattern(pattern) is None:",
      "            failed.append(pattern)",
      "print(failed)",
    ].join("\n");
    const python = process.env.COGNITO_RECONCILE_PYTHON || "python3";
    const result = spawnSync(python, ["-B", "-c", script], { encoding: "utf8", cwd: dirname(motoExtPath()) });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("[]");
  });
});
