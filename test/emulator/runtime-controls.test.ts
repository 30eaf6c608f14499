// Runtime controls of the emulator: setLatency changes the per-call delay from then on, and
// setThrottle answers a seeded share of AWS calls as AWS answers throttling, without carrying them
// out. On an emulator of this file's own, as both change how every call is answered.
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import {
  AdminCreateUserCommand,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
  CognitoIdentityProviderClient,
  ListUsersCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

let emulator: Emulator;
let idp: CognitoIdentityProviderClient;

beforeAll(async () => {
  emulator = await startEmulator();
  // One attempt per call: the SDK's own retries would hide the throttled answers.
  idp = new CognitoIdentityProviderClient({ endpoint: emulator.url, region: "us-east-1", credentials, maxAttempts: 1 });
}, 60_000);
afterAll(async () => {
  idp?.destroy();
  await emulator?.stop();
});
beforeEach(async () => {
  await emulator.reset();
});

const timed = async (work: () => Promise<unknown>): Promise<number> => {
  const start = performance.now();
  await work();
  return performance.now() - start;
};

const LATENCY_MS = 1500;
const listPools = (): Promise<unknown> => idp.send(new ListUserPoolsCommand({ MaxResults: 10 }));

describe("emulator.setLatency", () => {
  it("delays calls from then on, and reset puts the start latency back", async () => {
    // A call without the delay can be slow on a loaded machine: the quickest of three counts.
    const quickest = async (): Promise<number> => Math.min(await timed(listPools), await timed(listPools), await timed(listPools));
    expect(await quickest()).toBeLessThan(LATENCY_MS);
    await emulator.setLatency(LATENCY_MS);
    expect(await timed(listPools)).toBeGreaterThanOrEqual(LATENCY_MS);
    await emulator.setLatency(0);
    expect(await quickest()).toBeLessThan(LATENCY_MS);
    await emulator.setLatency(LATENCY_MS);
    await emulator.reset();
    expect(await quickest()).toBeLessThan(LATENCY_MS);
  });

  it("refuses a latency outside 0-60000 ms", async () => {
    await expect(emulator.setLatency(-1)).rejects.toThrow(/HTTP 400/);
    await expect(emulator.setLatency(60_001)).rejects.toThrow(/HTTP 400/);
  });
});

describe("emulator.setThrottle", () => {
  const outcomes = async (n: number): Promise<string[]> => {
    const names: string[] = [];
    for (let i = 0; i < n; i++) {
      try {
        await listPools();
        names.push("ok");
      } catch (err) {
        names.push((err as Error).name);
      }
    }
    return names;
  };

  it("answers about that share of calls with TooManyRequestsException, counted by calls() and throttled()", async () => {
    await emulator.setThrottle(0.3, 42);
    const names = await outcomes(200);
    const refused = names.filter((name) => name === "TooManyRequestsException").length;
    expect(names.filter((name) => name !== "ok" && name !== "TooManyRequestsException")).toEqual([]);
    expect(refused).toBeGreaterThan(200 * 0.2);
    expect(refused).toBeLessThan(200 * 0.4);
    expect(await emulator.throttled()).toEqual({ ListUserPools: refused });
    expect(await emulator.calls()).toEqual({ ListUserPools: 200 });

    await emulator.resetCalls();
    expect(await emulator.throttled()).toEqual({});
  });

  it("picks the same calls again with the same seed", async () => {
    await emulator.setThrottle(0.3, 7);
    const first = await outcomes(40);
    await emulator.setThrottle(0.3, 7);
    expect(await outcomes(40)).toEqual(first);
  });

  it("answers with the error name and message AWS gives", async () => {
    await emulator.setThrottle(1);
    const err = await listPools().catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "TooManyRequestsException", message: "Rate exceeded", $metadata: { httpStatusCode: 400 } });
  });

  it("answers IAM calls with Throttling", async () => {
    const iam = new IAMClient({ endpoint: emulator.url, region: "us-east-1", credentials, maxAttempts: 1 });
    try {
      await emulator.setThrottle(1);
      await expect(iam.send(new ListRolesCommand({}))).rejects.toMatchObject({ name: "Throttling", message: "Rate exceeded" });
      expect(await emulator.throttled()).toEqual({ ListRoles: 1 });
    } finally {
      iam.destroy();
    }
  });

  it("does not carry out a throttled AdminCreateUser", async () => {
    const pool = await idp.send(new CreateUserPoolCommand({ PoolName: `throttle-${randomUUID().slice(0, 8)}` }));
    const UserPoolId = pool.UserPool!.Id!;
    await emulator.setThrottle(1);
    await expect(idp.send(new AdminCreateUserCommand({ UserPoolId, Username: "alice", MessageAction: "SUPPRESS" }))).rejects.toMatchObject({
      name: "TooManyRequestsException",
    });
    await emulator.setThrottle(0);
    expect((await idp.send(new ListUsersCommand({ UserPoolId }))).Users).toEqual([]);
  });

  it("is off with share 0, and after a reset", async () => {
    await emulator.setThrottle(1);
    await emulator.setThrottle(0);
    expect(await outcomes(30)).toEqual(Array(30).fill("ok"));
    await emulator.setThrottle(1);
    await emulator.reset();
    expect(await outcomes(30)).toEqual(Array(30).fill("ok"));
    expect(await emulator.throttled()).toEqual({});
  });

  it("refuses a share outside 0-1", async () => {
    await expect(emulator.setThrottle(1.5)).rejects.toThrow(/HTTP 400/);
    await expect(emulator.setThrottle(-0.1)).rejects.toThrow(/HTTP 400/);
  });
});

describe("npm run emulator -- --throttle SHARE", () => {
  const cli = join(import.meta.dirname, "..", "..", "dist", "emulator", "cli.js");

  it("is documented in --help", () => {
    const help = spawnSync(process.execPath, [cli, "--help"], { encoding: "utf8" });
    expect(help.stdout).toContain("--throttle <share>");
  });

  it("refuses a share that is not from 0 to 1, in one line", () => {
    const refused = spawnSync(process.execPath, [cli, "--throttle", "1.5"], { encoding: "utf8" });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("expected a share of calls from 0 to 1");
  });
});
