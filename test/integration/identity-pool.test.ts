import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetIdCommand,
  GetIdentityPoolRolesCommand,
  SetIdentityPoolRolesCommand,
} from "@aws-sdk/client-cognito-identity";
import {
  AdminSetUserPasswordCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { GetRoleCommand, IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { parseCreateStamp } from "../../src/aws/create-stamp.js";
import { CREATED_TAG } from "../../src/schema/cognito-defaults.js";
import { clientIdNamed, identityPoolIdsNamed, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `identity-${suffix}`;
const poolName = `Id-UserPool-${suffix}`;
const identityPoolName = `IdPool${suffix}`;
const authRole = `IdAuth-${suffix}`;
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const dir = tempDir();
let idp: CognitoIdentityProviderClient;
let identity: CognitoIdentityClient;
let iam: IAMClient;

function file(withIdentityPool: boolean): string {
  const identityPools = `
identityPools:
  - name: ${identityPoolName}
    providers:
      - { userPool: ${poolName}, client: Web }
    roles:
      authenticated:
        name: ${authRole}
        inlinePolicies:
          user-data:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [s3:GetObject, s3:PutObject]
                Resource: "arn:aws:s3:::bucket/users/\${cognito-identity.amazonaws.com:sub}/*"
    roleMappings:
      - provider: { userPool: ${poolName}, client: Web }
        type: Token
        ambiguousRoleResolution: AuthenticatedRole
`;
  return `${onePoolFileHead(stack, poolName)}    signIn: { usernameAttributes: [email] }
    clients:
      - name: Web
        authFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
    groups:
      - { name: admin, precedence: 1 }
    users:
      - username: admin@example.com
        attributes: { email: admin@example.com, email_verified: true }
        groups: [admin]
        invitation: suppress
${withIdentityPool ? identityPools : ""}`;
}

const withPool = dir.write("identity.yaml", file(true));
const args = ["-f", withPool, "--endpoint-url", endpoint];

/** The stack's identity pool, looked up by name over every page of the shared emulator's pools. */
async function identityPoolId(): Promise<string | undefined> {
  const ids = await identityPoolIdsNamed(identity, identityPoolName);
  expect(ids.length, `identity pools named ${identityPoolName}`).toBeLessThanOrEqual(1);
  return ids[0];
}

beforeAll(() => {
  idp = idpClient(endpoint);
  identity = new CognitoIdentityClient({ region: "us-east-1", endpoint, credentials });
  iam = new IAMClient({ region: "us-east-1", endpoint, credentials });
});

describe("an identity pool with a generated-trust role and a role mapping", () => {
  it("applies from empty after its user pool and client, then plan shows no changes", async () => {
    const apply = await runCli(["apply", ...args, "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    // The order operations finished in, from the "Applying:" part of the output.
    const applied = apply.stdout.slice(apply.stdout.indexOf("Applying:"));
    const order = [`userPool.${poolName}:`, "/client.Web:", `identityPool.${identityPoolName}:`, `/iamRole.${authRole}:`, "/roles:"].map((needle) => applied.indexOf(needle));
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const plan = await runCli(["plan", ...args, "--detailed-exitcode"]);
    expect(plan.code).toBe(0);
  });

  it("both pools carry a create stamp (AWS's clock for the identity pool), kept through tag edits and never shown as a change", async () => {
    const stamps = async () => {
      const ip = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: (await identityPoolId())! }));
      const poolId = await userPoolIdNamed(idp, poolName);
      const pool = await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }));
      return { identityPool: ip.IdentityPoolTags?.[CREATED_TAG], userPool: pool.UserPool?.UserPoolTags?.[CREATED_TAG] };
    };
    const before = await stamps();
    const identityStamp = parseCreateStamp(before.identityPool);
    expect(parseCreateStamp(before.userPool), before.userPool).toBeDefined();
    // Read from the Date header, which counts whole seconds; this machine's clock would not.
    expect(identityStamp?.at.getMilliseconds(), before.identityPool).toBe(0);

    const tagged = dir.write("identity-tagged.yaml", file(true).replace(`  - name: ${identityPoolName}\n`, `  - name: ${identityPoolName}\n    tags: { team: identity }\n`).replace(`  - name: ${poolName}\n`, `  - name: ${poolName}\n    tags: { team: identity }\n`));
    for (const path of [tagged, withPool]) {
      const apply = await runCli(["apply", "-f", path, "--endpoint-url", endpoint, "--auto-approve"]);
      expect(apply.stdout).toContain("tags.team");
      expect(apply.stdout).not.toContain(CREATED_TAG);
      expect(apply.code).toBe(0);
      expect(await stamps()).toEqual(before);
    }
    expect((await runCli(["plan", ...args, "--detailed-exitcode"])).code).toBe(0);
  });

  it("the role's trust policy names this identity pool (aud) and signed-in identities (amr)", async () => {
    const id = (await identityPoolId())!;
    const role = (await iam.send(new GetRoleCommand({ RoleName: authRole }))).Role!;
    // Read back as IAM returns it (URL-encoded); a single value may be a one-item list.
    const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)) as { Statement: { Effect: string; Principal: { Federated: unknown }; Action: unknown; Condition: Record<string, Record<string, unknown>> }[] };
    expect(trust.Statement).toHaveLength(1);
    const statement = trust.Statement[0]!;
    const one = (value: unknown) => (Array.isArray(value) ? value : [value]);
    expect(statement.Effect).toBe("Allow");
    expect(one(statement.Principal.Federated)).toEqual(["cognito-identity.amazonaws.com"]);
    expect(one(statement.Action)).toEqual(["sts:AssumeRoleWithWebIdentity"]);
    expect(one(statement.Condition.StringEquals!["cognito-identity.amazonaws.com:aud"])).toEqual([id]);
    expect(one(statement.Condition["ForAnyValue:StringLike"]!["cognito-identity.amazonaws.com:amr"])).toEqual(["authenticated"]);
    const attached = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
    expect(attached.Roles).toEqual({ authenticated: role.Arn });
    const described = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }));
    expect(described.IdentityPoolTags?.["cognito-reconcile:stack"]).toBe(stack);
  });

  it("GetId succeeds with an ID token of the declared user", async () => {
    const poolId = await userPoolIdNamed(idp, poolName);
    const clientId = await clientIdNamed(idp, poolId, "Web");
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: "admin@example.com", Password: "Perm-Passw0rd!", Permanent: true }));
    const auth = await idp.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: "admin@example.com", PASSWORD: "Perm-Passw0rd!" } }),
    );
    const idToken = auth.AuthenticationResult!.IdToken!;
    const got = await identity.send(new GetIdCommand({ IdentityPoolId: (await identityPoolId())!, Logins: { [`cognito-idp.us-east-1.amazonaws.com/${poolId}`]: idToken } }));
    expect(got.IdentityId).toMatch(/^us-east-1:/);
  });

  it("drift finds an inline policy edited and a role mapping changed with the SDK; apply converges", async () => {
    const id = (await identityPoolId())!;
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: authRole,
        PolicyName: "user-data",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
      }),
    );
    const attached = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
    const [providerKey] = Object.keys(attached.RoleMappings!);
    await identity.send(
      new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: attached.Roles, RoleMappings: { [providerKey!]: { Type: "Token", AmbiguousRoleResolution: "Deny" } } }),
    );

    const drift = await runCli(["drift", ...args, "--format", "json"]);
    expect(drift.code).toBe(2);
    const changes = (JSON.parse(drift.stdout) as { changes: { address: string; action: string; fields: { path: string }[] }[] }).changes.filter((c) => c.action !== "no-op");
    expect(changes.map((c) => [c.address, c.fields.map((f) => f.path)])).toEqual([
      // The document is compared inside: the statement's two edited values, each by its path.
      [`identityPool.${identityPoolName}/iamRole.${authRole}`, ["inlinePolicies.user-data.Statement[0].Action", "inlinePolicies.user-data.Statement[0].Resource"]],
      [`identityPool.${identityPoolName}/roles`, [`roleMappings.${poolName}/Web.ambiguousRoleResolution`]],
    ]);

    expect((await runCli(["apply", ...args, "--auto-approve"])).code).toBe(0);
    expect((await runCli(["drift", ...args])).code).toBe(0);
  });

  it("removing the identity pool from the file, with --allow-destroy, deletes attachment, role and pool and nothing else", async () => {
    const without = ["-f", dir.write("without.yaml", file(false)), "--endpoint-url", endpoint];

    const kept = await runCli(["plan", ...without, "--detailed-exitcode"]);
    expect(kept.code).toBe(0);

    const plan = await runCli(["plan", ...without, "--allow-destroy", "--format", "json"]);
    const changes = (JSON.parse(plan.stdout) as { changes: { address: string; action: string }[] }).changes.filter((c) => c.action !== "no-op");
    expect(changes).toEqual([
      expect.objectContaining({ address: `identityPool.${identityPoolName}/roles`, action: "delete" }),
      expect.objectContaining({ address: `identityPool.${identityPoolName}/iamRole.${authRole}`, action: "delete" }),
      expect.objectContaining({ address: `identityPool.${identityPoolName}`, action: "delete" }),
    ]);

    const id = (await identityPoolId())!;
    expect(id).toBeDefined();
    const apply = await runCli(["apply", ...without, "--allow-destroy", "--auto-approve"]);
    expect(apply.code).toBe(0);
    expect(await identityPoolId()).toBeUndefined();
    await expect(identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(iam.send(new GetRoleCommand({ RoleName: authRole }))).rejects.toMatchObject({ name: "NoSuchEntityException" });
    // The user pool side is untouched: plan of the remaining file is still clean.
    expect((await runCli(["plan", ...without, "--detailed-exitcode"])).code).toBe(0);
  });
});
