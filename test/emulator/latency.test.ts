// --latency: every AWS call waits that long before it is answered, and calls made at once wait at
// once (as on a network, where round trips overlap), while the emulator's own endpoints answer at
// once. Bounds are loose on purpose: 8 calls one after another would take 8 x 1.5 s.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ListUserPoolsCommand } from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { idpClient } from "../helpers/cli.js";

// Long enough that a loaded machine's own slowness (a second or two) cannot make 8 overlapping calls look
// like 8 in a row (12 s), nor an endpoint answered at once look delayed.
const LATENCY_MS = 1_500;
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ latencyMs: LATENCY_MS });
}, 60_000);
afterAll(async () => {
  await emulator?.stop();
});

const timed = async <T>(work: () => Promise<T>): Promise<number> => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

describe("the emulator's --latency", () => {
  it("delays every AWS call by at least the latency", async () => {
    const idp = idpClient(emulator.url);
    try {
      expect(await timed(() => idp.send(new ListUserPoolsCommand({ MaxResults: 10 })))).toBeGreaterThanOrEqual(LATENCY_MS);
    } finally {
      idp.destroy();
    }
  });

  it("lets calls made at once wait at once, not one after another", async () => {
    const idp = idpClient(emulator.url);
    try {
      const total = await timed(() => Promise.all(Array.from({ length: 8 }, () => idp.send(new ListUserPoolsCommand({ MaxResults: 10 })))));
      expect(total).toBeGreaterThanOrEqual(LATENCY_MS);
      expect(total).toBeLessThan(4 * LATENCY_MS);
    } finally {
      idp.destroy();
    }
  });

  it("answers its own endpoints (call counts) without the delay", async () => {
    expect(await timed(() => emulator.calls())).toBeLessThan(LATENCY_MS);
  });

  it("refuses a latency that is not milliseconds from 0 to 60000, in one line", () => {
    const cli = join(import.meta.dirname, "..", "..", "dist", "emulator", "cli.js");
    const refused = spawnSync(process.execPath, [cli, "--latency", "-5"], { encoding: "utf8" });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("expected milliseconds from 0 to 60000.");
  });
});
