import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { runCli, type CliResult } from "../helpers/cli.js";
import { startFaultProxy, type FaultProxy } from "../helpers/fault-proxy.js";
import { EXAMPLE, expectedInventory, FAST, inventoryReader, PASSWORDS, type Inventory, type InventoryReader } from "./fixtures/stack.js";

/**
 * The race is run several times, from empty each time. In "together" rounds both applies simply
 * start at once and the interleaving is whatever it is. In "staggered" rounds both start at once
 * and read the same empty account, but B's CreateUserPool is held back for HOLD_MS by a proxy (no
 * other fault), so A creates its pool and looks for rivals before B's pool exists: the order two
 * pipelines started a moment apart produce. "identity-pool" rounds start from the stack applied
 * but for its identity pool; A's CreateIdentityPool is held IDENTITY_A_HOLD_MS (so B looks before
 * A's pool exists) and B's IDENTITY_B_HOLD_MS (so it lands after A's first look): identity pools carry no creation
 * date, so this is the race only the stamped time and the second look settle.
 */
type RoundKind = "together" | "staggered" | "identity-pool";
const ROUNDS: RoundKind[] = ["together", "staggered", "together", "identity-pool", ...Array.from({ length: 5 }, () => "staggered" as const), "identity-pool", "identity-pool"];
const HOLD_MS = 1500;
const IDENTITY_A_HOLD_MS = 1000;
const IDENTITY_B_HOLD_MS = 2500;
// The test's time limit is a safety net for a loaded machine, far above what the rounds take.

let emulator: Emulator;
let proxy: FaultProxy;
/** A's own proxy, used in identity-pool rounds only. */
let proxyA: FaultProxy;
let inventory: InventoryReader;

beforeAll(async () => {
  emulator = await startEmulator();
  proxy = await startFaultProxy(emulator.url, { seed: 1, rates: "none" });
  proxyA = await startFaultProxy(emulator.url, { seed: 2, rates: "none" });
  inventory = inventoryReader(emulator.url);
});
afterAll(async () => {
  inventory?.destroy();
  await proxy?.stop();
  await proxyA?.stop();
  await emulator?.stop();
});

const run = (command: "apply" | "drift", endpoint = emulator.url): Promise<CliResult> =>
  runCli([command, "-f", EXAMPLE, "--endpoint-url", endpoint, ...(command === "apply" ? ["--auto-approve", ...FAST] : [])], { env: PASSWORDS });

/** Exit 0, or exit 1 with one line on stderr that says what happened: "error: ...", no stack trace. */
function endedCleanly(result: CliResult): boolean {
  if (result.code === 0) return true;
  const lines = result.stderr.trim().split("\n");
  return result.code === 1 && lines.length === 1 && lines[0]!.startsWith("error: ") && !/\n\s+at /.test(result.stderr);
}

/** The yield message (a FAILED line on stdout) of a racer that found the other's copy after making its own. */
const YIELDED = /another apply of stack "[^"]+" created (?:pool|identity pool) \S+ \(\S+\) at the same time/;

interface Round {
  round: number;
  kind: RoundKind;
  racers: CliResult[];
  /** Creates of the raced resource (user pool, or identity pool in identity-pool rounds) that reached the emulator during the race. */
  creates: number;
  afterRace: Inventory;
  third: CliResult;
  drift: CliResult;
  final: Inventory;
}

describe("two applies of one stack started at the same moment, from empty", () => {
  // Cognito has no conditional create, so two applies that both read "no pool" both create one.
  // Proves that the stack still ends with exactly one of everything: each racer exits 0 or fails
  // with one clear line (not both fail), a third apply exits 0, drift then reports no difference,
  // and the SDK sees exactly one pool of that name and stack, two clients, one identity pool.
  // A (direct) and B (through the proxy) run the same file against the same emulator.
  it(`both end cleanly or one fails with a one-line message; a third apply converges on exactly one pool (${ROUNDS.length} rounds)`, async () => {
    const expected = expectedInventory(0);
    const rounds: Round[] = [];
    for (const [index, kind] of ROUNDS.entries()) {
      await emulator.reset();
      proxy.reset(1);
      proxyA.reset(2);
      if (kind === "staggered") proxy.script("CreateUserPool", { holdMs: HOLD_MS });
      if (kind === "identity-pool") {
        expect((await run("apply")).code, "the stack is applied before its identity pool is removed").toBe(0);
        await inventory.deleteIdentityPools();
        proxyA.script("CreateIdentityPool", { holdMs: IDENTITY_A_HOLD_MS });
        proxy.script("CreateIdentityPool", { holdMs: IDENTITY_B_HOLD_MS });
      }
      // Counted at the emulator, so what the proxy held back and then forwarded counts too.
      await emulator.resetCalls();
      const racers = await Promise.all([run("apply", kind === "identity-pool" ? proxyA.url : emulator.url), run("apply", proxy.url)]);
      const creates = (await emulator.calls())[kind === "identity-pool" ? "CreateIdentityPool" : "CreateUserPool"] ?? 0;
      const afterRace = await inventory.read();
      const third = await run("apply");
      const drift = await run("drift");
      rounds.push({ round: index + 1, kind, racers, creates, afterRace, third, drift, final: await inventory.read() });
    }

    const describeRacer = (r: CliResult) => {
      if (r.code === 0) return "exit 0";
      const failed = r.stdout.split("\n").filter((l) => l.includes(": FAILED: ")).map((l) => `\n      ${l.trim()}`);
      return `exit ${r.code}: ${r.stderr.trim().replace(/\n/g, " / ")}${failed.join("")}`;
    };
    const duplicates = (inv: Inventory) =>
      (Object.keys(expected) as (keyof Inventory)[]).filter((k) => typeof inv[k] === "number" && (inv[k] as number) > (expected[k] as number)).map((k) => `${k} ${inv[k]}`);
    console.log(
      [
        `Concurrency: ${rounds.filter((r) => r.third.code === 0 && r.drift.code === 0 && JSON.stringify(r.final) === JSON.stringify(expected)).length}/${ROUNDS.length} rounds ended with exactly one of everything`,
        ...rounds.map((r) =>
          [
            `round ${r.round} (${r.kind}):`,
            `  apply A: ${describeRacer(r.racers[0]!)}`,
            `  apply B: ${describeRacer(r.racers[1]!)}`,
            `  creates during the race: ${r.creates}${r.creates >= 2 ? " (raced)" : " (no race: one apply found the other's copy)"}; yield messages: ${r.racers.filter((x) => YIELDED.test(x.stdout + x.stderr)).length}`,
            `  after the race: ${duplicates(r.afterRace).join(", ") || "no duplicate"}; third apply: ${describeRacer(r.third)}; drift: exit ${r.drift.code}; final: ${duplicates(r.final).join(", ") || "no duplicate"}`,
          ].join("\n"),
        ),
      ].join("\n"),
    );

    const outcome = (r: Round) => ({
      round: `${r.round} (${r.kind})`,
      racersEndedCleanly: r.racers.map(endedCleanly),
      racersFailed: r.racers.filter((x) => x.code !== 0).length <= 1 ? "at most one" : "both",
      thirdApplyExit: r.third.code,
      thirdApplyError: r.third.stderr.trim(),
      driftExit: r.drift.code,
      final: r.final,
    });
    expect(rounds.map(outcome), "two racing applies must leave one pool; a third apply and drift must then exit 0").toEqual(
      rounds.map((r) => ({ round: `${r.round} (${r.kind})`, racersEndedCleanly: [true, true], racersFailed: "at most one", thirdApplyExit: 0, thirdApplyError: "", driftExit: 0, final: expected })),
    );

    // The outcomes above prove something only for rounds that really raced: both applies created a
    // copy (two creates reached the emulator) and one of them yielded to the other. A round where the
    // second apply simply found the first one's pool passes them too, so some rounds of each kind
    // of resource must have raced.
    const raced = (r: Round) => r.creates >= 2 && r.racers.some((x) => YIELDED.test(x.stdout + x.stderr));
    const racedRounds = (kinds: RoundKind[]) => rounds.filter((r) => kinds.includes(r.kind) && raced(r)).map((r) => `${r.round} (${r.kind})`);
    expect(racedRounds(["together", "staggered"]), "no user-pool round raced: both applies never created a pool").not.toEqual([]);
    expect(racedRounds(["identity-pool"]), "no identity-pool round raced: both applies never created an identity pool").not.toEqual([]);
  }, 900_000);
});
