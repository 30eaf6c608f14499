import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { CLI, cliEnv, runCli, type CliResult } from "../helpers/cli.js";
import { seededRandom } from "../helpers/fault-proxy.js";
import { tempDir } from "../helpers/temp-files.js";
import { expectedInventory, FAST, inventoryReader, myappWithUsers, PASSWORDS, type Inventory, type InventoryReader } from "./fixtures/stack.js";

const ROUNDS = 20;
const EXTRA_USERS = 200;
const SEED = 20240611;
/** Rounds run in lanes, each an emulator of its own, reset between its rounds. */
const LANES = 2;
const CONCURRENCY = ["--concurrency", "16"];
// The test's time limit is a safety net for a loaded machine, far above what the rounds take.

interface Lane {
  emulator: Emulator;
  inventory: InventoryReader;
}

const dir = tempDir();
const lanes: Lane[] = [];
let file = "";

beforeAll(async () => {
  file = dir.write("myapp-200-users.yaml", myappWithUsers(EXTRA_USERS));
  lanes.push(
    ...(await Promise.all(
      Array.from({ length: LANES }, async () => {
        const emulator = await startEmulator();
        return { emulator, inventory: inventoryReader(emulator.url) };
      }),
    )),
  );
});
afterAll(async () => {
  for (const lane of lanes) {
    lane.inventory.destroy();
    await lane.emulator.stop();
  }
});

const args = (command: string, endpoint: string): string[] => [command, "-f", file, "--endpoint-url", endpoint, ...(command === "apply" ? ["--auto-approve", ...FAST, ...CONCURRENCY] : [])];
/** Operations an apply reported done ("  + address: created ...", "-/+ address: replaced ..."). */
const operationsDone = (stdout: string): number => stdout.split("\n").filter((line) => /^( {2}[+~-]|-\/\+) \S+: (created|updated|replaced|deleted)\b/.test(line)).length;

/**
 * Where a round kills the apply: while it reads and plans (a delay after start), or the moment its
 * n-th operation has reported, with the rest of that batch still in flight. Kill points drawn by
 * progress rather than by time stay spread over the operations however loaded the machine is.
 */
type KillPoint = { afterMs: number } | { afterOperations: number };

const describePoint = (point: KillPoint) => ("afterMs" in point ? `${(point.afterMs / 1000).toFixed(2)} s after start` : `after operation ${point.afterOperations}`);

/** Spawns apply and SIGKILLs it at `point`, unless it has exited by then. */
function applyKilledAt(endpoint: string, point: KillPoint): Promise<{ interrupted: boolean; exit: string; stepsReported: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args("apply", endpoint)], { env: cliEnv(PASSWORDS), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let interrupted = false;
    const kill = () => {
      if (interrupted || child.exitCode !== null || child.signalCode !== null) return;
      interrupted = true;
      child.kill("SIGKILL");
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      if ("afterOperations" in point && operationsDone(stdout) >= point.afterOperations) kill();
    });
    child.stderr.resume();
    const timer = "afterMs" in point ? setTimeout(kill, point.afterMs) : undefined;
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ interrupted, exit: signal ?? String(code), stepsReported: operationsDone(stdout) });
    });
  });
}

interface Round {
  round: number;
  point: KillPoint;
  interrupted: boolean;
  killedExit: string;
  stepsBeforeKill: number;
  rerun: CliResult;
  rerunOperations: number;
  drift: CliResult;
  inventory: Inventory;
}

describe(`apply of examples/myapp.yaml (+${EXTRA_USERS} users) killed with SIGKILL at ${ROUNDS} random points`, () => {
  // Proves that apply can be killed anywhere (no state file, nothing half-written that it cannot
  // read back): after a SIGKILL at a random moment of an apply from empty, a rerun exits 0, drift
  // then reports no difference, and the SDK sees exactly one pool, two clients, every user once,
  // one identity pool and its role: nothing the killed run had begun is created a second time.
  it(`a rerun converges after every kill, with nothing created twice (${ROUNDS} rounds)`, async () => {
    // An uninterrupted apply in every lane at once, as the rounds will run: how long it takes and how
    // many operations it reports, which the kill points are drawn from.
    const measured = await Promise.all(
      lanes.map(async (lane) => {
        await lane.emulator.reset();
        const started = performance.now();
        const result = await runCli(args("apply", lane.emulator.url), { env: PASSWORDS });
        return { result, ms: performance.now() - started };
      }),
    );
    for (const { result } of measured) expect(result.code, result.stderr).toBe(0);
    const fullMs = Math.max(...measured.map((m) => m.ms));
    const totalOperations = operationsDone(measured[0]!.result.stdout);

    const random = seededRandom(SEED);
    // A fifth of the kills land while the apply starts, reads and plans (the first quarter of an
    // uninterrupted apply's time, which is mostly that); the rest after a random
    // number of its operations (1 to all of them; after the last, the kill meets the final read).
    const points: KillPoint[] = Array.from({ length: ROUNDS }, () => {
      const u = random();
      return u < 0.2 ? { afterMs: Math.round((u / 0.2) * (fullMs / 4)) } : { afterOperations: 1 + Math.floor(((u - 0.2) / 0.8) * totalOperations) };
    });
    const expected = expectedInventory(EXTRA_USERS);
    const rounds: Round[] = [];
    let next = 0;
    await Promise.all(
      lanes.map(async (lane) => {
        for (let i = next++; i < ROUNDS; i = next++) {
          await lane.emulator.reset();
          const killed = await applyKilledAt(lane.emulator.url, points[i]!);
          const rerun = await runCli(args("apply", lane.emulator.url), { env: PASSWORDS });
          const [drift, inventory] = await Promise.all([runCli(args("drift", lane.emulator.url), { env: PASSWORDS }), lane.inventory.read()]);
          rounds.push({ round: i + 1, point: points[i]!, interrupted: killed.interrupted, killedExit: killed.exit, stepsBeforeKill: killed.stepsReported, rerun, rerunOperations: operationsDone(rerun.stdout), drift, inventory });
        }
      }),
    );
    rounds.sort((a, b) => a.round - b.round);

    const interrupted = rounds.filter((r) => r.interrupted);
    const midway = interrupted.filter((r) => r.rerunOperations > 0 && r.rerunOperations < totalOperations);
    const converged = rounds.filter((r) => r.rerun.code === 0 && r.drift.code === 0 && JSON.stringify(r.inventory) === JSON.stringify(expected));
    console.log(
      [
        `Interruption: ${converged.length}/${ROUNDS} reruns converged with nothing created twice; ${interrupted.length}/${ROUNDS} applies were killed before they exited, ${midway.length} of them with part of the ${totalOperations} operations done (uninterrupted apply: ${(fullMs / 1000).toFixed(1)} s)`,
        "",
        "| round | kill point | killed | operations reported before the kill | rerun exit | operations the rerun did | drift exit | live state |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |",
        ...rounds.map((r) => {
          const diffs = (Object.keys(expected) as (keyof Inventory)[]).filter((k) => r.inventory[k] !== expected[k]).map((k) => `${k} ${r.inventory[k]}`);
          return `| ${r.round} | ${describePoint(r.point)} | ${r.interrupted ? "yes" : `no (exit ${r.killedExit})`} | ${r.stepsBeforeKill} | ${r.rerun.code} | ${r.rerunOperations} | ${r.drift.code} | ${diffs.length ? diffs.join(", ") : "exact"} |`;
        }),
      ].join("\n"),
    );

    const outcome = (r: Round) => ({ round: r.round, rerunExit: r.rerun.code, rerunError: r.rerun.stderr.trim(), driftExit: r.drift.code, inventory: r.inventory });
    expect(rounds.map(outcome), "after a kill, a rerun must exit 0, drift must exit 0, and nothing may exist twice").toEqual(
      rounds.map((r) => ({ round: r.round, rerunExit: 0, rerunError: "", driftExit: 0, inventory: expected })),
    );
    // Kill points are spread over the whole apply: most of them with part of the operations done.
    expect(interrupted.length).toBeGreaterThanOrEqual(ROUNDS - 2);
    expect(midway.length).toBeGreaterThanOrEqual(ROUNDS / 2);
  }, 1_200_000);
});
