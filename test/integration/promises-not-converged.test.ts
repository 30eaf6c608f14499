import { describe, expect, inject, it } from "vitest";
import { runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

/**
 * apply reads live state again afterwards and fails when it still differs: here the emulator is
 * told to ignore a group's Description on UpdateGroup (for this test's pool only), as if AWS had
 * silently kept the old value.
 */
const endpoint = inject("emulatorUrl");
const dir = tempDir();
const suffix = uniqueSuffix();
const pool = `Unconverged-${suffix}`;
const file = (description: string) =>
  dir.write(
    `${description}.yaml`,
    ["version: 1", `stack: unconverged-${suffix}`, "region: us-east-1", "userPools:", `  - name: ${pool}`, "    deletionProtection: false", "    groups:", `      - { name: staff, description: ${description} }`, ""].join("\n"),
  );

describe("apply when live state still differs afterwards", () => {
  it("exits 1 naming the resource and the field", async () => {
    const flags = ["--endpoint-url", endpoint, "--auto-approve"];
    expect((await runCli(["apply", "-f", file("Before"), ...flags])).code).toBe(0);
    const outputs = await runCli(["outputs", "-f", file("Before"), "--endpoint-url", endpoint]);
    const poolId = (JSON.parse(outputs.stdout) as { userPools: Record<string, { userPoolId: string }> }).userPools[pool]!.userPoolId;
    const ignored = await fetch(`${endpoint}/_emulator/ignore`, { method: "POST", body: JSON.stringify({ operation: "UpdateGroup", userPoolId: poolId, field: "Description" }) });
    expect(ignored.status).toBe(200);

    const applied = await runCli(["apply", "-f", file("After"), ...flags]);
    expect(applied.stdout).toContain(`~ userPool.${pool}/group.staff: updated`);
    expect(applied.stderr).toBe(
      `error: apply finished but live state still differs from the file:\n  userPool.${pool}/group.staff (update)\n      description\nAWS may have rejected or adjusted a value; run plan to see the difference\n`,
    );
    expect(applied.code).toBe(1);
  });
});
