// `npm run bench`: cognito-reconcile on a pool of many users, against its own local emulator, at
// Cognito's default rate limits (the quotas the tool paces itself to), at each emulator latency.
//
// 1. seeds a pool (made by the CLI) with N users in G groups, with the AWS SDK at 0 ms latency;
// 2. at each latency (default 0 and 100 ms per call):
//    - `plan --detailed-exitcode` of the N users (median of R runs), interleaved with a minimal
//      sequential SDK read, against its quota-bound limit and the fewest list calls;
//    - `apply --auto-approve` of M new users with one membership each, against its quota-bound
//      limit; the M users are deleted again afterwards, so every apply starts from the same pool;
// 3. at one latency (0 ms), the same apply with 30% of AWS calls throttled: no operation may fail,
//    and the pool must end with exactly N+M users, each once.
// The built CLI (dist/cli/main.js) runs as a child process, as a user runs it; calls are counted at
// the emulator.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import type { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { atCleanup, cleanup, exitOnSignals, REPO_ROOT, startBuiltEmulator, type Emulator } from "./lifecycle.js";
import { parseOptions, USAGE, UsageError, type BenchOptions } from "./options.js";
import { applyBound, DEFAULT_RATE_LIMITS, quotaBound, type ApplyBound, type Bound } from "./quotas.js";
import { callsTable, int, mb, median, ratio, seconds, sumCalls, table } from "./report.js";
import { RSS_METHOD, RSS_METHOD_TEXT, runCli, runCliExpecting, type CliRun } from "./run-cli.js";
import { createUsers, deleteUsers, idpClient, minimalSequentialRead, poolEmails, poolIdByName, retried } from "./sdk.js";
import { benchUser, desiredState, minimumListCalls, minimumPlanCalls, type PoolFile } from "./workload.js";

const POOL = { stack: "bench-users", pool: "Bench-Users" };
/** Seeding and clean-up are not measured: many calls at once, each retried on an HTTP 5xx or throttling. */
const SEED_CONCURRENCY = 64;
const SEED_ATTEMPTS = 30;
/** The throttled apply: this share of AWS calls answered with TooManyRequestsException (seeded, so repeatable). */
const THROTTLE = { share: 0.3, seed: 42 };
/** The targets, at 100 ms per call. */
const TARGETS = { latencyMs: 100, planToLimit: 1.25, planToScript: 0.4, extraListCalls: 16, applyToLimit: 1.2 };
/** A line of apply's report for one operation: done (with its time), failed or skipped. */
const RESULT_LINE = /\[\d+\.\d+s\]$|: FAILED: |: skipped, because /;

const log = (text = ""): void => void process.stdout.write(`${text}\n`);
const round2 = (n: number): number => Math.round(n * 100) / 100;
const loadAverage = (): number[] => os.loadavg().map(round2);

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
    loadAverage: loadAverage(),
  };
}

/** The commit measured, and whether the working tree had changes (then the commit alone does not say what ran). */
function gitInfo(): { commit: string; dirty: boolean | "unknown" } {
  const head = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO_ROOT, encoding: "utf8" });
  const status = spawnSync("git", ["status", "--porcelain"], { cwd: REPO_ROOT, encoding: "utf8" });
  return {
    commit: head.status === 0 ? head.stdout.trim() : "unknown",
    dirty: status.status === 0 ? status.stdout.trim() !== "" : "unknown",
  };
}

/** An emulator holding the seeded pool, and the latency it answers with now. */
interface Env {
  emulator: Emulator;
  idp: CognitoIdentityProviderClient;
  poolId: string;
  latencyMs: number;
  seedMs: number;
}

interface Context {
  options: BenchOptions;
  dir: string;
  poolFile: string;
  planFile: string;
  applyFile: string;
  /** --concurrency, only when the option was given. */
  concurrency: string[];
  /** Correctness checks that failed (not targets missed): the bench then exits 1. */
  failures: string[];
}

function check(ctx: Context, ok: boolean, what: string): boolean {
  if (!ok) {
    ctx.failures.push(what);
    log(`  CHECK FAILED: ${what}`);
  }
  return ok;
}

function writeFile(dir: string, name: string, file: PoolFile): string {
  const path = join(dir, name);
  writeFileSync(path, desiredState(file));
  return path;
}

const target = (env: Env, file: string): string[] => ["-f", file, "--endpoint-url", env.emulator.url];

async function countedCalls<T>(env: Env, work: () => Promise<T>): Promise<{ result: T; calls: Record<string, number> }> {
  await env.emulator.resetCalls();
  const result = await work();
  return { result, calls: await env.emulator.calls() };
}

/** Runs unmeasured work (checks, clean-up) at 0 ms, then restores the latency. */
async function atZeroLatency<T>(env: Env, work: () => Promise<T>): Promise<T> {
  if (env.latencyMs === 0) return work();
  await env.emulator.setLatency(0);
  try {
    return await work();
  } finally {
    await env.emulator.setLatency(env.latencyMs);
  }
}

/** Creates the pool and its groups with the CLI (users left unmanaged), then seeds N users with the SDK. */
async function seedPool(ctx: Context, emulator: Emulator): Promise<Env> {
  const { users: N, groups: G } = ctx.options;
  const idp = idpClient(emulator.url);
  atCleanup(() => idp.destroy());
  const started = performance.now();
  await runCliExpecting(0, ["apply", "--auto-approve", "-f", ctx.poolFile, "--endpoint-url", emulator.url]);
  const poolId = await poolIdByName(idp, POOL.pool);
  const retriedBefore = retried.count;
  let lastPrint = started;
  const show = (done: number) =>
    log(`  seeding: ${int(done)}/${int(N)} users (${int((done * 1000) / (performance.now() - started))}/s, ${int(retried.count - retriedBefore)} calls retried)`);
  const failed = await createUsers(idp, poolId, {
    from: 0,
    to: N,
    groups: G,
    concurrency: SEED_CONCURRENCY,
    attempts: SEED_ATTEMPTS,
    onProgress: (done) => {
      if (performance.now() - lastPrint < 5000) return;
      lastPrint = performance.now();
      show(done);
    },
  });
  if (failed.length > 0) throw new Error(`seeding failed for ${failed.length} users, e.g. user ${failed[0]!.user}: ${failed[0]!.error}`);
  show(N);
  const seedMs = performance.now() - started;
  log(`  seeded in ${seconds(seedMs)} at 0 ms per call`);
  return { emulator, idp, poolId, latencyMs: 0, seedMs };
}

// ------------------------------------------------------------------------------------------------
// plan
// ------------------------------------------------------------------------------------------------

interface PlanResult {
  runsMs: number[];
  wallMs: number;
  runsPeakRssMb: number[];
  peakRssMb: number;
  /** Calls by operation of each run, counted at the emulator. */
  runsCalls: Record<string, number>[];
  calls: Record<string, number>;
  /** Quota-bound limit of each run's calls; `limit` is the median run's. */
  limit: Bound;
  ratioToLimit: number;
  script: { runsMs: number[]; wallMs: number; calls: Record<string, number> };
  ratioToScript: number;
  listCalls: { made: number; runsMade: number[]; minimum: number; extra: number };
  minimumCalls: Record<string, number>;
}

const listCallsOf = (calls: Record<string, number>): number => (calls.ListUsers ?? 0) + (calls.ListUsersInGroup ?? 0);

async function measurePlan(ctx: Context, env: Env): Promise<PlanResult> {
  const { users: N, groups: G, runs } = ctx.options;
  const planArgs = ["plan", "--detailed-exitcode", ...target(env, ctx.planFile), ...ctx.concurrency];
  const planRuns: { run: CliRun; calls: Record<string, number> }[] = [];
  const scriptRuns: { wallMs: number; calls: Record<string, number> }[] = [];
  for (let r = 1; r <= runs; r++) {
    const plan = await countedCalls(env, () => runCliExpecting(0, planArgs));
    planRuns.push({ run: plan.result, calls: plan.calls });
    const script = await countedCalls(env, async () => {
      const started = performance.now();
      const read = await minimalSequentialRead(env.idp, POOL.pool);
      if (read !== N) throw new Error(`the sequential script read ${read} users, expected ${N}`);
      return performance.now() - started;
    });
    scriptRuns.push({ wallMs: script.result, calls: script.calls });
    log(
      `  run ${r}: plan ${seconds(plan.result.wallMs)} (peak RSS ${mb(plan.result.peakRssMb)}, ${int(sumCalls(plan.calls))} calls, ` +
        `${int(listCallsOf(plan.calls))} list calls); script ${seconds(script.result)} (${int(sumCalls(script.calls))} calls)`,
    );
  }
  const wallMs = median(planRuns.map((p) => p.run.wallMs));
  // The run whose wall time is the median (the lower middle one for an even number of runs).
  const byWall = [...planRuns].sort((a, b) => a.run.wallMs - b.run.wallMs);
  const medianRun = byWall[Math.floor((byWall.length - 1) / 2)]!;
  const limit = quotaBound(medianRun.calls);
  const scriptWall = median(scriptRuns.map((s) => s.wallMs));
  const runsMade = planRuns.map((p) => listCallsOf(p.calls));
  const made = listCallsOf(medianRun.calls);
  const minimum = minimumListCalls(N, G);
  return {
    runsMs: planRuns.map((p) => p.run.wallMs),
    wallMs,
    runsPeakRssMb: planRuns.map((p) => p.run.peakRssMb),
    peakRssMb: median(planRuns.map((p) => p.run.peakRssMb)),
    runsCalls: planRuns.map((p) => p.calls),
    calls: medianRun.calls,
    limit,
    ratioToLimit: wallMs / (limit.seconds * 1000),
    script: { runsMs: scriptRuns.map((s) => s.wallMs), wallMs: scriptWall, calls: scriptRuns[0]!.calls },
    ratioToScript: wallMs / scriptWall,
    listCalls: { made, runsMade, minimum, extra: made - minimum },
    minimumCalls: minimumPlanCalls(N, G),
  };
}

// ------------------------------------------------------------------------------------------------
// apply
// ------------------------------------------------------------------------------------------------

interface ApplyResult {
  wallMs: number;
  /** From spawn to `Applying:` (load the file, read), to the last operation's line, to exit (verification read). */
  phases: { readBeforeMs: number; operationsMs: number; readAfterMs: number };
  peakRssMb: number;
  calls: Record<string, number>;
  /** Calls counted when `Applying:` appeared (the read before). */
  callsAtApplying: Record<string, number>;
  limit: ApplyBound;
  ratioToLimit: number;
  exitCode: number;
  /** The report's closing line said every operation was carried out and live state matches. */
  converged: boolean;
  failedOperations: string[];
  planAfterApplyExit: number;
  /** Only for the throttled apply. */
  throttle?: {
    share: number;
    seed: number;
    throttled: Record<string, number>;
    usersAfter: number;
    duplicates: string[];
    missing: number;
  };
  /** Deleting the M users again afterwards (not measured). */
  cleanupMs: number;
}

async function measureApply(ctx: Context, env: Env, throttled: boolean): Promise<ApplyResult> {
  const { users: N, groups: G, applyUsers: M } = ctx.options;
  const applyArgs = ["apply", "--auto-approve", ...target(env, ctx.applyFile), ...ctx.concurrency];
  let atApplying: Promise<Record<string, number>> | undefined;
  let run: CliRun;
  let calls: Record<string, number>;
  try {
    // The reset clears the throttled counts too.
    await env.emulator.resetCalls();
    if (throttled) await env.emulator.setThrottle(THROTTLE.share, THROTTLE.seed);
    run = await runCli(applyArgs, {
      marks: { applying: /^Applying:$/, result: RESULT_LINE },
      onLine: (line) => {
        // The read before is over when this line appears: what the emulator has counted by now.
        if (!atApplying && line === "Applying:") atApplying = env.emulator.calls();
      },
    });
    calls = await env.emulator.calls();
  } finally {
    if (throttled) await env.emulator.setThrottle(0);
  }
  const callsAtApplying = atApplying ? await atApplying : calls;
  const throttledNow = throttled ? await env.emulator.throttled() : {};

  const failedOperations = run.stdout.split("\n").filter((line) => line.includes(": FAILED: "));
  const expectedComplete = `Apply complete: ${M} operation${M === 1 ? "" : "s"}; live state matches the file.`;
  const converged = run.code === 0 && run.stdout.includes(expectedComplete);
  const applyingAt = run.marks.applying?.first ?? NaN;
  const lastResultAt = run.marks.result?.last ?? NaN;
  const phases = { readBeforeMs: applyingAt, operationsMs: lastResultAt - applyingAt, readAfterMs: run.wallMs - lastResultAt };
  const limit = applyBound(callsAtApplying, calls);
  const label = throttled ? `apply with ${THROTTLE.share * 100}% throttled` : "apply";
  log(
    `  ${label}: ${seconds(run.wallMs)} (read before ${seconds(phases.readBeforeMs)}, operations ${seconds(phases.operationsMs)}, read after ${seconds(phases.readAfterMs)}),` +
      ` peak RSS ${mb(run.peakRssMb)}, ${int(sumCalls(calls))} calls, exit ${run.code}`,
  );
  log(
    `    quota-bound limit ${seconds(limit.seconds * 1000)} = ${int(limit.readBeforeListCalls)} list calls / ${DEFAULT_RATE_LIMITS.UserList} (${seconds(limit.readBeforeSeconds * 1000)})` +
      ` + ${limit.writes.category ?? "no writes"} (${seconds(limit.writes.seconds * 1000)}) + ${int(limit.readAfterListCalls)} list calls / ${DEFAULT_RATE_LIMITS.UserList} (${seconds(limit.readAfterSeconds * 1000)});` +
      ` ratio ${ratio(run.wallMs, limit.seconds * 1000)}`,
  );
  if (throttled) log(`    throttled answers: ${int(sumCalls(throttledNow))} (${Object.entries(throttledNow).map(([op, n]) => `${op} ${int(n)}`).join(", ") || "none"})`);
  check(ctx, run.code === 0, `${label} at ${env.latencyMs} ms exited ${run.code}${failedOperations.length ? ` with ${failedOperations.length} failed operations, e.g. ${failedOperations[0]!.trim()}` : ""}`);
  if (run.code !== 0) log(`    stderr (end): ${run.stderr.trim().split("\n").slice(-3).join("\n    ")}`);
  check(ctx, run.code !== 0 || converged, `${label} at ${env.latencyMs} ms did not print "${expectedComplete}"`);

  // Not measured: the state after, then back to N users for the next apply.
  const after = await atZeroLatency(env, () => runCli(["plan", "--detailed-exitcode", ...target(env, ctx.applyFile)]));
  log(`    plan --detailed-exitcode after ${label}: exit ${after.code}`);
  check(ctx, after.code === 0, `plan --detailed-exitcode after ${label} at ${env.latencyMs} ms exited ${after.code}, expected 0`);
  let throttle: ApplyResult["throttle"];
  if (throttled) {
    const { users, emails } = await atZeroLatency(env, () => poolEmails(env.idp, env.poolId));
    const duplicates = [...emails].filter(([, n]) => n > 1).map(([email]) => email);
    let missing = 0;
    for (let i = 0; i < N + M; i++) if (!emails.has(benchUser(i, G).username)) missing += 1;
    throttle = { share: THROTTLE.share, seed: THROTTLE.seed, throttled: throttledNow, usersAfter: users, duplicates, missing };
    log(`    users in the pool afterwards: ${int(users)} (expected ${int(N + M)}), ${duplicates.length} duplicated, ${missing} missing`);
    check(ctx, failedOperations.length === 0, `${label}: ${failedOperations.length} operations failed`);
    check(ctx, users === N + M && duplicates.length === 0 && missing === 0, `${label}: the pool has ${users} users, expected ${N + M} each once (${duplicates.length} duplicated, ${missing} missing)`);
  }
  const cleanupStarted = performance.now();
  const notDeleted = await atZeroLatency(env, () => deleteUsers(env.idp, env.poolId, { from: N, to: N + M, groups: G, concurrency: SEED_CONCURRENCY, attempts: SEED_ATTEMPTS }));
  if (notDeleted.length > 0) throw new Error(`could not delete ${notDeleted.length} applied users again, e.g. user ${notDeleted[0]!.user}: ${notDeleted[0]!.error}`);
  const cleanupMs = performance.now() - cleanupStarted;

  return {
    wallMs: run.wallMs,
    phases,
    peakRssMb: run.peakRssMb,
    calls,
    callsAtApplying,
    limit,
    ratioToLimit: run.wallMs / (limit.seconds * 1000),
    exitCode: run.code,
    converged,
    failedOperations,
    planAfterApplyExit: after.code,
    ...(throttle ? { throttle } : {}),
    cleanupMs,
  };
}

// ------------------------------------------------------------------------------------------------
// main
// ------------------------------------------------------------------------------------------------

interface LatencyResult {
  latencyMs: number;
  plan: PlanResult;
  apply: ApplyResult;
  throttledApply?: ApplyResult;
}

/** Why the throttled apply runs at 0 ms: see the comment at its call. */
function throttleLatencyOf(latencies: number[]): number {
  return latencies.includes(0) ? 0 : Math.min(...latencies);
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
  const started = performance.now();
  const { users: N, groups: G, applyUsers: M, runs, latencies } = options;
  const host = machine();
  const git = gitInfo();
  const cliVersion = (await runCli(["--version"])).stdout.trim();
  log(`cognito-reconcile benchmark: ${int(N)} users in ${G} groups, apply of ${int(M)}, ${runs} run${runs === 1 ? "" : "s"} of plan, latencies ${latencies.map((l) => `${l} ms`).join(", ")}`);
  log(`commit ${git.commit}${git.dirty === true ? " (working tree has changes)" : git.dirty === "unknown" ? " (tree state unknown)" : ""}, cognito-reconcile ${cliVersion}`);
  log(`machine: ${host.nproc} CPUs (${host.cpu}), ${host.memoryGiB} GiB, ${host.os}, node ${host.node}, moto ${host.moto}`);
  log(`load average at start: ${host.loadAverage.join(", ")}; peak RSS measured with ${RSS_METHOD_TEXT}`);
  log(`the CLI runs at Cognito's default rate limits (no --rate-limit), ${options.concurrency ? `--concurrency ${options.concurrency}` : "its default --concurrency"}`);

  const dir = mkdtempSync(join(os.tmpdir(), "cognito-reconcile-bench-"));
  atCleanup(() => rmSync(dir, { recursive: true, force: true }));
  const ctx: Context = {
    options,
    dir,
    poolFile: writeFile(dir, "pool.yaml", { ...POOL, groups: G }),
    planFile: writeFile(dir, "plan.yaml", { ...POOL, groups: G, users: { from: 0, to: N } }),
    applyFile: writeFile(dir, "apply.yaml", { ...POOL, groups: G, users: { from: 0, to: N + M } }),
    concurrency: options.concurrency ? ["--concurrency", String(options.concurrency)] : [],
    failures: [],
  };

  // One emulator, seeded once at 0 ms, whose latency is changed between the measurements.
  const emulator = await startBuiltEmulator();
  log(`emulator at ${emulator.url}; files in ${dir}`);
  log("the emulator's latency is set for each measurement (POST /_emulator/latency)");

  // The throttled apply checks correctness (no failed operation, no duplicate user), not time. At
  // 0 ms the throttled answers come back at once, so the retries of many operations pile up
  // closest together against the client's limiter and the same users: the harshest case, and the
  // shortest run.
  const throttleLatency = throttleLatencyOf(latencies);

  log(`\nseed: pool ${POOL.pool} with ${G} groups (cognito-reconcile apply), then ${int(N)} users with the SDK, ${SEED_CONCURRENCY} at a time, at 0 ms`);
  const env = await seedPool(ctx, emulator);
  const seedMs = env.seedMs;
  const results: LatencyResult[] = [];
  for (const latencyMs of latencies) {
    log(`\n=== ${latencyMs} ms per AWS call ===`);
    await env.emulator.setLatency(latencyMs);
    env.latencyMs = latencyMs;

    log(`plan of ${int(N)} users (${runs} run${runs === 1 ? "" : "s"}, interleaved with the minimal sequential SDK script)`);
    const plan = await measurePlan(ctx, env);
    log(
      `  plan ${seconds(plan.wallMs)} (median), quota-bound limit ${seconds(plan.limit.seconds * 1000)} (${plan.limit.category}), ratio ${ratio(plan.wallMs, plan.limit.seconds * 1000)};` +
        ` script ${seconds(plan.script.wallMs)}, ratio ${ratio(plan.wallMs, plan.script.wallMs)}; list calls ${int(plan.listCalls.made)} (minimum ${int(plan.listCalls.minimum)}, ${plan.listCalls.extra >= 0 ? "+" : ""}${plan.listCalls.extra})`,
    );
    log(`  plan: calls by operation (counted at the emulator; plan's median run)`);
    log(indent(callsTable({ plan: plan.calls, minimum: plan.minimumCalls, "SDK script": plan.script.calls }), 4));

    log(`apply of ${int(M)} new users, one membership each`);
    const apply = await measureApply(ctx, env, false);
    const result: LatencyResult = { latencyMs, plan, apply };
    if (latencyMs === throttleLatency) {
      log(`apply of ${int(M)} new users with ${THROTTLE.share * 100}% of AWS calls throttled (seed ${THROTTLE.seed})`);
      result.throttledApply = await measureApply(ctx, env, true);
    }
    const columns: Record<string, Record<string, number>> = { apply: apply.calls, "apply, by Applying:": apply.callsAtApplying };
    if (result.throttledApply) {
      columns["throttled apply"] = result.throttledApply.calls;
      columns["throttled answers"] = result.throttledApply.throttle?.throttled ?? {};
    }
    log(`  apply: calls by operation (counted at the emulator, throttled ones included)`);
    log(indent(callsTable(columns), 4));
    results.push(result);
  }

  const loadAverageAtEnd = loadAverage();
  const totalMs = performance.now() - started;
  log(`\nload average at the end: ${loadAverageAtEnd.join(", ")}; the bench took ${seconds(totalMs)}, ${seconds(seedMs)} of it seeding`);
  log(`\nResults: ${int(N)} users in ${G} groups, apply of ${int(M)}; Cognito's default rate limits; plan: median of ${runs}; commit ${git.commit}${git.dirty === true ? " (dirty)" : ""}`);
  log(summaryTable(results, options));
  log(
    `targets at ${TARGETS.latencyMs} ms: plan <= ${TARGETS.planToLimit.toFixed(2)}x its limit and <= ${TARGETS.planToScript.toFixed(2)}x the script;` +
      ` at most ${TARGETS.extraListCalls} list calls over the minimum; apply <= ${TARGETS.applyToLimit.toFixed(2)}x its limit;` +
      ` throttled apply: no failed operation, ${int(N + M)} users each once`,
  );
  const missed = targetsMissed(results);
  const assessed = results.some((r) => r.latencyMs === TARGETS.latencyMs);
  if (!assessed) log(`no run at ${TARGETS.latencyMs} ms: only the list-call target is assessed`);
  log(missed.length ? `targets missed:\n${missed.map((m) => `  - ${m}`).join("\n")}` : assessed ? "every target met" : "the list-call target is met");
  log(ctx.failures.length ? `checks FAILED:\n${ctx.failures.map((f) => `  - ${f}`).join("\n")}` : "every check passed");

  if (options.out) {
    const json = {
      command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
      git,
      cliVersion,
      machine: { ...host, loadAverageAtEnd },
      options: { ...options, concurrency: options.concurrency ?? "CLI default" },
      rateLimits: "Cognito's defaults (no --rate-limit)",
      defaultRateLimits: DEFAULT_RATE_LIMITS,
      throttle: { ...THROTTLE, latencyMs: throttleLatency },
      targets: TARGETS,
      seedMs,
      totalMs,
      latencies: results,
      targetsMissed: missed,
      checksFailed: ctx.failures,
    };
    writeFileSync(options.out, `${JSON.stringify(json, null, 2)}\n`);
    log(`\nresults written to ${options.out}`);
  }
  if (ctx.failures.length) process.exitCode = 1;
}

function indent(text: string, spaces: number): string {
  return text
    .split("\n")
    .map((line) => " ".repeat(spaces) + line)
    .join("\n");
}

function throttledOutcome(r: LatencyResult, N: number, M: number): string {
  const t = r.throttledApply;
  if (!t?.throttle) return "";
  const failed = t.failedOperations.length;
  const exact = t.throttle.usersAfter === N + M && t.throttle.duplicates.length === 0 && t.throttle.missing === 0;
  return `${failed} failed, ${int(t.throttle.usersAfter)} users${exact ? " each once" : ` (${t.throttle.duplicates.length} dup, ${t.throttle.missing} missing)`}, ${seconds(t.wallMs)}`;
}

function summaryTable(results: LatencyResult[], options: BenchOptions): string {
  const { users: N, applyUsers: M } = options;
  const rows = results.map((r) => [
    `${r.latencyMs} ms`,
    seconds(r.plan.wallMs),
    seconds(r.plan.limit.seconds * 1000),
    ratio(r.plan.wallMs, r.plan.limit.seconds * 1000),
    seconds(r.plan.script.wallMs),
    ratio(r.plan.wallMs, r.plan.script.wallMs),
    `${int(r.plan.listCalls.made)} / ${int(r.plan.listCalls.minimum)}`,
    mb(r.plan.peakRssMb),
    `${seconds(r.apply.wallMs)}${r.apply.exitCode ? ` (exit ${r.apply.exitCode})` : ""}`,
    seconds(r.apply.limit.seconds * 1000),
    ratio(r.apply.wallMs, r.apply.limit.seconds * 1000),
    mb(r.apply.peakRssMb),
    throttledOutcome(r, N, M),
  ]);
  rows.push([
    `target (${TARGETS.latencyMs} ms)`,
    "",
    "",
    `<= ${TARGETS.planToLimit.toFixed(2)}x`,
    "",
    `<= ${TARGETS.planToScript.toFixed(2)}x`,
    `<= min + ${TARGETS.extraListCalls}`,
    "",
    "",
    "",
    `<= ${TARGETS.applyToLimit.toFixed(2)}x`,
    "",
    "0 failed, N+M once",
  ]);
  return table(
    ["latency", "plan", "limit", "plan/limit", "script", "plan/script", "list calls / min", "plan RSS", "apply", "limit", "apply/limit", "apply RSS", "throttled apply (30%)"],
    rows,
  );
}

function targetsMissed(results: LatencyResult[]): string[] {
  const missed: string[] = [];
  for (const r of results) {
    const at = `${r.latencyMs} ms`;
    if (r.plan.listCalls.extra > TARGETS.extraListCalls) missed.push(`${at}: plan made ${r.plan.listCalls.extra} list calls over the minimum (target: at most ${TARGETS.extraListCalls})`);
    if (r.latencyMs !== TARGETS.latencyMs) continue;
    if (r.plan.ratioToLimit > TARGETS.planToLimit) missed.push(`${at}: plan ${r.plan.ratioToLimit.toFixed(2)}x its quota-bound limit (target ${TARGETS.planToLimit.toFixed(2)}x)`);
    if (r.plan.ratioToScript > TARGETS.planToScript) missed.push(`${at}: plan ${r.plan.ratioToScript.toFixed(2)}x the sequential script (target ${TARGETS.planToScript.toFixed(2)}x)`);
    if (r.apply.ratioToLimit > TARGETS.applyToLimit) missed.push(`${at}: apply ${r.apply.ratioToLimit.toFixed(2)}x its quota-bound limit (target ${TARGETS.applyToLimit.toFixed(2)}x)`);
  }
  return missed;
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
