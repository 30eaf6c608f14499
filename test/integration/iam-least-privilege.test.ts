// The policies iam-policy prints, proven on an emulator that enforces IAM: an IAM user whose only
// policy is `iam-policy --for plan` of a file can plan and drift it but not apply it (refused in
// one line naming the action and the policy to use); one with `--for apply` can apply the whole
// file, a change, and its removal with --allow-destroy. For examples/myapp.yaml, a file with users
// and one with identity pools only. Then, for actions of the apply policy one by one, a run that
// needs the action fails without it: the enforcement is real and each action is needed.
import { join } from "node:path";
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

const ACCOUNT = "123456789012";
const dir = tempDir();
const passwords = { ADMIN_TEMP_PASSWORD: "Adm1n-Temp-Pa55!", USER_TEMP_PASSWORD: "Us3r-Temp-Pa55!" };
let emulator: Emulator;
let iam: IAMClient;
let users = 0;

beforeAll(async () => {
  emulator = await startEmulator();
  iam = new IAMClient({ endpoint: emulator.url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
});
afterAll(async () => {
  iam?.destroy();
  await emulator?.stop();
});

interface Policy {
  Version: string;
  Statement: { Sid: string; Action: string[]; Resource: string | string[] }[];
}

async function policyOf(files: string[], command: string): Promise<Policy> {
  const printed = await runCli(["iam-policy", ...files.flatMap((f) => ["-f", f]), "--for", command, "--account", ACCOUNT], { env: passwords });
  expect(printed.stderr).toBe("");
  return JSON.parse(printed.stdout) as Policy;
}

/** A policy without one action (statements left empty are dropped). */
function without(policy: Policy, action: string): Policy {
  const statements = policy.Statement.map((s) => ({ ...s, Action: s.Action.filter((a) => a !== action) })).filter((s) => s.Action.length > 0);
  expect(statements.flatMap((s) => s.Action)).not.toContain(action);
  return { ...policy, Statement: statements };
}

/** An IAM user of the emulator with only this policy, and its keys as a CLI environment. Made while IAM is not enforced. */
async function identityWith(policy: Policy): Promise<Record<string, string>> {
  await emulator.setIamEnforcement(false);
  const name = `runner-${(users += 1)}`;
  await iam.send(new CreateUserCommand({ UserName: name }));
  await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: "cognito-reconcile", PolicyDocument: JSON.stringify(policy) }));
  const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  await emulator.setIamEnforcement(true);
  return { ...passwords, AWS_ACCESS_KEY_ID: key.AccessKeyId!, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey! };
}

const as = (env: Record<string, string>, args: string[]): Promise<CliResult> => runCli([...args, "--endpoint-url", emulator.url], { env });

const USERS_FILE = `version: 1
stack: least-privilege-users
region: us-east-1
userPools:
  - name: LeastPrivilege-Users
    deletionProtection: false
    groups:
      - { name: admin, precedence: 1 }
      - { name: staff, precedence: 5 }
    users:
      - { username: ana, attributes: { email: ana@example.com }, groups: [admin] }
      - { username: bo, attributes: { email: bo@example.com }, groups: [staff] }
    prune: { users: true, groups: true }
`;

const IDENTITY_FILE = `version: 1
stack: least-privilege-identity
region: us-east-1
userPools: []
identityPools:
  - name: LeastPrivilegeGuests
    allowUnauthenticated: true
    roles:
      unauthenticated:
        name: LeastPrivilege_Guest_Role
        inlinePolicies:
          read-public:
            Version: "2012-10-17"
            Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::public-bucket/*" }]
`;

const emptied = (stack: string) => dir.write(`${stack}-empty.yaml`, `version: 1\nstack: ${stack}\nregion: us-east-1\nuserPools: []\nidentityPools: []\n`);

interface Case {
  name: string;
  file: string;
  stack: string;
  /** The file with a change apply must make. */
  changed: (text: string) => string;
}

const CASES: Case[] = [
  {
    name: "examples/myapp.yaml",
    file: join(import.meta.dirname, "..", "..", "examples", "myapp.yaml"),
    stack: "myapp-dev",
    // Unprotected (so the removal can go on), a group's precedence, and the role's policy.
    changed: (text) => text.replace("deletionProtection: true", "deletionProtection: false").replace("precedence: 8", "precedence: 9").replace("s3:PutObject]", "s3:PutObject, s3:DeleteObject]"),
  },
  { name: "a file with users", file: dir.write("users.yaml", USERS_FILE), stack: "least-privilege-users", changed: (text) => text.replace("groups: [staff]", "groups: [staff, admin]") },
  {
    name: "a file with identity pools only",
    file: dir.write("identity.yaml", IDENTITY_FILE),
    stack: "least-privilege-identity",
    // A renamed role is a new role, and the old one (which the new file's policy does not name) goes.
    changed: (text) => text.replace("public-bucket/*", "public-bucket/docs/*").replace("LeastPrivilege_Guest_Role", "LeastPrivilege_Visitor_Role"),
  },
];

describe.each(CASES)("the generated policies of $name, with IAM enforced", ({ name, file, stack, changed }) => {
  let planner: Record<string, string>;
  let applier: Record<string, string>;
  let applyPolicy: Policy;

  beforeAll(async () => {
    planner = await identityWith(await policyOf([file], "plan"));
    applyPolicy = await policyOf([file], "apply");
    applier = await identityWith(applyPolicy);
  });

  it("the plan policy plans but is refused apply, in one line naming the denied action and the policy to use", async () => {
    const plan = await as(planner, ["plan", "-f", file, "--detailed-exitcode"]);
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(2);
    const refused = await as(planner, ["apply", "-f", file, "--auto-approve"]);
    expect(refused.stderr).toMatch(
      new RegExp(`^error: apply did not finish: \\d+ of \\d+ operations failed or were skipped \\(listed above\\); access denied: these credentials may not call [a-z-]+:\\w+; the policy this command needs: cognito-reconcile iam-policy -f ${file.replaceAll("/", "\\/").replaceAll(".", "\\.")} --for apply\\n$`),
    );
    expect(refused.code).toBe(1);
  });

  it("the apply policy applies the whole file; then the plan policy plans and drifts it clean", async () => {
    const apply = await as(applier, ["apply", "-f", file, "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    for (const command of ["plan", "drift"]) {
      const run = await as(planner, [command, "-f", file, ...(command === "plan" ? ["--detailed-exitcode"] : [])]);
      expect(run.stderr, `${name}: ${command}`).toBe("");
      expect(run.code, `${name}: ${command}`).toBe(0);
    }
  });

  // As a pipeline does it: each run's policy is made from the file it runs, so the file that
  // removes a pool or renames a role brings a policy that no longer names them.
  it("the changed file's apply policy applies the change, and the empty file's policies plan and apply the removal of everything", async () => {
    const { readFileSync } = await import("node:fs");
    const next = dir.write(`${stack}-changed.yaml`, changed(readFileSync(file, "utf8")));
    const change = await as(await identityWith(await policyOf([next], "apply")), ["apply", "-f", next, "--auto-approve"]);
    expect(change.stderr).toBe("");
    expect(change.stdout).toContain("live state matches the file");
    expect(change.code).toBe(0);

    const empty = emptied(stack);
    const emptyPlanner = await identityWith(await policyOf([empty], "plan"));
    const removals = await as(emptyPlanner, ["plan", "-f", empty, "--allow-destroy", "--detailed-exitcode"]);
    expect(removals.stderr).toBe("");
    expect(removals.stdout).toMatch(/Plan: 0 to create, 0 to update, 0 to replace, [1-9]\d* to delete\./);
    expect(removals.code).toBe(2);
    const removal = await as(await identityWith(await policyOf([empty], "apply")), ["apply", "-f", empty, "--allow-destroy", "--auto-approve"]);
    expect(removal.stderr).toBe("");
    expect(removal.code).toBe(0);
    const after = await as(emptyPlanner, ["plan", "-f", empty, "--detailed-exitcode"]);
    expect(after.stdout).toContain("No changes.");
    expect(after.code).toBe(0);
  });
});

const EACH_FILE = `version: 1
stack: least-privilege-each
region: us-east-1
userPools:
  - name: LeastPrivilege-Each
    deletionProtection: false
    passwordPolicy: { minimumLength: 10 }
    resourceServers:
      - identifier: https://api.example.com
        name: API
        scopes: [{ name: read, description: Read access }]
    clients:
      - name: web
        tokenValidity: { accessToken: 60m }
    groups:
      - { name: admin, precedence: 1 }
      - { name: staff, precedence: 5 }
      - { name: spare, precedence: 7 }
    users:
      - { username: ana, attributes: { email: ana@example.com, name: Ana }, groups: [admin] }
    prune: { groups: true, clients: true }
identityPools:
  - name: LeastPrivilegeEach
    providers: [{ userPool: LeastPrivilege-Each, client: web }]
    roles:
      authenticated:
        name: LeastPrivilege_Each_Role
        inlinePolicies:
          data:
            Version: "2012-10-17"
            Statement: [{ Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::each-bucket/*" }]
`;

/** An action of the apply policy, and a change to EACH_FILE that apply can make only with it. */
const NEEDED: [action: string, change: [from: string, to: string]][] = [
  ["cognito-idp:CreateUserPool", ["identityPools:", "  - name: LeastPrivilege-Second\n    deletionProtection: false\nidentityPools:"]],
  ["cognito-idp:UpdateUserPool", ["minimumLength: 10", "minimumLength: 12"]],
  ["cognito-idp:CreateGroup", ["      - { name: spare, precedence: 7 }", "      - { name: spare, precedence: 7 }\n      - { name: extra, precedence: 9 }"]],
  ["cognito-idp:UpdateGroup", ["precedence: 5", "precedence: 6"]],
  ["cognito-idp:DeleteGroup", ["      - { name: spare, precedence: 7 }\n", ""]],
  ["cognito-idp:AdminCreateUser", ["groups: [admin] }", "groups: [admin] }\n      - { username: bo, attributes: { email: bo@example.com } }"]],
  ["cognito-idp:AdminUpdateUserAttributes", ["name: Ana }", "name: Ana Lima }"]],
  ["cognito-idp:AdminAddUserToGroup", ["groups: [admin] }", "groups: [admin, staff] }"]],
  ["cognito-idp:CreateUserPoolClient", ["    groups:\n", "      - name: mobile\n    groups:\n"]],
  ["cognito-idp:UpdateUserPoolClient", ["accessToken: 60m", "accessToken: 30m"]],
  ["cognito-idp:UpdateResourceServer", ["description: Read access", "description: Read all"]],
  ["cognito-identity:UpdateIdentityPool", ["    providers:", "    allowUnauthenticated: false\n    classicFlow: true\n    providers:"]],
  ["iam:PutRolePolicy", ["each-bucket/*", "each-bucket/data/*"]],
];

describe("each action of the apply policy is needed", () => {
  const base = dir.write("each.yaml", EACH_FILE);
  let applyPolicy: Policy;

  beforeAll(async () => {
    applyPolicy = await policyOf([base], "apply");
    const applied = await as(await identityWith(applyPolicy), ["apply", "-f", base, "--auto-approve"]);
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
  });

  it(`covers ${NEEDED.length} actions of the policy`, () => {
    const granted = new Set(applyPolicy.Statement.flatMap((s) => s.Action));
    expect(NEEDED.length).toBeGreaterThanOrEqual(10);
    expect(NEEDED.map(([action]) => action).filter((a) => !granted.has(a))).toEqual([]);
  });

  it.each(NEEDED)("without %s, apply of the change that needs it is refused naming it, and nothing changes", async (action, [from, to]) => {
    expect(EACH_FILE).toContain(from);
    const changed = dir.write(`each-${action.replace(":", "-")}.yaml`, EACH_FILE.replace(from, to));
    const refused = await as(await identityWith(without(applyPolicy, action)), ["apply", "-f", changed, "--auto-approve"]);
    expect(refused.stderr).toContain(`access denied: these credentials may not call ${action};`);
    expect(refused.code).toBe(1);
    const still = await as(await identityWith(await policyOf([base], "plan")), ["plan", "-f", base, "--detailed-exitcode"]);
    expect(still.stdout).toContain("No changes.");
  });

  it("without cognito-idp:ListUsers, plan of a file with users is refused naming it", async () => {
    const refused = await as(await identityWith(without(await policyOf([base], "plan"), "cognito-idp:ListUsers")), ["plan", "-f", base]);
    expect(refused.stderr).toMatch(/^error: ListUsers \(.+\): access denied: these credentials may not call cognito-idp:ListUsers; the policy this command needs: cognito-reconcile iam-policy -f .+ --for plan\n$/);
    expect(refused.code).toBe(1);
  });
});
