// ignoreChanges on an identity pool's role mapping, named as plan shows it (`USERPOOL/CLIENT`, the
// file's names), before any id exists: a rule changed behind the tool's back shows under that path,
// and once the path is ignored, plan shows nothing and apply keeps the live rule.
import { CognitoIdentityClient, GetIdentityPoolRolesCommand, SetIdentityPoolRolesCommand } from "@aws-sdk/client-cognito-identity";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { identityPoolIdNamed } from "../helpers/aws-lists.js";
import { runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `ignore-names-${suffix}`;
// A dot in the pool's name: the mapping's key then spans dotted path segments.
const poolName = `Ign.Pool-${suffix}`;
const identityPoolName = `IgnIdPool${suffix}`;
const authRole = `IgnAuth-${suffix}`;
const mappingPath = `roleMappings.${poolName}/Web.rules`;
const dir = tempDir();
let identity: CognitoIdentityClient;

function file(ignore: string[], ambiguousRoleResolution = "AuthenticatedRole"): string {
  return `${onePoolFileHead(stack, poolName)}    clients:
      - name: Web
        authFlows: [ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH]
identityPools:
  - name: ${identityPoolName}
    ignoreChanges: ${JSON.stringify(ignore)}
    providers:
      - { userPool: ${poolName}, client: Web, serverSideTokenCheck: false }
    roles:
      authenticated: { name: ${authRole} }
    roleMappings:
      - provider: { userPool: ${poolName}, client: Web }
        type: Rules
        ambiguousRoleResolution: ${ambiguousRoleResolution}
        rules:
          - { claim: "cognito:groups", matchType: Contains, value: admin, role: authenticated }
`;
}

const plain = ["-f", dir.write("plain.yaml", file([])), "--endpoint-url", endpoint];
const ignoring = ["-f", dir.write("ignoring.yaml", file([mappingPath])), "--endpoint-url", endpoint];
// The same, with another field of the mapping changed: apply then sends the attachment.
const ignoringDeny = ["-f", dir.write("ignoring-deny.yaml", file([mappingPath], "Deny")), "--endpoint-url", endpoint];

beforeAll(() => {
  identity = new CognitoIdentityClient({ region: "us-east-1", endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
});

afterAll(async () => {
  const empty = dir.write("empty.yaml", `version: 1\nstack: ${stack}\nregion: us-east-1\nuserPools: []\n`);
  await runCli(["apply", "-f", empty, "--endpoint-url", endpoint, "--allow-destroy", "--auto-approve"]);
});

interface PlanJson {
  changes: { address: string; action: string; fields: { path: string; before: unknown; after: unknown }[] }[];
}

describe("ignoreChanges with a name-based role mapping path", () => {
  it("validate accepts the path before anything exists, and apply creates everything", async () => {
    expect((await runCli(["validate", ...ignoring.slice(0, 2)])).code).toBe(0);
    const apply = await runCli(["apply", ...plain, "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    expect((await runCli(["plan", ...plain, "--detailed-exitcode"])).code).toBe(0);
  });

  it("a rule changed with SetIdentityPoolRoles shows under the file's names; ignored, it shows nothing and apply keeps it", async () => {
    const id = await identityPoolIdNamed(identity, identityPoolName);
    const attached = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
    const [key] = Object.keys(attached.RoleMappings ?? {});
    const mapping = attached.RoleMappings![key!]!;
    const rule = mapping.RulesConfiguration!.Rules![0]!;
    const changed = { ...mapping, RulesConfiguration: { Rules: [{ ...rule, Value: "operators" }] } };
    await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: attached.Roles, RoleMappings: { [key!]: changed } }));

    const plan = await runCli(["plan", ...plain, "--format", "json"]);
    expect(plan.code).toBe(0);
    const changes = (JSON.parse(plan.stdout) as PlanJson).changes.filter((c) => c.action !== "no-op");
    // Rules are walked by index: the one changed value shows under the mapping's name-based path.
    expect(changes.map((c) => [c.address, c.fields.map((f) => f.path)])).toEqual([[`identityPool.${identityPoolName}/roles`, [`${mappingPath}[0].value`]]]);
    expect(changes[0]!.fields[0]!.before).toBe("operators");
    expect(plan.stdout).not.toContain(id);

    expect((await runCli(["plan", ...ignoring, "--detailed-exitcode"])).code).toBe(0);
    const apply = await runCli(["apply", ...ignoringDeny, "--auto-approve"]);
    expect(apply.stdout).toContain(`roleMappings.${poolName}/Web.ambiguousRoleResolution`);
    expect(apply.code).toBe(0);
    const after = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: id }));
    expect(after.RoleMappings?.[key!]?.AmbiguousRoleResolution).toBe("Deny");
    expect(after.RoleMappings?.[key!]?.RulesConfiguration?.Rules).toEqual([{ ...rule, Value: "operators" }]);
    expect(after.Roles).toEqual(attached.Roles);
    expect((await runCli(["plan", ...ignoringDeny, "--detailed-exitcode"])).code).toBe(0);
  });
});
