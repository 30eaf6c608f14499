// Runs the built CLI as a child process, the way a user or a pipeline does, and measures it.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { atCleanup, CLI } from "./lifecycle.js";

export interface CliRun {
  args: string[];
  code: number;
  stdout: string;
  stderr: string;
  /** Wall-clock time (ms since the epoch) of the spawn. */
  startedAt: number;
  /** From spawn to exit, Node's start-up included. */
  wallMs: number;
  /** Peak resident set size of the CLI's process, in MiB. */
  peakRssMb: number;
  /** For each named pattern: ms after spawn of the first and the last stdout line that matched. */
  marks: Record<string, { first: number; last: number } | undefined>;
}

/**
 * How peak RSS is measured: GNU time's %M (the child's getrusage ru_maxrss) when /usr/bin/time
 * works, otherwise a wrapper that runs the CLI in its own process and reads
 * process.resourceUsage().maxRSS at exit. Both report the one Node process that runs the CLI.
 */
export const RSS_METHOD: "gnu-time" | "wrapper" = (() => {
  if (!existsSync("/usr/bin/time")) return "wrapper";
  const probe = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, "-e", ""], { encoding: "utf8" });
  return probe.status === 0 && /^\d+\s*$/m.test(probe.stderr) ? "gnu-time" : "wrapper";
})();

export const RSS_METHOD_TEXT =
  RSS_METHOD === "gnu-time" ? "GNU time (/usr/bin/time -f %M, the CLI process's ru_maxrss)" : "a wrapper process reading process.resourceUsage().maxRSS at exit";

const scratch = mkdtempSync(join(tmpdir(), "cognito-reconcile-bench-rss-"));
atCleanup(() => rmSync(scratch, { recursive: true, force: true }));
const running = new Set<ChildProcess>();
atCleanup(() => {
  // Each run is its own process group (GNU time would otherwise outlive a killed CLI or the reverse).
  for (const child of running) if (child.pid !== undefined) killGroup(child.pid);
});
let runNumber = 0;

function killGroup(pid: number): void {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}

/** Fake credentials and no profile: every call goes to the emulator named with --endpoint-url. */
function cliEnv(): NodeJS.ProcessEnv {
  const { AWS_PROFILE: _p, AWS_REGION: _r, AWS_DEFAULT_REGION: _d, ...rest } = process.env;
  return { ...rest, AWS_ACCESS_KEY_ID: "bench", AWS_SECRET_ACCESS_KEY: "bench", AWS_EC2_METADATA_DISABLED: "true", NO_COLOR: "1" };
}

export interface RunOptions {
  /** Named patterns whose first and last matching stdout lines are timed (CliRun.marks). */
  marks?: Record<string, RegExp>;
  /** Called with each stdout line as it arrives, e.g. to read the emulator's counts at a phase boundary. */
  onLine?: (line: string) => void;
}

export function runCli(args: string[], options: RunOptions = {}): Promise<CliRun> {
  const rssFile = join(scratch, `rss-${++runNumber}`);
  const [command, commandArgs] =
    RSS_METHOD === "gnu-time"
      ? ["/usr/bin/time", ["-f", "%M", "-o", rssFile, process.execPath, CLI, ...args]]
      : [process.execPath, [join(import.meta.dirname, "rss-wrapper.js"), rssFile, CLI, ...args]];
  const marks: CliRun["marks"] = Object.fromEntries(Object.keys(options.marks ?? {}).map((name) => [name, undefined]));
  const stdout: string[] = [];
  const stderr: Buffer[] = [];
  const startedAt = Date.now();
  const started = performance.now();
  const child = spawn(command, commandArgs, { env: cliEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true });
  running.add(child);
  createInterface({ input: child.stdout! }).on("line", (line) => {
    stdout.push(line);
    options.onLine?.(line);
    const at = performance.now() - started;
    for (const [name, pattern] of Object.entries(options.marks ?? {})) {
      if (!pattern.test(line)) continue;
      const mark = marks[name];
      marks[name] = { first: mark?.first ?? at, last: at };
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk));
  return new Promise((resolve, reject) => {
    child.once("error", (error) => {
      running.delete(child);
      reject(error);
    });
    child.once("close", (code, signal) => {
      const wallMs = performance.now() - started;
      running.delete(child);
      const kib = Number(existsSync(rssFile) ? readFileSync(rssFile, "utf8").trim().split("\n").pop() : NaN);
      resolve({
        args,
        startedAt,
        code: code ?? (signal ? 128 : 1),
        stdout: stdout.join("\n"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        wallMs,
        peakRssMb: kib / 1024,
        marks,
      });
    });
  });
}

/** Runs the CLI and fails the bench, showing its output, unless it exits with `expected`. */
export async function runCliExpecting(expected: number, args: string[], options: RunOptions = {}): Promise<CliRun> {
  const run = await runCli(args, options);
  if (run.code !== expected) {
    const tail = (text: string) => text.split("\n").slice(-15).join("\n");
    const failed = run.stdout.split("\n").filter((line) => line.includes(": FAILED: "));
    const failures = failed.length ? `\n--- failed operations (${failed.length})\n${failed.slice(0, 10).join("\n")}` : "";
    throw new Error(`cognito-reconcile ${args.join(" ")} exited ${run.code}, expected ${expected}${failures}\n--- stdout (end)\n${tail(run.stdout)}\n--- stderr (end)\n${tail(run.stderr)}`);
  }
  return run;
}
