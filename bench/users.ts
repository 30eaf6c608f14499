// `npm run bench`: cognito-reconcile on a pool of many users, against its own local emulator.
//
// 1. seeds a pool (made by the CLI) with N users in G groups using the AWS SDK directly;
// 2. measures `plan` of those N users (wall time, peak RSS, API calls counted at the emulator)
//    against the minimum number of calls and a minimal sequential SDK script;
// 3. measures `apply` of M new users with memberships against a hand-written concurrent SDK loop
//    creating the same M users in a second pool seeded alike.
// The built CLI (dist/cli/main.js) runs as a child process, as a user runs it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { atCleanup, cleanup, exitOnSignals, startBuiltEmulator, type Emulator } from "./lifecycle.js";
import { parseOptions, USAGE, UsageError, type BenchOptions } from "./options.js";
import { callsTable, int, mb, median, ratio, seconds, sumCalls, table } from "./report.js";
import { RSS_METHOD, RSS_METHOD_TEXT, runCli, runCliExpecting, type CliRun } from "./run-cli.js";
import { CLI_ATTEMPTS, createUsers, idpClient, minimalSequentialRead, poolIdByName, retried } from "./sdk.js";
import { desiredState, minimumPlanCalls, type PoolFile } from "./workload.js";

/**
 * Rate-limit overrides for the measured runs: far above what the emulator serves, so the
 * client-side limiter never waits and the engine itself is measured. One run of plan also uses
 * the defaults (Cognito's quotas, e.g. UserList 30/s) to show the pacing against real AWS.
 */
const FAST_LIMITS = ["UserList", "UserCreation", "UserUpdate", "UserPoolRead", "UserPoolUpdate", "UserPoolResourceRead", "UserPoolResourceUpdate"].flatMap((c) => [
  "--rate-limit",
  `${c}=10000`,
]);

const POOL = { stack: "bench-users", pool: "Bench-Users" };
const LOOP_POOL = { stack: "bench-loop", pool: "Bench-Loop" };

const log = (text = ""): void => void process.stdout.write(`${text}\n`);

function machine() {
  const python = process.env.COGNITO_RECONCILE_PYTHON || "python3";
  const moto = spawnSync(python, ["-c", "import moto; print(moto.__version__)"], { encoding: "utf8" });
  return {
    nproc: os.availableParallelism(),
    cpu: os.cpus()[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    moto: moto.status === 0 ? moto.stdout.trim() : "unknown",
    rssMethod: RSS_METHOD,
    /** 1, 5 and 15-minute load averages when the bench started: other work on the machine skews every number. */
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

interface Context {
  options: BenchOptions;
  emulator: Emulator;
  idp: CognitoIdentityProviderClient;
  dir: string;
}

function writeFile(ctx: Context, name: string, file: PoolFile): string {
  const path = join(ctx.dir, name);
  writeFileSync(path, desiredState(file));
  return path;
}

const target = (ctx: Context, file: string): string[] => ["-f", file, "--endpoint-url", ctx.emulator.url];

/** Creates a pool and its groups with the CLI (users left unmanaged) and returns its id. */
async function createPool(ctx: Context, pool: typeof POOL): Promise<string> {
  const file = writeFile(ctx, `${pool.stack}-pool.yaml`, { ...pool, groups: ctx.options.groups });
  await runCliExpecting(0, ["apply", "--auto-approve", ...target(ctx, file), ...FAST_LIMITS]);
  return poolIdByName(ctx.idp, pool.pool);
}

/** Attempts a seeding call: seeding is not measured and must not stop on a transient HTTP 5xx. */
const SEED_ATTEMPTS = 30;

/** Seeds users [from, to) with the SDK, 8 at a time, printing progress every few seconds. */
async function seed(ctx: Context, poolId: string, label: string, from: number, to: number): Promise<number> {
  const started = performance.now();
  const retriedBefore = retried.count;
  let lastPrint = started;
  const show = (done: number) =>
    log(`  seeding ${label}: ${int(from + done)}/${int(to)} users (${int((done * 1000) / (performance.now() - started))}/s, ${int(retried.count - retriedBefore)} calls retried after HTTP 5xx)`);
  const failed = await createUsers(ctx.idp, poolId, {
    from,
    to,
    groups: ctx.options.groups,
    concurrency: 8,
    attempts: SEED_ATTEMPTS,
    onProgress: (done) => {
      if (performance.now() - lastPrint < 5000) return;
      lastPrint = performance.now();
      show(done);
    },
  });
  if (failed.length > 0) throw new Error(`seeding failed for ${failed.length} users, e.g. user ${failed[0]!.user}: ${failed[0]!.error}`);
  show(to - from);
  return performance.now() - started;
}

async function countedCalls<T>(ctx: Context, work: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  await ctx.emulator.resetCalls();
  const result = await work();
  return { result, calls: await ctx.emulator.calls() };
}

/** Where the time of one `plan --log-level debug` goes: before the first AWS call, in calls, after the last. */
function debugBreakdown(run: CliRun) {
  const calls = run.stderr
    .split("\n")
    .filter((line) => line.includes('"aws call"'))
    .map((line) => JSON.parse(line) as { time: string; ms: number; operation: string });
  const ends = calls.map((c) => Date.parse(c.time) - run.startedAt);
  const firstStart = calls.length ? ends[0]! - calls[0]!.ms : 0;
  const lastEnd = calls.length ? ends[ends.length - 1]! : 0;
  const inCalls = calls.reduce((sum, c) => sum + c.ms, 0);
  return {
    wallMs: run.wallMs,
    calls: calls.length,
    beforeFirstCallMs: firstStart,
    inCallsMs: inCalls,
    betweenCallsMs: lastEnd - firstStart - inCalls,
    afterLastCallMs: run.wallMs - lastEnd,
    slowestCall: calls.reduce((max, c) => Math.max(max, c.ms), 0),
  };
}

async function main(): Promise<void> {
  let options: BenchOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(error.message ? `bench: ${error.message}\n${USAGE}\n` : `${USAGE}\n`);
    process.exitCode = error.message ? 2 : 0;
    return;
  }
  exitOnSignals();
  const { users: N, groups: G, applyUsers: M, concurrency: C, runs } = options;
  const host = machine();
  log(`cognito-reconcile benchmark: ${int(N)} users in ${G} groups, apply of ${int(M)}, concurrency ${C}, ${runs} runs`);
  log(`machine: ${host.nproc} CPUs (${host.cpu}), ${host.memoryGiB} GiB, ${host.os}, node ${host.node}, moto ${host.moto}`);
  log(`load average at start: ${host.loadAverage.join(", ")}; peak RSS measured with ${RSS_METHOD_TEXT}`);
  log(`measured CLI runs use ${FAST_LIMITS.join(" ")}`);

  const emulator = await startBuiltEmulator();
  const idp = idpClient(emulator.url);
  atCleanup(() => idp.destroy());
  const dir = mkdtempSync(join(os.tmpdir(), "cognito-reconcile-bench-"));
  atCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const ctx: Context = { options, emulator, idp, dir };
  log(`emulator at ${emulator.url}; files in ${dir}\n`);

  // 1. Seed, measuring plan's memory at the smaller sizes on the way.
  log(`1. seed: pool ${POOL.pool} with ${G} groups (cognito-reconcile apply), then ${int(N)} users with the SDK`);
  const poolId = await createPool(ctx, POOL);
  const memory: { users: number; peakRssMb: number; wallMs: number }[] = [];
  let seeded = 0;
  let seedMs = 0;
  for (const size of [...options.memoryAt, N]) {
    seedMs += await seed(ctx, poolId, POOL.pool, seeded, size);
    seeded = size;
    if (size === N) break;
    const file = writeFile(ctx, `plan-${size}.yaml`, { ...POOL, groups: G, users: { from: 0, to: size } });
    const run = await runCliExpecting(0, ["plan", "--detailed-exitcode", ...target(ctx, file), ...FAST_LIMITS]);
    memory.push({ users: size, peakRssMb: run.peakRssMb, wallMs: run.wallMs });
    log(`  plan of ${int(size)} users: ${seconds(run.wallMs)}, peak RSS ${mb(run.peakRssMb)}`);
  }

  // 2. plan of N users against the minimum and a minimal sequential SDK script, interleaved.
  log(`\n2. plan of ${int(N)} users (${runs} runs each, interleaved with the sequential SDK script)`);
  const planFile = writeFile(ctx, "plan.yaml", { ...POOL, groups: G, users: { from: 0, to: N } });
  const planArgs = ["plan", "--detailed-exitcode", ...target(ctx, planFile)];
  const planRuns: { run: CliRun; calls: Record<string, number> }[] = [];
  const scriptRuns: { wallMs: number; calls: Record<string, number> }[] = [];
  for (let r = 1; r <= runs; r++) {
    const plan = await countedCalls(ctx, () => runCliExpecting(0, [...planArgs, ...FAST_LIMITS]));
    planRuns.push({ run: plan.result, calls: plan.calls });
    const script = await countedCalls(ctx, async () => {
      const started = performance.now();
      const read = await minimalSequentialRead(idp, POOL.pool);
      if (read !== N) throw new Error(`the sequential script read ${read} users, expected ${N}`);
      return performance.now() - started;
    });
    scriptRuns.push({ wallMs: script.result, calls: script.calls });
    log(`  run ${r}: plan ${seconds(plan.result.wallMs)} (peak RSS ${mb(plan.result.peakRssMb)}, ${int(sumCalls(plan.calls))} calls); script ${seconds(script.result)} (${int(sumCalls(script.calls))} calls)`);
  }
  const planWall = median(planRuns.map((p) => p.run.wallMs));
  const planRss = median(planRuns.map((p) => p.run.peakRssMb));
  memory.push({ users: N, peakRssMb: planRss, wallMs: planWall });
  const scriptWall = median(scriptRuns.map((s) => s.wallMs));
  const minimum = minimumPlanCalls(N, G);

  const defaults = await countedCalls(ctx, () => runCliExpecting(0, planArgs));
  log(`  with the default rate limits: ${seconds(defaults.result.wallMs)} (${int(sumCalls(defaults.calls))} calls)`);

  // Where plan's time goes: Node + CLI start-up, loading and validating the file, AWS calls.
  const versionRuns: number[] = [];
  for (let r = 0; r < 3; r++) versionRuns.push((await runCliExpecting(0, ["--version"])).wallMs);
  const startup = median(versionRuns);
  const validate = await runCliExpecting(0, ["validate", "-f", planFile]);
  const debugRun = await runCliExpecting(0, [...planArgs, ...FAST_LIMITS, "--log-level", "debug"]);
  const breakdown = { startupMs: startup, validateMs: validate.wallMs, validatePeakRssMb: validate.peakRssMb, ...debugBreakdown(debugRun) };
  log(
    `  breakdown (one run, --log-level debug): ${seconds(breakdown.wallMs)} = ${seconds(breakdown.beforeFirstCallMs)} before the first AWS call` +
      ` + ${seconds(breakdown.inCallsMs)} in ${breakdown.calls} calls + ${seconds(breakdown.betweenCallsMs)} between calls + ${seconds(breakdown.afterLastCallMs)} after the last;` +
      ` --version takes ${seconds(startup)}, validate ${seconds(validate.wallMs)} (peak RSS ${mb(validate.peakRssMb)})`,
  );

  // 3. apply of M new users, then the same work by a hand-written concurrent SDK loop.
  log(`\n3. apply of ${int(M)} new users with memberships (--concurrency ${C})`);
  const applyFile = writeFile(ctx, "apply.yaml", { ...POOL, groups: G, users: { from: 0, to: N + M } });
  const applyArgs = ["apply", "--auto-approve", "--concurrency", String(C), ...target(ctx, applyFile), ...FAST_LIMITS];
  const apply = await countedCalls(ctx, () => runCli(applyArgs, { marks: { applying: /^Applying:$/, result: /\[\d+\.\d+s\]$/ } }));
  const applyRun = apply.result;
  // An operation fails only when every attempt failed (e.g. repeated HTTP 5xx from the endpoint).
  // The run is still reported, marked as such, and a second apply must finish the work.
  const applyFailures = applyRun.stdout.split("\n").filter((line) => line.includes(": FAILED: "));
  let rerun: { wallMs: number; code: number } | undefined;
  if (applyRun.code !== 0) {
    log(`  apply exited ${applyRun.code}; ${applyFailures.length} operations failed:\n${applyFailures.slice(0, 10).join("\n")}\n${applyRun.stderr.trim().split("\n").slice(-3).join("\n")}`);
    const second = await runCliExpecting(0, applyArgs);
    rerun = { wallMs: second.wallMs, code: second.code };
    log(`  a second apply finished the work in ${seconds(second.wallMs)}`);
  } else {
    const expectedComplete = `Apply complete: ${M} operation${M === 1 ? "" : "s"}; live state matches the file.`;
    if (!applyRun.stdout.includes(expectedComplete)) throw new Error(`apply did not report "${expectedComplete}"`);
  }
  const applyPhases = {
    planMs: applyRun.marks.applying?.first ?? NaN,
    executeMs: (applyRun.marks.result?.last ?? NaN) - (applyRun.marks.applying?.first ?? NaN),
    verifyMs: applyRun.wallMs - (applyRun.marks.result?.last ?? NaN),
  };
  log(
    `  cognito-reconcile apply: ${seconds(applyRun.wallMs)} (plan ${seconds(applyPhases.planMs)}, operations ${seconds(applyPhases.executeMs)},` +
      ` verification ${seconds(applyPhases.verifyMs)}), peak RSS ${mb(applyRun.peakRssMb)}, ${int(sumCalls(apply.calls))} calls`,
  );
  const applyRetried = (apply.calls.AdminCreateUser ?? 0) + (apply.calls.AdminAddUserToGroup ?? 0) - 2 * M;
  log(`  ${int(applyRetried)} of its user calls were retries after HTTP 5xx${applyFailures.length ? `; ${applyFailures.length} operations failed after 8 attempts` : ""}`);
  const after = await runCli(["plan", "--detailed-exitcode", ...target(ctx, applyFile), ...FAST_LIMITS]);
  log(`  plan --detailed-exitcode after apply: exit ${after.code}`);
  if (after.code !== 0) throw new Error(`plan --detailed-exitcode after apply exited ${after.code}, expected 0\n${after.stdout.slice(-2000)}\n${after.stderr.slice(-2000)}`);

  log(`  the hand-written loop gets a pool of its own, seeded alike (${int(N)} users): moto's cost per user call grows with the pool`);
  const loopPoolId = await createPool(ctx, LOOP_POOL);
  seedMs += await seed(ctx, loopPoolId, LOOP_POOL.pool, 0, N);
  const loopRetriedBefore = retried.count;
  const loop = await countedCalls(ctx, async () => {
    const started = performance.now();
    const failed = await createUsers(idp, loopPoolId, { from: N, to: N + M, groups: G, concurrency: C, attempts: CLI_ATTEMPTS });
    return { wallMs: performance.now() - started, failed };
  });
  const loopRetried = retried.count - loopRetriedBefore;
  log(`  concurrent SDK loop (${C} at a time): ${seconds(loop.result.wallMs)}, ${int(sumCalls(loop.calls))} calls (${int(loopRetried)} retried after HTTP 5xx)`);
  let loopRerun: { wallMs: number } | undefined;
  if (loop.result.failed.length > 0) {
    // Like the CLI's failed operations: reported, then finished by a second pass.
    log(`  ${loop.result.failed.length} users failed after ${CLI_ATTEMPTS} attempts, e.g. user ${loop.result.failed[0]!.user}: ${loop.result.failed[0]!.error}`);
    const started = performance.now();
    for (const { user } of loop.result.failed) {
      const again = await createUsers(idp, loopPoolId, { from: user, to: user + 1, groups: G, concurrency: 1, attempts: SEED_ATTEMPTS });
      if (again.length > 0) throw new Error(`the loop's second pass failed for user ${user}: ${again[0]!.error}`);
    }
    loopRerun = { wallMs: performance.now() - started };
    log(`  a second pass finished them in ${seconds(loopRerun.wallMs)}`);
  }

  // 4. Results.
  const loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  const results = {
    machine: { ...host, loadAverageAtEnd },
    command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
    options: { users: N, groups: G, applyUsers: M, concurrency: C, runs },
    rateLimitOverrides: FAST_LIMITS.filter((_, i) => i % 2 === 1),
    seedMs,
    plan: {
      wallMs: planWall,
      runsMs: planRuns.map((p) => p.run.wallMs),
      peakRssMb: planRss,
      calls: planRuns[0]!.calls,
      minimumCalls: minimum,
      scriptWallMs: scriptWall,
      scriptRunsMs: scriptRuns.map((s) => s.wallMs),
      scriptCalls: scriptRuns[0]!.calls,
      ratioToScript: planWall / scriptWall,
      defaultLimits: { wallMs: defaults.result.wallMs, calls: defaults.calls },
      breakdown,
    },
    apply: {
      wallMs: applyRun.wallMs,
      phases: applyPhases,
      peakRssMb: applyRun.peakRssMb,
      calls: apply.calls,
      retried: applyRetried,
      exitCode: applyRun.code,
      failedOperations: applyFailures,
      rerun,
      loopRetried,
      loopWallMs: loop.result.wallMs,
      loopFailedUsers: loop.result.failed,
      loopRerun,
      loopCalls: loop.calls,
      ratioToLoop: applyRun.wallMs / loop.result.wallMs,
      planAfterApplyExit: after.code,
    },
    memory,
  };

  log(`\nload average at the end: ${loadAverageAtEnd.join(", ")}`);
  log(`\nResults: ${int(N)} users in ${G} groups; apply of ${int(M)} users; concurrency ${C}; median of ${runs} runs for plan and the script`);
  log(
    table(
      ["", "wall", "peak RSS", "API calls", "vs reference", "target"],
      [
        [`cognito-reconcile plan (${int(N)} users)`, seconds(planWall), mb(planRss), int(sumCalls(results.plan.calls)), ratio(planWall, scriptWall), "<= 1.50x"],
        ["  minimal sequential SDK script", seconds(scriptWall), "", int(sumCalls(results.plan.scriptCalls)), "", ""],
        ["  minimum calls", "", "", int(sumCalls(minimum)), "", ""],
        ["cognito-reconcile plan, default rate limits", seconds(defaults.result.wallMs), "", int(sumCalls(defaults.calls)), ratio(defaults.result.wallMs, scriptWall), ""],
        [`cognito-reconcile apply (${int(M)} new users)${applyRun.code ? `, exit ${applyRun.code}: ${applyFailures.length} failed` : ""}`, seconds(applyRun.wallMs), mb(applyRun.peakRssMb), int(sumCalls(apply.calls)), ratio(applyRun.wallMs, loop.result.wallMs), "<= 1.30x"],
        [`  concurrent SDK loop (${C} at a time)${loop.result.failed.length ? `: ${loop.result.failed.length} failed` : ""}`, seconds(loop.result.wallMs), "", int(sumCalls(loop.calls)), "", ""],
      ],
    ),
  );
  log(`\nplan: API calls by operation (counted at the emulator)`);
  log(callsTable({ plan: results.plan.calls, minimum, "SDK script": results.plan.scriptCalls, "plan, default limits": defaults.calls }));
  log(`\napply: API calls by operation`);
  log(callsTable({ apply: apply.calls, "SDK loop": loop.calls }));
  log(`\nplan: peak RSS by pool size`);
  log(table(["users", "peak RSS", "wall"], memory.map((m) => [int(m.users), mb(m.peakRssMb), seconds(m.wallMs)])));
  if (options.out) {
    writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
    log(`\nresults written to ${options.out}`);
  }
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
