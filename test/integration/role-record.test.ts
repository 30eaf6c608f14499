// An apply killed after it created an identity pool's roles and before it attached them: the
// roles are named nowhere in the pool's attachment. Removing the identity pool afterwards must
// still remove them, because the pool records the roles the stack creates for it.
import { spawn } from "node:child_process";
import { CognitoIdentityClient, DescribeIdentityPoolCommand, GetIdentityPoolRolesCommand } from "@aws-sdk/client-cognito-identity";
import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { identityPoolIdNamed } from "../helpers/aws-lists.js";
import { CLI, cliEnv, runCli, uniqueSuffix } from "../helpers/cli.js";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy.js";
import { tempDir } from "../helpers/temp-files.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `role-record-${suffix}`;
const ROLES = [`RecordAuth-${suffix}`, `RecordUnauth-${suffix}`];
const identityPoolName = `RecordIdPool${suffix}`;
const dir = tempDir();
const aws = { region: "us-east-1", endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } };
const iam = new IAMClient(aws);
const identity = new CognitoIdentityClient(aws);
let proxy: FaultProxy;

const file = (withIdentityPool: boolean) => `version: 1
stack: ${stack}
region: us-east-1
userPools:
  - name: RecordPool-${suffix}
    deletionProtection: false
    clients:
      - name: Web
identityPools:${withIdentityPool ? "" : " []"}
${
  withIdentityPool
    ? `  - name: ${identityPoolName}
    allowUnauthenticated: true
    providers:
      - { userPool: RecordPool-${suffix}, client: Web }
    roles:
      authenticated: { name: ${ROLES[0]} }
      unauthenticated: { name: ${ROLES[1]} }
`
    : ""
}`;

beforeAll(async () => {
  proxy = await startFaultProxy(endpoint, { seed: 1, rates: "none" });
});
afterAll(async () => {
  await proxy?.stop();
  iam.destroy();
  identity.destroy();
});

/** Whether IAM has the role; NoSuchEntity is the only answer taken as "no". */
async function roleExists(name: string): Promise<boolean> {
  try {
    await iam.send(new GetRoleCommand({ RoleName: name }));
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchEntityException" || (error as { name?: string }).name === "NoSuchEntity") return false;
    throw error;
  }
}

/** apply through the proxy, which never lets SetIdentityPoolRoles through; killed once it is tried. */
function applyKilledBeforeAttachment(path: string): Promise<string> {
  proxy.script("SetIdentityPoolRoles", "drop", 1000);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "apply", "-f", path, "--endpoint-url", proxy.url, "--auto-approve"], { env: cliEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const watch = setInterval(() => {
      if ((proxy.counters().byOperation.SetIdentityPoolRoles ?? 0) > 0) child.kill("SIGKILL");
    }, 20);
    const giveUp = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.once("error", reject);
    child.once("close", (_code, signal) => {
      clearInterval(watch);
      clearTimeout(giveUp);
      resolve(`${signal ?? "exit"}\n${output}`);
    });
  });
}

describe("roles created by an apply that stopped before attaching them", () => {
  it("are removed with their identity pool", async () => {
    const killed = await applyKilledBeforeAttachment(dir.write("with.yaml", file(true)));
    expect(killed, killed).toMatch(/^SIGKILL/);
    // The state the defect needs: both roles exist, the pool has no attachment naming them.
    for (const name of ROLES) expect(await roleExists(name), name).toBe(true);
    const poolId = await identityPoolIdNamed(identity, identityPoolName);
    const attached = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }));
    expect(Object.keys(attached.Roles ?? {})).toEqual([]);
    // ... and the pool records them.
    const described = await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: poolId }));
    expect(described.IdentityPoolTags?.["cognito-reconcile:roles"]?.split(" ").sort()).toEqual([...ROLES].sort());

    const removed = await runCli(["apply", "-f", dir.write("without.yaml", file(false)), "--endpoint-url", endpoint, "--auto-approve", "--allow-destroy"]);
    expect(removed.stderr).toBe("");
    expect(removed.code, removed.stdout).toBe(0);
    for (const name of ROLES) expect(removed.stdout).toContain(`- identityPool.${identityPoolName}/iamRole.${name}: deleted`);
    for (const name of ROLES) expect(await roleExists(name), `${name} is left in IAM`).toBe(false);
  });
});
