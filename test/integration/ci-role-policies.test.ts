// examples/ci/put-role-policies.sh puts on the CI roles exactly the policies iam-policy prints for
// the file: run with stand-ins for `aws` (which records what it is asked) and `npx` (the built CLI),
// so nothing leaves the machine.
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CLI, cliEnv, runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

const repoRoot = join(import.meta.dirname, "..", "..");
const script = join(repoRoot, "examples", "ci", "put-role-policies.sh");
const dir = tempDir();

/** A command of that name on the test's PATH, running `body`. */
function stub(name: string, body: string): void {
  mkdirSync(join(dir.path, "bin"), { recursive: true });
  chmodSync(dir.write(`bin/${name}`, `#!/usr/bin/env bash\n${body}\n`), 0o755);
}

describe("examples/ci/put-role-policies.sh", () => {
  it("puts the plan policy on the plan role and the apply policy on the apply role, without the file's secrets", async () => {
    const calls = join(dir.path, "aws-calls.txt");
    // aws iam put-role-policy --role-name R --policy-name P --policy-document file://F: records R and what F holds.
    stub("aws", `printf '%s\\n' "$4" >>"${calls}"; cat "\${8#file://}" >>"${calls}"; printf '\\n---\\n' >>"${calls}"`);
    stub("npx", `shift; exec node "${CLI}" "$@"`);
    const env: NodeJS.ProcessEnv = { ...cliEnv(), PATH: `${join(dir.path, "bin")}:${process.env.PATH}` };
    delete env.ADMIN_TEMP_PASSWORD;
    const example = join(repoRoot, "examples", "myapp.yaml");
    const run = await promisify(execFile)("bash", [script, example, "123456789012"], { env, cwd: repoRoot });
    expect(run.stdout).toBe("Put the plan policy on cognito-reconcile-plan and the apply policy on cognito-reconcile-apply.\n");

    const [planRole, planPolicy, applyRole, applyPolicy] = readFileSync(calls, "utf8").split("\n---\n").flatMap((entry) => (entry.trim() ? [entry.slice(0, entry.indexOf("\n")), entry.slice(entry.indexOf("\n") + 1)] : []));
    const expected = async (command: string) => JSON.parse((await runCli(["iam-policy", "-f", example, "--for", command, "--account", "123456789012"])).stdout) as unknown;
    expect([planRole, applyRole]).toEqual(["cognito-reconcile-plan", "cognito-reconcile-apply"]);
    expect(JSON.parse(planPolicy!)).toEqual(await expected("plan"));
    expect(JSON.parse(applyPolicy!)).toEqual(await expected("apply"));
  });
});
