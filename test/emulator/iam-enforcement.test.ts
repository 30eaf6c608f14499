// IAM enforcement on the emulator: with the checks on, only the access keys of IAM users made on
// the emulator are accepted, a call their policies do not allow is refused as AWS refuses it (in
// the service's own protocol, naming the principal, the action and the resource), and policies
// scoped to user pool, identity pool and role ARNs allow what they allow on AWS. On emulators of
// this file's own, as the checks change how every call is answered.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  ListIdentityPoolsCommand,
} from "@aws-sdk/client-cognito-identity";
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, GetRoleCommand, IAMClient, ListRolesCommand, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
// Any key works while nothing is checked; with the checks on, this one is unknown.
const setupCredentials = { accessKeyId: "test", secretAccessKey: "test" };
type Credentials = typeof setupCredentials;

interface Statement {
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: string | string[];
}

const TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "sts:AssumeRoleWithWebIdentity" }],
});

/** The status and headers of the last raw HTTP response a client received, before the SDK reads it. */
interface Seen {
  status?: number;
  headers: Record<string, string>;
}

function clients(url: string, credentials: Credentials) {
  const config = { endpoint: url, region: REGION, credentials, maxAttempts: 1 };
  const seen: Seen = { headers: {} };
  const idp = new CognitoIdentityProviderClient(config);
  // Inside the deserializer (same step, lower priority), the result is the raw HTTP response,
  // before it is turned into an error.
  idp.middlewareStack.add(
    (next) => async (args) => {
      const out = await next(args);
      const response = out.response as { statusCode?: number; headers?: Record<string, string> };
      seen.status = response.statusCode;
      seen.headers = response.headers ?? {};
      return out;
    },
    { step: "deserialize", priority: "low", name: "recordRawResponse" },
  );
  return { idp, identity: new CognitoIdentityClient(config), iam: new IAMClient(config), seen };
}

type Clients = ReturnType<typeof clients>;

const destroy = (c: Clients): void => {
  c.idp.destroy();
  c.identity.destroy();
  c.iam.destroy();
};

/** What a refused call threw: the SDK's error name, HTTP status and message. */
async function refusal(call: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  const err = await call.then(
    () => {
      throw new Error("the call succeeded");
    },
    (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } },
  );
  return { name: err.name, status: err.$metadata?.httpStatusCode, message: err.message };
}

const denied = (user: string, action: string, resource: string): string =>
  `User: arn:aws:iam::${ACCOUNT}:user/${user} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`;

const poolArn = (id: string): string => `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${id}`;
const identityPoolArn = (id: string): string => `arn:aws:cognito-identity:${REGION}:${ACCOUNT}:identitypool/${id}`;

describe("IAM enforcement (setIamEnforcement)", () => {
  let emulator: Emulator;
  let admin: Clients;
  const opened: Clients[] = [];

  /** An IAM user with access keys and one inline policy of these statements; made while nothing is checked. */
  async function user(prefix: string, statements: Statement[]): Promise<{ name: string; as: Clients }> {
    const name = `${prefix}-${randomUUID().slice(0, 8)}`;
    await admin.iam.send(new CreateUserCommand({ UserName: name }));
    const key = (await admin.iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
    await admin.iam.send(
      new PutUserPolicyCommand({ UserName: name, PolicyName: "least-privilege", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: statements }) }),
    );
    const as = clients(emulator.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    opened.push(as);
    return { name, as };
  }

  const newPool = async (): Promise<string> => (await admin.idp.send(new CreateUserPoolCommand({ PoolName: `iam-${randomUUID().slice(0, 8)}` }))).UserPool!.Id!;
  const newIdentityPool = async (): Promise<string> =>
    (await admin.identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: `iam_${randomUUID().slice(0, 8)}`, AllowUnauthenticatedIdentities: true })))
      .IdentityPoolId!;

  beforeAll(async () => {
    emulator = await startEmulator();
    admin = clients(emulator.url, setupCredentials);
  }, 60_000);
  afterEach(async () => {
    await emulator.setIamEnforcement(false);
  });
  afterAll(async () => {
    for (const c of [admin, ...opened]) if (c) destroy(c);
    await emulator?.stop();
  });

  describe("a user allowed cognito-idp:ListUserPools only", () => {
    let reader: { name: string; as: Clients };

    beforeAll(async () => {
      reader = await user("reader", [{ Effect: "Allow", Action: "cognito-idp:ListUserPools", Resource: "*" }]);
    });

    it("lists user pools", async () => {
      await emulator.setIamEnforcement(true);
      const listed = await reader.as.idp.send(new ListUserPoolsCommand({ MaxResults: 10 }));
      expect(listed.$metadata.httpStatusCode).toBe(200);
    });

    it("is refused CreateUserPool with AccessDeniedException in JSON, HTTP 400, naming the action", async () => {
      await emulator.setIamEnforcement(true);
      const refused = await refusal(reader.as.idp.send(new CreateUserPoolCommand({ PoolName: "not-allowed" })));
      expect(refused).toEqual({ name: "AccessDeniedException", status: 400, message: denied(reader.name, "cognito-idp:CreateUserPool", "*") });
      expect(reader.as.seen.status).toBe(400);
      expect(reader.as.seen.headers["x-amzn-errortype"]).toBe("AccessDeniedException");
      expect(reader.as.seen.headers["content-type"]).toBe("application/x-amz-json-1.1");
      await emulator.setIamEnforcement(false);
      const pools = await admin.idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
      expect(pools.UserPools?.map((pool) => pool.Name)).not.toContain("not-allowed");
    });

    it("is refused a pool's operation on the pool's ARN", async () => {
      const poolId = await newPool();
      await emulator.setIamEnforcement(true);
      expect(await refusal(reader.as.idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId })))).toMatchObject({
        name: "AccessDeniedException",
        message: denied(reader.name, "cognito-idp:DescribeUserPool", poolArn(poolId)),
      });
    });

    it("is refused cognito-identity operations with AccessDeniedException", async () => {
      const identityPoolId = await newIdentityPool();
      await emulator.setIamEnforcement(true);
      expect(await refusal(reader.as.identity.send(new ListIdentityPoolsCommand({ MaxResults: 10 })))).toEqual({
        name: "AccessDeniedException",
        status: 400,
        message: denied(reader.name, "cognito-identity:ListIdentityPools", "*"),
      });
      expect(await refusal(reader.as.identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: identityPoolId })))).toMatchObject({
        name: "AccessDeniedException",
        message: denied(reader.name, "cognito-identity:DescribeIdentityPool", identityPoolArn(identityPoolId)),
      });
    });

    it("is refused IAM calls with AccessDenied in XML, HTTP 403, naming the role", async () => {
      await emulator.setIamEnforcement(true);
      const refused = await refusal(reader.as.iam.send(new CreateRoleCommand({ RoleName: "Cognito_NotAllowed", AssumeRolePolicyDocument: TRUST_POLICY })));
      expect(refused).toEqual({ name: "AccessDenied", status: 403, message: denied(reader.name, "iam:CreateRole", `arn:aws:iam::${ACCOUNT}:role/Cognito_NotAllowed`) });
      expect(await refusal(reader.as.iam.send(new ListRolesCommand({})))).toMatchObject({ name: "AccessDenied", message: denied(reader.name, "iam:ListRoles", "*") });
    });
  });

  describe("credentials", () => {
    it("refuses a key no IAM user has, as Cognito (UnrecognizedClientException) and IAM (InvalidClientTokenId) do", async () => {
      await emulator.setIamEnforcement(true);
      const message = "The security token included in the request is invalid.";
      expect(await refusal(admin.idp.send(new ListUserPoolsCommand({ MaxResults: 10 })))).toEqual({ name: "UnrecognizedClientException", status: 400, message });
      expect(await refusal(admin.identity.send(new ListIdentityPoolsCommand({ MaxResults: 10 })))).toMatchObject({ name: "UnrecognizedClientException", status: 400 });
      expect(await refusal(admin.iam.send(new ListRolesCommand({})))).toEqual({ name: "InvalidClientTokenId", status: 403, message });
    });

    it("refuses a wrong secret key as a bad signature", async () => {
      const { as } = await user("signer", [{ Effect: "Allow", Action: "*", Resource: "*" }]);
      const key = await as.idp.config.credentials();
      const wrong = clients(emulator.url, { accessKeyId: key.accessKeyId, secretAccessKey: "not-the-secret" });
      opened.push(wrong);
      await emulator.setIamEnforcement(true);
      expect(await refusal(wrong.idp.send(new ListUserPoolsCommand({ MaxResults: 10 })))).toMatchObject({ name: "InvalidSignatureException", status: 400 });
      expect(await refusal(wrong.iam.send(new ListRolesCommand({})))).toMatchObject({ name: "SignatureDoesNotMatch", status: 403 });
    });

    it("serves the operations AWS serves without credentials (GetId, GetCredentialsForIdentity)", async () => {
      const identityPoolId = await newIdentityPool();
      await emulator.setIamEnforcement(true);
      // The SDK sends both unsigned; the "test" key on the client is not used.
      const { IdentityId } = await admin.identity.send(new GetIdCommand({ IdentityPoolId: identityPoolId, AccountId: ACCOUNT }));
      const got = await admin.identity.send(new GetCredentialsForIdentityCommand({ IdentityId }));
      expect(got.Credentials?.AccessKeyId).toBeTruthy();
    });
  });

  describe("resource-scoped policies", () => {
    it("allows a pool's operations by the pool ARN pattern userpool/*, and not ListUserPools, which AWS authorizes on *", async () => {
      const poolId = await newPool();
      const scoped = await user("pools", [
        { Effect: "Allow", Action: ["cognito-idp:ListUsers", "cognito-idp:DescribeUserPool", "cognito-idp:ListUserPools"], Resource: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/*` },
      ]);
      await emulator.setIamEnforcement(true);
      expect((await scoped.as.idp.send(new ListUsersCommand({ UserPoolId: poolId }))).Users).toEqual([]);
      expect((await scoped.as.idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.Id).toBe(poolId);
      expect(await refusal(scoped.as.idp.send(new ListUserPoolsCommand({ MaxResults: 10 })))).toMatchObject({
        name: "AccessDeniedException",
        message: denied(scoped.name, "cognito-idp:ListUserPools", "*"),
      });
    });

    it("allows one pool's ARN on that pool only", async () => {
      const [mine, other] = [await newPool(), await newPool()];
      const scoped = await user("one-pool", [{ Effect: "Allow", Action: "cognito-idp:ListUsers", Resource: poolArn(mine) }]);
      await emulator.setIamEnforcement(true);
      expect((await scoped.as.idp.send(new ListUsersCommand({ UserPoolId: mine }))).Users).toEqual([]);
      expect(await refusal(scoped.as.idp.send(new ListUsersCommand({ UserPoolId: other })))).toMatchObject({
        name: "AccessDeniedException",
        message: denied(scoped.name, "cognito-idp:ListUsers", poolArn(other)),
      });
    });

    it("allows an identity pool's operations by identitypool/*", async () => {
      const identityPoolId = await newIdentityPool();
      const scoped = await user("identity-pools", [
        { Effect: "Allow", Action: "cognito-identity:DescribeIdentityPool", Resource: `arn:aws:cognito-identity:${REGION}:${ACCOUNT}:identitypool/*` },
      ]);
      await emulator.setIamEnforcement(true);
      expect((await scoped.as.identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: identityPoolId }))).IdentityPoolId).toBe(identityPoolId);
    });

    it("allows roles by name pattern role/Cognito_*: GetRole of such a role, CreateRole of a new one, and nothing on other roles", async () => {
      const suffix = randomUUID().slice(0, 8);
      await admin.iam.send(new CreateRoleCommand({ RoleName: `Cognito_existing_${suffix}`, AssumeRolePolicyDocument: TRUST_POLICY }));
      await admin.iam.send(new CreateRoleCommand({ RoleName: `Other_${suffix}`, AssumeRolePolicyDocument: TRUST_POLICY }));
      const scoped = await user("roles", [{ Effect: "Allow", Action: ["iam:GetRole", "iam:CreateRole"], Resource: `arn:aws:iam::${ACCOUNT}:role/Cognito_*` }]);
      await emulator.setIamEnforcement(true);
      expect((await scoped.as.iam.send(new GetRoleCommand({ RoleName: `Cognito_existing_${suffix}` }))).Role?.RoleName).toBe(`Cognito_existing_${suffix}`);
      const created = await scoped.as.iam.send(new CreateRoleCommand({ RoleName: `Cognito_new_${suffix}`, AssumeRolePolicyDocument: TRUST_POLICY }));
      expect(created.Role?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:role/Cognito_new_${suffix}`);
      expect(await refusal(scoped.as.iam.send(new GetRoleCommand({ RoleName: `Other_${suffix}` })))).toEqual({
        name: "AccessDenied",
        status: 403,
        message: denied(scoped.name, "iam:GetRole", `arn:aws:iam::${ACCOUNT}:role/Other_${suffix}`),
      });
    });

    it("names an explicit deny, which wins over an allow", async () => {
      const poolId = await newPool();
      const scoped = await user("no-delete", [
        { Effect: "Allow", Action: "cognito-idp:*", Resource: "*" },
        { Effect: "Deny", Action: "cognito-idp:DeleteUserPool", Resource: "*" },
      ]);
      await emulator.setIamEnforcement(true);
      expect(await refusal(scoped.as.idp.send(new DeleteUserPoolCommand({ UserPoolId: poolId })))).toEqual({
        name: "AccessDeniedException",
        status: 400,
        message: `User: arn:aws:iam::${ACCOUNT}:user/${scoped.name} is not authorized to perform: cognito-idp:DeleteUserPool on resource: ${poolArn(poolId)} with an explicit deny in an identity-based policy`,
      });
      expect((await scoped.as.idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.Id).toBe(poolId);
    });

    it("matches as IAM does: action names in any case, only * and ? as wildcards", async () => {
      const suffix = randomUUID().slice(0, 8);
      await admin.iam.send(new CreateRoleCommand({ RoleName: `app.${suffix}`, AssumeRolePolicyDocument: TRUST_POLICY }));
      await admin.iam.send(new CreateRoleCommand({ RoleName: `appX${suffix}`, AssumeRolePolicyDocument: TRUST_POLICY }));
      await admin.iam.send(new CreateRoleCommand({ RoleName: `app-${suffix}`, AssumeRolePolicyDocument: TRUST_POLICY }));
      const scoped = await user("patterns", [
        { Effect: "Allow", Action: "cognito-idp:listuserpools", Resource: "*" },
        { Effect: "Allow", Action: "IAM:GetRole", Resource: [`arn:aws:iam::${ACCOUNT}:role/app.${suffix}`, `arn:aws:iam::${ACCOUNT}:role/app?${suffix.slice(0, 7)}?`] },
      ]);
      await emulator.setIamEnforcement(true);
      await scoped.as.idp.send(new ListUserPoolsCommand({ MaxResults: 10 }));
      await scoped.as.iam.send(new GetRoleCommand({ RoleName: `app.${suffix}` }));
      await scoped.as.iam.send(new GetRoleCommand({ RoleName: `app-${suffix}` })); // by app?...?
      // "." is a literal dot in IAM, not any character; "?" stands for exactly one.
      await emulator.setIamEnforcement(false);
      const narrow = await user("literal-dot", [{ Effect: "Allow", Action: "iam:GetRole", Resource: `arn:aws:iam::${ACCOUNT}:role/app.${suffix}` }]);
      await emulator.setIamEnforcement(true);
      expect(await refusal(narrow.as.iam.send(new GetRoleCommand({ RoleName: `appX${suffix}` })))).toMatchObject({ name: "AccessDenied" });
    });
  });

  describe("switching", () => {
    it("reports the setting, and off lets any key through again", async () => {
      expect(await emulator.iamEnforcement()).toEqual({ on: false });
      await emulator.setIamEnforcement(true);
      expect(await emulator.iamEnforcement()).toEqual({ on: true, uncheckedLeft: 0 });
      await expect(admin.idp.send(new ListUserPoolsCommand({ MaxResults: 10 }))).rejects.toMatchObject({ name: "UnrecognizedClientException" });
      await emulator.setIamEnforcement(false);
      expect(await emulator.iamEnforcement()).toEqual({ on: false });
      await admin.idp.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    });

    it("refuses a body that is not {on: boolean}", async () => {
      const response = await fetch(`${emulator.url}/_emulator/iam-enforcement`, { method: "POST", body: JSON.stringify({ on: "yes" }) });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ message: 'expected {"on": true|false}' });
    });
  });
});

describe("startEmulator({ enforceIam: N })", () => {
  let emulator: Emulator;
  let admin: Clients;

  beforeAll(async () => {
    emulator = await startEmulator({ enforceIam: 2 });
    admin = clients(emulator.url, setupCredentials);
  }, 60_000);
  afterAll(async () => {
    if (admin) destroy(admin);
    await emulator?.stop();
  });

  it("lets the first N AWS requests through unchecked and checks every one after, and a reset counts again", async () => {
    expect(await emulator.iamEnforcement()).toEqual({ on: true, uncheckedLeft: 2 });
    await admin.idp.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    await admin.iam.send(new ListRolesCommand({}));
    expect(await emulator.iamEnforcement()).toEqual({ on: true, uncheckedLeft: 0 });
    await expect(admin.idp.send(new ListUserPoolsCommand({ MaxResults: 10 }))).rejects.toMatchObject({ name: "UnrecognizedClientException" });

    await emulator.reset();
    expect(await emulator.iamEnforcement()).toEqual({ on: true, uncheckedLeft: 2 });
    await admin.idp.send(new ListUserPoolsCommand({ MaxResults: 10 }));
  });

  it("refuses a count that is not a whole number from 0", async () => {
    await expect(startEmulator({ enforceIam: -1 })).rejects.toThrow(/invalid enforceIam -1/);
    await expect(startEmulator({ enforceIam: 1.5 })).rejects.toThrow(/invalid enforceIam 1.5/);
  });
});

describe("npm run emulator -- --enforce-iam N", () => {
  const cli = join(import.meta.dirname, "..", "..", "dist", "emulator", "cli.js");

  it("is documented in --help", () => {
    const help = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
    expect(help.stdout).toContain("--enforce-iam <n>");
  });

  it("refuses a count that is not a whole number, in one line", () => {
    const refused = spawnSync(process.execPath, [cli, "--enforce-iam", "-1"], { encoding: "utf8" });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("expected a number of requests let through unchecked first");
  });
});
