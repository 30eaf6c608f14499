import { CognitoIdentityProviderClient, ListUserPoolsCommand, CreateGroupCommand } from "@aws-sdk/client-cognito-identity-provider";
import { IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { startFaultProxy, type FaultCounters, type FaultProxy } from "../helpers/fault-proxy.js";
import { tempDir } from "../helpers/temp-files.js";
import { expectedInventory, FAST, inventoryReader, myappWithUsers, PASSWORDS, type Inventory, type InventoryReader } from "./fixtures/stack.js";


/**
 * The runs are spread over lanes, each an emulator and a proxy of its own, reset between runs: an
 * apply through the proxy mostly waits on backoff, not on the CPU.
 */
const RUNS = 20;
const LANES = 4;
// The time limits below are a safety net for a loaded machine, far above what the runs take.
const EXTRA_USERS = 40;
const FIRST_SEED = 1;

interface Lane {
  emulator: Emulator;
  proxy: FaultProxy;
  inventory: InventoryReader;
}

const dir = tempDir();
const lanes: Lane[] = [];
let soakFile = "";
let exampleFile = "";

const idle: Lane[] = [];
const waiting: ((lane: Lane) => void)[] = [];

/** Runs `work` on a lane no other test is using. */
async function withLane<T>(work: (lane: Lane) => Promise<T>): Promise<T> {
  const lane = idle.pop() ?? (await new Promise<Lane>((resolve) => waiting.push(resolve)));
  try {
    return await work(lane);
  } finally {
    const next = waiting.shift();
    if (next) next(lane);
    else idle.push(lane);
  }
}

beforeAll(async () => {
  soakFile = dir.write("myapp-40-users.yaml", myappWithUsers(EXTRA_USERS));
  exampleFile = dir.write("myapp.yaml", myappWithUsers(0));
  const started = await Promise.all(
    Array.from({ length: LANES }, async () => {
      const emulator = await startEmulator();
      const proxy = await startFaultProxy(emulator.url, { seed: FIRST_SEED });
      return { emulator, proxy, inventory: inventoryReader(emulator.url) };
    }),
  );
  lanes.push(...started);
  idle.push(...started);
});
afterAll(async () => {
  for (const lane of lanes) {
    lane.inventory.destroy();
    await lane.proxy.stop();
    await lane.emulator.stop();
  }
});

const apply = (file: string, endpoint: string): Promise<CliResult> => runCli(["apply", "-f", file, "--endpoint-url", endpoint, "--auto-approve", ...FAST], { env: PASSWORDS });
const plan = (file: string, endpoint: string): Promise<CliResult> => runCli(["plan", "-f", file, "--endpoint-url", endpoint, "--detailed-exitcode"], { env: PASSWORDS });
const firstLine = (text: string): string => text.trim().split("\n")[0] ?? "";

/** The steps an apply reports as failed, each as "operation: error name" (or the message's start). */
function failureCauses(stdout: string): string[] {
  const causes = stdout
    .split("\n")
    .filter((line) => line.includes(": FAILED: "))
    .map((line) => {
      const detail = line.slice(line.indexOf(": FAILED: ") + ": FAILED: ".length);
      const aws = /^(\w+) \(.*?\) failed: (\w+)/.exec(detail);
      if (aws) return `${aws[1]}: ${aws[2]}`;
      const reached = /^(\w+) \(.*?\): cannot reach/.exec(detail);
      if (reached) return `${reached[1]}: connection failed after every retry`;
      if (detail.startsWith("another apply")) return `${/created (client|identity pool|pool)/.exec(detail)?.[1] ?? "resource"} deleted: "another apply created it at the same time"`;
      return detail.slice(0, 80);
    });
  return [...new Set(causes)];
}

describe("the fault proxy sends what AWS sends", () => {
  // The harness itself, checked with the SDK: a throttle is a TooManyRequestsException (IAM: Throttling),
  // a dropped connection a network error, and a lost response an error for a call that did happen.
  it("throttles, drops, and loses responses of calls it carried out", async () => {
    const { emulator } = lanes[0]!;
    await emulator.reset();
    const proxy = await startFaultProxy(emulator.url, { seed: 7, rates: "none" });
    const credentials = { accessKeyId: "test", secretAccessKey: "test" };
    const idp = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint: proxy.url, credentials, maxAttempts: 1 });
    const iam = new IAMClient({ region: "us-east-1", endpoint: proxy.url, credentials, maxAttempts: 1 });
    try {
      proxy.setRates({ throttle: 1, internalError: 0, drop: 0, slow: 0, lostResponse: 0 });
      await expect(idp.send(new ListUserPoolsCommand({ MaxResults: 10 }))).rejects.toMatchObject({ name: "TooManyRequestsException", $metadata: { httpStatusCode: 400 } });
      await expect(iam.send(new ListRolesCommand({}))).rejects.toMatchObject({ name: "Throttling", $metadata: { httpStatusCode: 400 } });
      proxy.setRates({ throttle: 0, internalError: 1, drop: 0, slow: 0, lostResponse: 0 });
      await expect(idp.send(new ListUserPoolsCommand({ MaxResults: 10 }))).rejects.toMatchObject({ name: "InternalErrorException", $metadata: { httpStatusCode: 500 } });
      proxy.setRates({ throttle: 0, internalError: 0, drop: 1, slow: 0, lostResponse: 0 });
      // A dropped connection: no answer at all, so no status and no AWS error name.
      await expect(idp.send(new ListUserPoolsCommand({ MaxResults: 10 }))).rejects.toMatchObject({ message: expect.stringMatching(/socket hang up|ECONNRESET/) });
      proxy.setRates("none");
      const pool = await idp.send(new ListUserPoolsCommand({ MaxResults: 10 }));
      expect(pool.UserPools).toEqual([]);
      proxy.setRates({ throttle: 0, internalError: 0, drop: 0, slow: 0, lostResponse: 1 });
      // CreateGroup of a pool that does not exist: the emulator answers an error, the caller sees none of it.
      await expect(idp.send(new CreateGroupCommand({ UserPoolId: "us-east-1_nopool", GroupName: "g" }))).rejects.not.toMatchObject({ name: "ResourceNotFoundException" });
      // Reads are never "lost": only mutating operations are.
      await expect(idp.send(new ListUserPoolsCommand({ MaxResults: 10 }))).resolves.toBeDefined();
      expect(proxy.counters()).toMatchObject({ throttled: 2, failed: 1, dropped: 1, lostResponses: 1, lostByOperation: { CreateGroup: 1 } });
    } finally {
      idp.destroy();
      iam.destroy();
      await proxy.stop();
    }
  });
});

interface RunRecord {
  run: number;
  seed: number;
  applyExit: number;
  applySeconds: number;
  applyError: string;
  causes: string[];
  planExit: number;
  inventory: Inventory;
  counters: FaultCounters;
}

function table(records: RunRecord[], expected: Inventory): string {
  const header = "| run | seed | apply exit | apply s | requests | throttled | 5xx | dropped | slowed | lost responses (operation) | failed steps | plan exit | live state |";
  const rule = "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: | --- |";
  const rows = records.map((r) => {
    const c = r.counters;
    const lost = Object.entries(c.lostByOperation).map(([op, n]) => (n > 1 ? `${op} x${n}` : op)).join(", ");
    const diffs = (Object.keys(expected) as (keyof Inventory)[]).filter((k) => r.inventory[k] !== expected[k]).map((k) => `${k} ${r.inventory[k]}`);
    return `| ${r.run} | ${r.seed} | ${r.applyExit} | ${r.applySeconds.toFixed(1)} | ${c.requests} | ${c.throttled} | ${c.failed} | ${c.dropped} | ${c.slowed} | ${c.lostResponses}${lost ? ` (${lost})` : ""} | ${r.causes.join("; ")} | ${r.planExit} | ${diffs.length ? diffs.join(", ") : "exact"} |`;
  });
  const ok = records.filter((r) => r.applyExit === 0 && r.planExit === 0 && JSON.stringify(r.inventory) === JSON.stringify(expected));
  const sum = (key: "requests" | "throttled" | "failed" | "dropped" | "slowed" | "lostResponses") => records.reduce((n, r) => n + r.counters[key], 0);
  const seconds = records.map((r) => r.applySeconds).sort((a, b) => a - b);
  return [
    `Fault soak: ${ok.length}/${records.length} applies converged with no duplicate (examples/myapp.yaml + ${EXTRA_USERS} users; ${sum("requests")} requests: ${sum("throttled")} throttled, ${sum("failed")} HTTP 500, ${sum("dropped")} dropped, ${sum("slowed")} slowed, ${sum("lostResponses")} lost responses; apply median ${seconds[Math.floor(seconds.length / 2)]!.toFixed(1)} s, max ${seconds.at(-1)!.toFixed(1)} s)`,
    "",
    header,
    rule,
    ...rows,
    "",
    ...records.filter((r) => r.applyError && r.causes.length === 0).map((r) => `run ${r.run}: ${r.applyError}`),
  ].join("\n");
}

describe(`${RUNS} applies of examples/myapp.yaml (+${EXTRA_USERS} users) from empty through a faulty network`, () => {
  // Proves that apply converges however the network misbehaves: 30% throttling, 5% HTTP 500, 3%
  // dropped connections, 5% slow answers, and 3% of the mutating calls carried out with the answer
  // lost, each time from an empty account. After each apply, read directly (no proxy): plan shows no
  // change and the SDK counts exactly one pool, two clients, five groups, every user once, one
  // identity pool and its role. A lost response that made the tool create something twice shows
  // here as a duplicate.
  it(`all ${RUNS} converge, with nothing created twice`, async () => {
    const expected = expectedInventory(EXTRA_USERS);
    const records: RunRecord[] = [];
    await Promise.all(
      Array.from({ length: RUNS }, (_, run) =>
        withLane(async (lane) => {
          const seed = FIRST_SEED + run;
          await lane.emulator.reset();
          lane.proxy.reset(seed);
          const started = performance.now();
          const applied = await apply(soakFile, lane.proxy.url);
          const applySeconds = (performance.now() - started) / 1000;
          const counters = lane.proxy.counters();
          const [planned, inventory] = await Promise.all([plan(soakFile, lane.emulator.url), lane.inventory.read()]);
          records.push({ run: run + 1, seed, applyExit: applied.code, applySeconds, applyError: firstLine(applied.stderr), causes: failureCauses(applied.stdout), planExit: planned.code, inventory, counters });
        }),
      ),
    );
    records.sort((a, b) => a.run - b.run);
    console.log(table(records, expected));

    const outcome = (r: RunRecord) => ({ run: r.run, applyExit: r.applyExit, planExit: r.planExit, inventory: r.inventory, error: r.applyError });
    const good = (r: RunRecord) => ({ run: r.run, applyExit: 0, planExit: 0, inventory: expected, error: "" });
    expect(records.map(outcome), "every apply through the faulty network must exit 0 and leave exactly the declared resources").toEqual(records.map(good));
  }, 900_000);
});

/**
 * The operations apply sends to create something, and what a lost answer must not do: the tool
 * retries, meets what its first attempt made, and must carry on as if it had got the answer.
 */
const CREATES = ["CreateUserPool", "CreateUserPoolClient", "CreateIdentityPool", "CreateGroup", "CreateResourceServer", "CreateUserPoolDomain", "CreateRole", "AdminCreateUser"];

describe("one lost response at a time, for each operation that creates", () => {
  // Deterministic: no random faults, only the first answer of one create operation is lost (the
  // operation is carried out). apply must still exit 0, plan must then show no change, and nothing
  // may exist twice. When apply fails, a rerun without faults shows whether the damage is
  // permanent (a duplicate the file cannot tell apart) or only a failed run.
  it.concurrent.each(CREATES)("%s: a lost answer is neither a failure nor a duplicate", (operation) => withLane(async (lane) => {
    await lane.emulator.reset();
    lane.proxy.reset(FIRST_SEED);
    lane.proxy.setRates("none");
    lane.proxy.script(operation, "lostResponse");
    try {
      const applied = await apply(exampleFile, lane.proxy.url);
      const lost = lane.proxy.counters().lostResponses;
      const [planned, inventory] = await Promise.all([plan(exampleFile, lane.emulator.url), lane.inventory.read()]);
      const failedSteps = applied.stdout.split("\n").filter((l) => l.includes(": FAILED: ")).map((l) => l.trim());
      const outcome = { lost, applyExit: applied.code, error: firstLine(applied.stderr), failedSteps, planExit: planned.code, inventory };
      if (applied.code !== 0) {
        const rerun = await apply(exampleFile, lane.emulator.url);
        const after = await lane.inventory.read();
        console.log(
          `${operation} with its answer lost: apply exit ${applied.code}: ${outcome.error}\n  ${failedSteps.join("\n  ")}\n  rerun without faults: exit ${rerun.code}${rerun.code ? `: ${firstLine(rerun.stderr)}` : ""}; live: ${JSON.stringify(after)}`,
        );
      }
      expect(outcome, `${operation}: the call was carried out but its answer lost; apply must converge without creating anything twice`).toEqual({
        lost: 1,
        applyExit: 0,
        error: "",
        failedSteps: [],
        planExit: 0,
        inventory: expectedInventory(0),
      });
    } finally {
      lane.proxy.setRates({});
    }
  }), 300_000);
});
