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

/** Spawns apply, SIGKILLs it after `delayMs` unless it has exited by then. */
function applyKilledAfter(endpoint: string, delayMs: number): Promise<{ interrupted: boolean; exit: string; stepsReported: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args("apply", endpoint)], { env: cliEnv(PASSWORDS), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.resume();
    let interrupted = false;
    const timer = setTimeout(() => {
      if (child.exitCode === null && child.signalCode === null) {
        interrupted = true;
        child.kill("SIGKILL");
      }
    }, delayMs);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ interrupted, exit: signal ?? String(code), stepsReported: operationsDone(stdout) });
    });
  });
}

interface Round {
  round: number;
  delayMs: number;
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
    // The kill points are spread over the time an uninterrupted apply takes, measured here in every
    // lane at once, as the rounds will run.
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
    const delays = Array.from({ length: ROUNDS }, () => Math.round(random() * fullMs));
    const expected = expectedInventory(EXTRA_USERS);
    const rounds: Round[] = [];
    let next = 0;
    await Promise.all(
      lanes.map(async (lane) => {
        for (let i = next++; i < ROUNDS; i = next++) {
          await lane.emulator.reset();
          const killed = await applyKilledAfter(lane.emulator.url, delays[i]!);
          const rerun = await runCli(args("apply", lane.emulator.url), { env: PASSWORDS });
          const [drift, inventory] = await Promise.all([runCli(args("drift", lane.emulator.url), { env: PASSWORDS }), lane.inventory.read()]);
          rounds.push({ round: i + 1, delayMs: delays[i]!, interrupted: killed.interrupted, killedExit: killed.exit, stepsBeforeKill: killed.stepsReported, rerun, rerunOperations: operationsDone(rerun.stdout), drift, inventory });
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
        "| round | kill after s | killed | operations reported before the kill | rerun exit | operations the rerun did | drift exit | live state |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |",
        ...rounds.map((r) => {
          const diffs = (Object.keys(expected) as (keyof Inventory)[]).filter((k) => r.inventory[k] !== expected[k]).map((k) => `${k} ${r.inventory[k]}`);
          return `| ${r.round} | ${(r.delayMs / 1000).toFixed(2)} | ${r.interrupted ? "yes" : `no (exit ${r.killedExit})`} | ${r.stepsBeforeKill} | ${r.rerun.code} | ${r.rerunOperations} | ${r.drift.code} | ${diffs.length ? diffs.join(", ") : "exact"} |`;
        }),
      ].join("\n"),
    );

    const outcome = (r: Round) => ({ round: r.round, rerunExit: r.rerun.code, rerunError: r.rerun.stderr.trim(), driftExit: r.drift.code, inventory: r.inventory });
    expect(rounds.map(outcome), "after a kill, a rerun must exit 0, drift must exit 0, and nothing may exist twice").toEqual(
      rounds.map((r) => ({ round: r.round, rerunExit: 0, rerunError: "", driftExit: 0, inventory: expected })),
    );
    // Most kill points fall while the apply is still running (the rest after it has exited).
    expect(interrupted.length).toBeGreaterThanOrEqual(ROUNDS / 2);
  }, 1_200_000);
});
