// For each kind, an update that changes one managed field leaves every field the file does not
// manage as it was live: settings made behind the tool's back, read back from the emulator.
import {
  CognitoIdentityClient,
  DescribeIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  SetIdentityPoolRolesCommand,
  UpdateIdentityPoolCommand,
} from "@aws-sdk/client-cognito-identity";
import {
  CreateUserPoolCommand,
  DescribeIdentityProviderCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  GetUserPoolMfaConfigCommand,
  SetUserPoolMfaConfigCommand,
  UpdateGroupCommand,
  UpdateIdentityProviderCommand,
  type CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { STACK_TAG } from "../../src/schema/cognito-defaults.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { allClients, identityPoolIdNamed } from "../helpers/aws-lists.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `keep-${suffix}`;
const poolName = `KeepPool-${suffix}`;
const identityPoolName = `KeepIdPool${suffix}`;
const api = `https://api-${suffix}.example.com`;
const dir = tempDir();
let idp: CognitoIdentityProviderClient;
let identity: CognitoIdentityClient;
let poolId: string;
let identityPoolId: string;

/** The file before (v1) and after (v2): each kind changes one managed field in v2. */
function file(v2: boolean): string {
  return `${onePoolFileHead(stack, poolName)}    passwordPolicy: { minimumLength: ${v2 ? 12 : 10} }
    resourceServers:
      - identifier: ${api}
        name: ${v2 ? "Keep API v2" : "Keep API"}
        scopes:
          - { name: read, description: Read }
          - { name: write, description: Write }
    identityProviders:
      - name: Google
        type: Google
        details: { client_id: keep-client, authorize_scopes: "${v2 ? "openid email profile" : "openid email"}" }
    clients:
      - name: Web
    groups:
      - { name: admin, precedence: ${v2 ? 2 : 1} }
      - { name: staff, description: ${v2 ? "Staff members" : "Staff"} }
identityPools:
  - name: ${identityPoolName}
    allowUnauthenticated: ${v2 ? "true" : "false"}
    providers:
      - { userPool: ${poolName}, client: Web }
    roles:
      authenticated: { name: KeepAuth-${suffix} }
${v2 ? `      unauthenticated: { name: KeepGuest-${suffix} }\n` : ""}`;
}

const apply = async (path: string) => {
  const result = await runCli(["apply", "-f", path, "--endpoint-url", endpoint, "--auto-approve"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result;
};

/** What the emulator holds for each kind, unmanaged fields included. */
async function snapshot() {
  const pool = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!;
  const { $metadata: _m, ...mfa } = await idp.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
  const group = async (name: string) => (await idp.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: name }))).Group!;
  const provider = (await idp.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Google" }))).IdentityProvider!;
  const server = (await idp.send(new DescribeResourceServerCommand({ UserPoolId: poolId, Identifier: api }))).ResourceServer!;
  const { $metadata: _i, ...identityPool } = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: identityPoolId }));
  const { $metadata: _r, ...roles } = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId }));
  return { pool, mfa, admin: await group("admin"), staff: await group("staff"), provider, server, identityPool, roles };
}

let before: Awaited<ReturnType<typeof snapshot>>;
let after: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  idp = idpClient(endpoint);
  identity = new CognitoIdentityClient({ region: "us-east-1", endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  // The pool exists before the file manages it, with sections the file leaves out: triggers,
  // tags, email, sms, sign-up and recovery settings, devices.
  const created = await idp.send(
    new CreateUserPoolCommand({
      PoolName: poolName,
      DeletionProtection: "INACTIVE",
      UsernameAttributes: ["email"],
      UsernameConfiguration: { CaseSensitive: false },
      Policies: { PasswordPolicy: { MinimumLength: 10, RequireNumbers: true, RequireSymbols: true, RequireUppercase: true, RequireLowercase: true, TemporaryPasswordValidityDays: 7 } },
      LambdaConfig: { PreSignUp: "arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up" },
      AutoVerifiedAttributes: ["email"],
      EmailConfiguration: { EmailSendingAccount: "COGNITO_DEFAULT", ReplyToEmailAddress: "help@example.com" },
      SmsConfiguration: { SnsCallerArn: "arn:aws:iam::123456789012:role/sms", ExternalId: "keep-external" },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true, InviteMessageTemplate: { EmailSubject: "Welcome", EmailMessage: "Hi {username}, {####}" } },
      AccountRecoverySetting: { RecoveryMechanisms: [{ Name: "admin_only", Priority: 1 }] },
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      UserPoolTags: { [STACK_TAG]: stack, team: "identity" },
    }),
  );
  poolId = created.UserPool!.Id!;
  await apply(dir.write("v1.yaml", file(false)));

  // Changed behind the tool's back, all outside what the file manages.
  await idp.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } }));
  await idp.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: "admin", Description: "Administrators", RoleArn: "arn:aws:iam::123456789012:role/admin" }));
  await idp.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: "staff", Description: "Staff", Precedence: 5, RoleArn: "arn:aws:iam::123456789012:role/staff" }));
  const google = (await idp.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: "Google" }))).IdentityProvider!;
  await idp.send(
    new UpdateIdentityProviderCommand({
      UserPoolId: poolId,
      ProviderName: "Google",
      ProviderDetails: { ...google.ProviderDetails, client_secret: "kept-secret", attributes_url_add_attributes: "true" },
      AttributeMapping: { username: "sub" },
    }),
  );
  identityPoolId = await identityPoolIdNamed(identity, identityPoolName);
  const { $metadata: _m, ...described } = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: identityPoolId }));
  await identity.send(new UpdateIdentityPoolCommand({ ...described, SupportedLoginProviders: { "accounts.google.com": "keep-google-app" }, DeveloperProviderName: `login.keep${suffix}` }));
  const [clientId] = (await allClients(idp, poolId)).map((c) => c.ClientId!);
  const attached = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: identityPoolId }));
  await identity.send(
    new SetIdentityPoolRolesCommand({
      IdentityPoolId: identityPoolId,
      Roles: attached.Roles!,
      RoleMappings: { [`cognito-idp.us-east-1.amazonaws.com/${poolId}:${clientId}`]: { Type: "Token", AmbiguousRoleResolution: "Deny" } },
    }),
  );

  const v2 = dir.write("v2.yaml", file(true));
  // Nothing of the above is the file's business: only the v2 edits show.
  const plan = await runCli(["plan", "-f", v2, "--endpoint-url", endpoint]);
  expect(plan.stdout).not.toMatch(/triggers|tags\.team|mfa|client_secret|roleMappings|SupportedLoginProviders|roleArn/);
  before = await snapshot();
  await apply(v2);
  after = await snapshot();
  expect((await runCli(["plan", "-f", v2, "--endpoint-url", endpoint, "--detailed-exitcode"])).code).toBe(0);
});

describe("an update keeps what the file does not manage", () => {
  it("user pool: passwordPolicy.minimumLength changes; triggers, tags, email, sms, MFA, sign-up, recovery, devices, sign-in do not", () => {
    expect(after.pool.Policies?.PasswordPolicy?.MinimumLength).toBe(12);
    for (const key of [
      "LambdaConfig",
      "UserPoolTags",
      "EmailConfiguration",
      "SmsConfiguration",
      "AdminCreateUserConfig",
      "AccountRecoverySetting",
      "DeviceConfiguration",
      "AutoVerifiedAttributes",
      "UsernameAttributes",
      "UsernameConfiguration",
    ] as const) {
      expect(after.pool[key], key).toEqual(before.pool[key]);
      expect(after.pool[key], key).toBeDefined();
    }
    expect(after.mfa).toEqual(before.mfa);
    expect(after.mfa.MfaConfiguration).toBe("OPTIONAL");
  });

  it("group: precedence or description changes; description, precedence and roleArn left out stay", () => {
    expect(after.admin.Precedence).toBe(2);
    expect({ description: after.admin.Description, roleArn: after.admin.RoleArn }).toEqual({ description: "Administrators", roleArn: "arn:aws:iam::123456789012:role/admin" });
    expect(after.staff.Description).toBe("Staff members");
    expect({ precedence: after.staff.Precedence, roleArn: after.staff.RoleArn }).toEqual({ precedence: 5, roleArn: "arn:aws:iam::123456789012:role/staff" });
  });

  it("resource server: the name changes; identifier and scopes stay", () => {
    expect(after.server.Name).toBe("Keep API v2");
    expect({ ...after.server, Name: before.server.Name }).toEqual(before.server);
  });

  it("identity provider: a details key changes; the secret, details keys not named and the username mapping stay", () => {
    expect(after.provider.ProviderDetails?.authorize_scopes).toBe("openid email profile");
    const { authorize_scopes: _a, ...otherDetails } = after.provider.ProviderDetails!;
    const { authorize_scopes: _b, ...otherBefore } = before.provider.ProviderDetails!;
    expect(otherDetails).toEqual(otherBefore);
    expect(otherDetails.client_secret).toBe("kept-secret");
    expect(after.provider.AttributeMapping).toEqual({ username: "sub" });
  });

  it("identity pool: allowUnauthenticated changes; login providers and the developer provider stay", () => {
    expect(after.identityPool.AllowUnauthenticatedIdentities).toBe(true);
    expect(after.identityPool.SupportedLoginProviders).toEqual({ "accounts.google.com": "keep-google-app" });
    expect(after.identityPool.DeveloperProviderName).toBe(`login.keep${suffix}`);
    // Every tag stays, except the tool's record of the stack's roles, which now names the added role too.
    const { "cognito-reconcile:roles": recordAfter, ...tagsAfter } = after.identityPool.IdentityPoolTags ?? {};
    const { "cognito-reconcile:roles": recordBefore, ...tagsBefore } = before.identityPool.IdentityPoolTags ?? {};
    expect(tagsAfter).toEqual(tagsBefore);
    expect(recordAfter).toBe(`${recordBefore} KeepGuest-${suffix}`);
  });

  it("roles attachment: a role is added; role mappings left out of the file stay", () => {
    expect(Object.keys(after.roles.Roles ?? {}).sort()).toEqual(["authenticated", "unauthenticated"]);
    expect(after.roles.Roles?.authenticated).toBe(before.roles.Roles?.authenticated);
    expect(after.roles.RoleMappings).toEqual(before.roles.RoleMappings);
    expect(Object.values(after.roles.RoleMappings ?? {})).toEqual([{ Type: "Token", AmbiguousRoleResolution: "Deny" }]);
  });
});
