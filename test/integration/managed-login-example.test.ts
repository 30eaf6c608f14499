// examples/managed-login.yaml as a user would run it, from the repository's examples folder (its
// logos and style sheet are read relative to it): it applies to an empty emulator, plan then shows
// no changes, and nothing is warned of (every client with login pages has a branding).
import { beforeAll, describe, expect, inject, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const endpoint = inject("emulatorUrl");
const FILE = "examples/managed-login.yaml";
const cli = (verb: string, ...flags: string[]) => runCli([verb, "-f", FILE, "--endpoint-url", endpoint, ...flags]);

describe("examples/managed-login.yaml", () => {
  let applied: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    applied = await cli("apply", "--auto-approve");
  });

  it("applies from nothing: each block of the example is created", () => {
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    for (const created of [
      "userPool.ManagedLogin-UserPool/logDelivery.pool",
      "userPool.ManagedLogin-UserPool/branding.web",
      "userPool.ManagedLogin-UserPool/terms.web/terms-of-use",
      "userPool.ManagedLogin-UserPool/terms.web/privacy-policy",
      "userPool.ClassicUI-UserPool/uiCustomization.pool",
    ]) {
      expect(applied.stdout).toContain(`+ ${created}: created`);
    }
  });

  it("plans no changes afterwards, with nothing to warn of", async () => {
    const plan = await cli("plan", "--detailed-exitcode");
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });
});
