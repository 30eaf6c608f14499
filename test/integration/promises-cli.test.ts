import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { stableStringify } from "../../src/plan/fingerprint.js";
import { runCli, uniqueSuffix } from "../helpers/cli.js";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy.js";
import { tempDir } from "../helpers/temp-files.js";

/** README promises about --region, saved plans of another version, and outputs. */
const endpoint = inject("emulatorUrl");
const dir = tempDir();
const suffix = uniqueSuffix();
const stack = `promises-${suffix}`;

function poolFile(name: string, pool: string, clients: string[] = []): string {
  return dir.write(
    name,
    ["version: 1", `stack: ${stack}`, "region: us-east-1", "userPools:", `  - name: ${pool}`, "    deletionProtection: false", ...(clients.length > 0 ? ["    clients:", ...clients] : []), ""].join("\n"),
  );
}

describe("--region", () => {
  it("contradicting the file's region: is an error, and nothing is read or changed", async () => {
    const file = poolFile("region.yaml", `Region-${suffix}`);
    for (const command of [["plan"], ["apply", "--auto-approve"], ["drift"], ["outputs"]]) {
      const result = await runCli([...command, "-f", file, "--region", "eu-west-1", "--endpoint-url", endpoint]);
      expect({ command: command[0], code: result.code, stderr: result.stderr }).toEqual({
        command: command[0],
        code: 1,
        stderr: `error: --region eu-west-1 contradicts region: us-east-1 in ${file}; drop one of them\n`,
      });
    }
    // The same region as the file is no contradiction.
    expect((await runCli(["plan", "-f", file, "--region", "us-east-1", "--endpoint-url", endpoint])).code).toBe(0);
    expect((await runCli(["plan", "-f", file, "--endpoint-url", endpoint, "--detailed-exitcode"])).code).toBe(2);
  });
});

describe("apply PLAN.json made by another version", () => {
  it("is refused with exit 1 and nothing changed, even when it is intact", async () => {
    const pool = `Versioned-${suffix}`;
    const file = poolFile("versioned.yaml", pool);
    const planPath = `${dir.path}/versioned.plan.json`;
    const planned = await runCli(["plan", "-f", file, "--endpoint-url", endpoint, "--out", planPath]);
    expect(planned.code).toBe(0);
    // As another version would have written it: its own version, and a content hash that matches.
    const { contentSha256: _old, ...content } = JSON.parse(readFileSync(planPath, "utf8")) as { contentSha256: string; toolVersion: string };
    const thisVersion = content.toolVersion;
    const other = { ...content, toolVersion: "0.0.1-other" };
    writeFileSync(planPath, JSON.stringify({ ...other, contentSha256: createHash("sha256").update(stableStringify(other)).digest("hex") }, null, 2));

    const applied = await runCli(["apply", planPath, "--endpoint-url", endpoint]);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toBe(`error: ${planPath} was made by cognito-reconcile 0.0.1-other, this is ${thisVersion}; make the plan again with this version\n`);
    // Nothing was created: plan still shows the pool to create.
    const after = await runCli(["plan", "-f", file, "--endpoint-url", endpoint]);
    expect(after.stdout).toContain(`+ userPool.${pool}`);
  });
});

describe("outputs", () => {
  let proxy: FaultProxy;
  beforeAll(async () => {
    // Counts this file's calls by operation (the emulator's own counter is shared by every file).
    proxy = await startFaultProxy(endpoint, { seed: 1, rates: "none" });
  });
  afterAll(() => proxy.stop());

  it("on a pool not created yet is an error naming it", async () => {
    const pool = `NotYet-${suffix}`;
    const result = await runCli(["outputs", "-f", poolFile("not-yet.yaml", pool), "--endpoint-url", endpoint]);
    expect(result).toEqual({ code: 1, stdout: "", stderr: `error: not created yet: userPool.${pool}; run apply first\n` });
  });

  it("keeps client secrets only with --show-secrets, prints them only then, and reads only what it prints", async () => {
    const pool = `Outputs-${suffix}`;
    const file = poolFile("outputs.yaml", pool, ["      - name: web", "        generateSecret: true", "      - name: spa"]);
    expect((await runCli(["apply", "-f", file, "--endpoint-url", endpoint, "--auto-approve"])).code).toBe(0);
    type Doc = { userPools: Record<string, { clients: Record<string, { clientId: string; clientSecret?: string }> }> };

    proxy.reset(1);
    const plain = await runCli(["outputs", "-f", file, "--endpoint-url", proxy.url]);
    expect(plain.code).toBe(0);
    const plainCalls = proxy.counters().byOperation;
    const plainClients = (JSON.parse(plain.stdout) as Doc).userPools[pool]!.clients;
    expect(Object.keys(plainClients)).toEqual(["web", "spa"]);
    expect(plainClients.web!.clientSecret).toBeUndefined();
    expect(plain.stdout).not.toContain("clientSecret");

    proxy.reset(1);
    const shown = await runCli(["outputs", "-f", file, "--endpoint-url", proxy.url, "--show-secrets"]);
    expect(shown.code).toBe(0);
    const shownCalls = proxy.counters().byOperation;
    expect((JSON.parse(shown.stdout) as Doc).userPools[pool]!.clients.web!.clientSecret).toMatch(/^[\w-]{20,}$/);

    // outputs reads only what it prints: no user, group or other pool read; clients are described
    // (which reads their secrets) only with --show-secrets, each once, and listed without it.
    expect({ plain: plainCalls.DescribeUserPoolClient, shown: shownCalls.DescribeUserPoolClient }).toEqual({ plain: undefined, shown: 2 });
    expect(plainCalls.ListUserPoolClients).toBe(1);
    for (const calls of [plainCalls, shownCalls]) expect(Object.keys(calls).filter((op) => /Users|Groups|ResourceServers|IdentityProviders|MfaConfig/.test(op))).toEqual([]);
  });
});
