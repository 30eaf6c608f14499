import { CognitoIdentityClient, DescribeIdentityPoolCommand, SetIdentityPoolRolesCommand } from "@aws-sdk/client-cognito-identity";
import { DescribeUserPoolCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { identityPoolIdNamed, identityPoolIdsNamed, userPoolIdsNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { changedSince, find, FOREIGN, NEAR_MISS_TARGETS, OTHER_STACK, UNTAGGED } from "../helpers/foreign-resources.js";
import { tempDir } from "../helpers/temp-files.js";

// The resources themselves are made once for the whole run (test/global-setup.ts), which also checks
// at the end that no test file changed them; this file tries hardest to make the tool do so.
const endpoint = inject("emulatorUrl");
const foreign = inject("foreignResources");
const baseline = inject("foreignSnapshot");
const suffix = uniqueSuffix();
const stack = `foreign-${suffix}`;
const dir = tempDir();
const credentials = { accessKeyId: "test", secretAccessKey: "test" };
let idp: CognitoIdentityProviderClient;
let identity: CognitoIdentityClient;
let iam: IAMClient;

const file = (name: string, body: string, stackName = stack) => dir.write(name, `version: 1\nstack: ${stackName}\nregion: us-east-1\n${body}`);
const cli = (args: string[], env?: Record<string, string>) => runCli([...args, "--endpoint-url", endpoint], env ? { env } : {});
const emptyFile = (stackName = stack) => file(`empty-${stackName.replace(/\W/g, "_")}.yaml`, "userPools: []\n", stackName);

interface JsonPlan {
  changes: { address: string; action: string }[];
  unmanaged: { address: string }[];
}
const planJson = async (args: string[]): Promise<JsonPlan> => {
  const plan = await cli(["plan", ...args, "--format", "json"]);
  expect(plan.stderr).toBe("");
  return JSON.parse(plan.stdout) as JsonPlan;
};
const actions = (plan: JsonPlan) => plan.changes.filter((c) => c.action !== "no-op").map((c) => `${c.action} ${c.address}`);

/** What a stack would delete if its file were emptied: nothing means it owns nothing. */
const ownedBy = async (stackName: string) => actions(await planJson(["-f", emptyFile(stackName), "--allow-destroy"]));

const foreignPoolId = () => find(foreign.userPools, FOREIGN.userPool).id;
const untaggedPoolId = () => find(foreign.userPools, UNTAGGED.userPool).id;
const untaggedIdentityPoolId = () => find(foreign.identityPools, UNTAGGED.identityPool).id;

beforeAll(() => {
  idp = idpClient(endpoint);
  identity = new CognitoIdentityClient({ region: "us-east-1", endpoint, credentials });
  iam = new IAMClient({ region: "us-east-1", endpoint, credentials });
});

afterEach(async () => {
  expect(await changedSince(endpoint, foreign, baseline)).toEqual([]);
});

// A test that failed half-way must not leave pools named like the near misses behind.
afterAll(async () => {
  await cli(["apply", "-f", emptyFile(), "--allow-destroy", "--auto-approve"]);
});

describe("resources of another stack", () => {
  const myIdentityPool = `Mine${suffix}`;
  const cases = [
    {
      what: "a user pool",
      body: `userPools:\n  - { name: ${FOREIGN.userPool}, deletionProtection: false }\n`,
      error: `error: userPool.${FOREIGN.userPool}: a pool named "${FOREIGN.userPool}" belongs to stack "${OTHER_STACK}"; two stacks cannot share a pool name in one region, rename this entry\n`,
    },
    {
      what: "an identity pool",
      body: `identityPools:\n  - { name: ${FOREIGN.identityPool} }\n`,
      error: `error: identityPool.${FOREIGN.identityPool}: an identity pool named "${FOREIGN.identityPool}" belongs to stack "${OTHER_STACK}"; two stacks cannot share an identity pool name in one region, rename this entry\n`,
    },
    {
      what: "an IAM role",
      body: `identityPools:\n  - name: ${myIdentityPool}\n    roles:\n      authenticated: { name: ${FOREIGN.authRole} }\n`,
      error: `error: identityPool.${myIdentityPool}/iamRole.${FOREIGN.authRole}: IAM role ${FOREIGN.authRole} belongs to stack "${OTHER_STACK}"; it is not this stack's to manage\n`,
    },
  ];

  it.each(cases)("$what of the same name is refused, naming that stack, with or without --adopt", async ({ body, error }) => {
    const args = ["-f", file("same-name.yaml", body)];
    for (const run of [["plan", ...args], ["apply", ...args, "--auto-approve"], ["apply", ...args, "--auto-approve", "--adopt"]]) {
      const result = await cli(run);
      expect(result.stderr, run.join(" ")).toBe(error);
      expect(result.code).toBe(1);
    }
    expect(await ownedBy(stack)).toEqual([]);
  });

  it("an entry pinned by id to its pool is refused, with or without --adopt", async () => {
    const id = foreignPoolId();
    const args = ["-f", file("pinned.yaml", `userPools:\n  - { name: Mine-${suffix}, id: ${id}, deletionProtection: false }\n`)];
    for (const flags of [[], ["--adopt"]]) {
      const apply = await cli(["apply", ...args, "--auto-approve", ...flags]);
      expect(apply.stderr).toBe(`error: userPool.Mine-${suffix}: pool ${id} belongs to stack "${OTHER_STACK}"; it is not this stack's to manage\n`);
      expect(apply.code).toBe(1);
    }
  });

  it("export reads its pool as that stack's, and the exported file under another stack is refused", async () => {
    const id = foreignPoolId();
    const exported = await cli(["export", "--pool-id", id, "--with-users"]);
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    expect(exported.stdout).toContain(`stack: ${OTHER_STACK}\n`);
    expect(exported.stdout).toContain(`id: ${id}\n`);

    const args = ["-f", dir.write("exported.yaml", exported.stdout.replace(`stack: ${OTHER_STACK}\n`, `stack: ${stack}\n`))];
    const env = { IDP_GOOGLE_CLIENT_SECRET: "not-the-real-one" };
    for (const flags of [[], ["--adopt"], ["--adopt", "--allow-destroy", "--allow-replace"]]) {
      const apply = await cli(["apply", ...args, "--auto-approve", ...flags], env);
      expect(apply.stderr).toBe(`error: userPool.${FOREIGN.userPool}: pool ${id} belongs to stack "${OTHER_STACK}"; it is not this stack's to manage\n`);
      expect(apply.code).toBe(1);
    }
  });

  it("stacks named like it, in another case or longer or shorter, own none of its resources", async () => {
    for (const lookalike of [OTHER_STACK.toUpperCase(), "someone-elses", `${OTHER_STACK}-2`, `${OTHER_STACK}.`]) {
      const destroy = await cli(["apply", "-f", emptyFile(lookalike), "--allow-destroy", "--adopt", "--auto-approve"]);
      expect(destroy.stderr).toBe("");
      expect(destroy.stdout).toBe(`No changes. Live state of stack "${lookalike}" matches the file (0 resources checked).\n`);
      expect(destroy.code).toBe(0);
    }
  });
});

describe("untagged resources of a declared name", () => {
  const myIdentityPool = `Mine${suffix}`;
  const adoptHint = "run with --adopt to manage it from this file";
  const cases = [
    {
      what: "a user pool",
      body: () => `userPools:\n  - { name: ${UNTAGGED.userPool}, deletionProtection: false }\n`,
      error: () => `error: userPool.${UNTAGGED.userPool}: a pool named "${UNTAGGED.userPool}" already exists without the stack tag (${untaggedPoolId()}); ${adoptHint}, or rename the entry\n`,
    },
    {
      what: "a user pool pinned by id",
      body: () => `userPools:\n  - { name: ${UNTAGGED.userPool}, id: ${untaggedPoolId()}, deletionProtection: false }\n`,
      error: () => `error: userPool.${UNTAGGED.userPool}: a pool named "${UNTAGGED.userPool}" already exists without the stack tag (${untaggedPoolId()}); ${adoptHint}, or rename the entry\n`,
    },
    {
      what: "an identity pool",
      body: () => `identityPools:\n  - { name: ${UNTAGGED.identityPool} }\n`,
      error: () =>
        `error: identityPool.${UNTAGGED.identityPool}: an identity pool named "${UNTAGGED.identityPool}" already exists without the stack tag (${untaggedIdentityPoolId()}); ${adoptHint}, or rename the entry\n`,
    },
    {
      what: "an IAM role",
      body: () => `identityPools:\n  - name: ${myIdentityPool}\n    roles:\n      authenticated: { name: ${UNTAGGED.role} }\n`,
      error: () => `error: identityPool.${myIdentityPool}/iamRole.${UNTAGGED.role}: IAM role ${UNTAGGED.role} already exists without the stack tag; ${adoptHint}, or rename it\n`,
    },
  ];

  it.each(cases)("$what is refused without --adopt, which the message names", async ({ body, error }) => {
    const args = ["-f", file("untagged.yaml", body())];
    for (const run of [["plan", ...args], ["apply", ...args, "--auto-approve", "--allow-destroy", "--allow-replace"]]) {
      const result = await cli(run);
      expect(result.stderr, run.join(" ")).toBe(error());
      expect(result.code).toBe(1);
    }
    expect(await ownedBy(stack)).toEqual([]);
  });
});

describe("a stack whose names have only untagged near misses in AWS", () => {
  const body = `userPools:
  - name: ${NEAR_MISS_TARGETS.userPool}
    deletionProtection: false
    clients:
      - { name: Web, authFlows: [ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH] }
identityPools:
  - name: ${NEAR_MISS_TARGETS.identityPool}
    providers:
      - { userPool: ${NEAR_MISS_TARGETS.userPool}, client: Web }
    roles:
      authenticated:
        name: ${NEAR_MISS_TARGETS.role}
        inlinePolicies:
          read:
            Version: "2012-10-17"
            Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "arn:aws:s3:::bucket/*" }]
`;
  const args = () => ["-f", file("near-miss.yaml", body)];
  const roleArn = (name: string) => find(foreign.roles, name).id;
  // Every page: the shared emulator holds more pools than one page shows.
  const myIdentityPoolId = () => identityPoolIdNamed(identity, NEAR_MISS_TARGETS.identityPool);
  const myPoolIds = () => userPoolIdsNamed(idp, NEAR_MISS_TARGETS.userPool);

  it("--adopt adopts none of them: apply creates its own pool, identity pool and role", async () => {
    const plan = await planJson([...args(), "--adopt"]);
    expect(actions(plan)).toEqual([
      `create userPool.${NEAR_MISS_TARGETS.userPool}`,
      `create userPool.${NEAR_MISS_TARGETS.userPool}/client.Web`,
      `create identityPool.${NEAR_MISS_TARGETS.identityPool}`,
      `create identityPool.${NEAR_MISS_TARGETS.identityPool}/iamRole.${NEAR_MISS_TARGETS.role}`,
      `create identityPool.${NEAR_MISS_TARGETS.identityPool}/roles`,
    ]);

    const apply = await cli(["apply", ...args(), "--adopt", "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    const ids = await myPoolIds();
    expect(ids).toHaveLength(1);
    expect(foreign.userPools.map((p) => p.id)).not.toContain(ids[0]);
    const pool = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: ids[0] }))).UserPool!;
    // The stack tag and the stamp of the create that made it: nothing taken from the look-alikes.
    expect(pool.UserPoolTags).toEqual({ "cognito-reconcile:stack": stack, "cognito-reconcile:created": expect.stringMatching(/^\S+Z [0-9a-f-]{36}$/) });
    expect(foreign.identityPools.map((p) => p.id)).not.toContain(await myIdentityPoolId());
    const role = (await iam.send(new GetRoleCommand({ RoleName: NEAR_MISS_TARGETS.role }))).Role!;
    expect(role.Tags).toEqual([{ Key: "cognito-reconcile:stack", Value: stack }]);
    expect((await cli(["plan", ...args(), "--detailed-exitcode"])).code).toBe(0);
  });

  it("a role of another stack attached to its identity pool behind its back is detached, not changed or deleted", async () => {
    const id = await myIdentityPoolId();
    const mine = (await iam.send(new GetRoleCommand({ RoleName: NEAR_MISS_TARGETS.role }))).Role!.Arn!;
    await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: mine, unauthenticated: roleArn(FOREIGN.guestRole) } }));

    expect(actions(await planJson(args()))).toEqual([`update identityPool.${NEAR_MISS_TARGETS.identityPool}/roles`]);
    const apply = await cli(["apply", ...args(), "--auto-approve", "--allow-destroy"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    expect((await cli(["plan", ...args(), "--detailed-exitcode"])).code).toBe(0);
  });

  it("an empty file with --allow-destroy deletes its own pool, identity pool and role, and nothing else", async () => {
    // Roles of another stack and untagged ones attached to the doomed identity pool must outlive it.
    const id = await myIdentityPoolId();
    const [poolId] = await myPoolIds();
    const mine = (await iam.send(new GetRoleCommand({ RoleName: NEAR_MISS_TARGETS.role }))).Role!.Arn!;
    await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: id, Roles: { authenticated: mine, unauthenticated: roleArn(UNTAGGED.role) } }));

    const empty = ["-f", emptyFile()];
    expect(actions(await planJson([...empty, "--allow-destroy", "--adopt"])).sort()).toEqual([
      `delete identityPool.${NEAR_MISS_TARGETS.identityPool}`,
      `delete identityPool.${NEAR_MISS_TARGETS.identityPool}/iamRole.${NEAR_MISS_TARGETS.role}`,
      `delete identityPool.${NEAR_MISS_TARGETS.identityPool}/roles`,
      `delete userPool.${NEAR_MISS_TARGETS.userPool}`,
    ]);
    const apply = await cli(["apply", ...empty, "--allow-destroy", "--adopt", "--auto-approve"]);
    expect(apply.stderr).toBe("");
    expect(apply.code).toBe(0);
    expect(await myPoolIds()).toEqual([]);
    expect(await identityPoolIdsNamed(identity, NEAR_MISS_TARGETS.identityPool)).toEqual([]);
    await expect(idp.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect(await ownedBy(stack)).toEqual([]);
    await expect(iam.send(new GetRoleCommand({ RoleName: NEAR_MISS_TARGETS.role }))).rejects.toMatchObject({ name: "NoSuchEntityException" });
  });
});
