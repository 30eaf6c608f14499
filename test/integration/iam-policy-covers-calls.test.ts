// The policy iam-policy prints for a command covers every AWS call that command makes: each example
// is applied, planned, drifted, exported and read by outputs on an emulator of this file's own, and
// every operation the emulator counted is an action of that command's policy. A call added to the
// code without its kind's permissions fails here.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { runCli } from "../helpers/cli.js";

const examples = join(import.meta.dirname, "..", "..", "examples");
const EXAMPLES = ["myapp.yaml", "managed-login.yaml", "passwordless.yaml", "basic.yaml"];
const env = { ADMIN_TEMP_PASSWORD: "Adm1n-Temp-Pa55!", USER_TEMP_PASSWORD: "Us3r-Temp-Pa55!" };

/** The services of the operations the emulator counts by name alone. */
const IDENTITY = new Set(["ListIdentityPools", "DescribeIdentityPool", "CreateIdentityPool", "UpdateIdentityPool", "DeleteIdentityPool", "GetIdentityPoolRoles", "SetIdentityPoolRoles"]);
const IAM = /^(Get|List|Create|Update|Delete|Put|Attach|Detach|Tag|Untag)(Role|RolePolicy|RolePolicies|AttachedRolePolicies|AssumeRolePolicy|Roles)$/;
const actionOf = (operation: string) => (IDENTITY.has(operation) ? `cognito-identity:${operation}` : IAM.test(operation) ? `iam:${operation}` : `cognito-idp:${operation}`);

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(async () => {
  await emulator?.stop();
});

async function policyActions(file: string, command: string, ...flags: string[]): Promise<Set<string>> {
  const printed = await runCli(["iam-policy", "-f", file, "--for", command, ...flags], { env });
  expect(printed.stderr).toBe("");
  const policy = JSON.parse(printed.stdout) as { Statement: { Action: string[] }[] };
  return new Set(policy.Statement.flatMap((s) => s.Action));
}

/** Runs the command with calls counted from zero, and returns the actions of the operations it called. */
async function calledBy(args: string[]): Promise<string[]> {
  await emulator.resetCalls();
  const run = await runCli([...args, "--endpoint-url", emulator.url], { env });
  expect(run.code === 0 || run.code === 2, `${args.join(" ")}: exit ${run.code}\n${run.stderr}`).toBe(true);
  return Object.keys(await emulator.calls()).map(actionOf);
}

describe.each(EXAMPLES)("iam-policy of examples/%s covers the calls", (name) => {
  const file = join(examples, name);

  it("of apply from empty, then of plan, drift and outputs", async () => {
    const apply = await calledBy(["apply", "-f", file, "--auto-approve"]);
    expect(apply.length).toBeGreaterThan(3);
    expect(apply.filter((a) => !applyPolicy.has(a))).toEqual([]);

    for (const command of ["plan", "drift"]) {
      const allowed = await policyActions(file, command);
      expect((await calledBy([command, "-f", file])).filter((a) => !allowed.has(a)), command).toEqual([]);
    }
    const outputs = await policyActions(file, "outputs", "--show-secrets");
    expect((await calledBy(["outputs", "-f", file, "--show-secrets"])).filter((a) => !outputs.has(a)), "outputs").toEqual([]);
  });

  let applyPolicy: Set<string>;
  beforeAll(async () => {
    applyPolicy = await policyActions(file, "apply");
  });
});
