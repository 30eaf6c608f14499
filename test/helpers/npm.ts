import { execFile } from "node:child_process";
import { cliEnv, type CliResult } from "./cli.js";

/**
 * Settings a developer or CI gives npm for the whole machine, kept when npm runs inside a test; every
 * other npm_* variable that `npm test` exports describes this repository's own package and run.
 */
const MACHINE_SETTINGS = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig", "npm_config_globalconfig"]);

/**
 * The environment npm and npx run in from a test: a user's shell (AWS test credentials as cliEnv
 * gives them), nothing of the npm run that started the tests, and no network. The cache that
 * `npm ci` filled is the only source of packages: a test must pass on a machine whose network is
 * loopback only.
 */
export function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(cliEnv()).filter(([name]) => !/^npm_/i.test(name) || MACHINE_SETTINGS.has(name.toLowerCase())));
  return { ...env, npm_config_offline: "true", npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", ...extra };
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Kill the command after this many milliseconds and reject with what it printed so far. */
  timeoutMs?: number;
}

/** Runs a command (npm, npx, a package's bin) and resolves with its exit code and output; rejects only when it outlives its bound. */
export function run(command: string, args: string[], options: RunOptions): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 180_000;
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { cwd: options.cwd, env: options.env ?? npmEnv(), maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs, killSignal: "SIGKILL" }, (error, stdout, stderr) => {
      if (error && error.killed) {
        reject(new Error(`${command} ${args.join(" ")} did not finish within ${timeoutMs} ms and was killed\n--- stdout so far ---\n${stdout}\n--- stderr so far ---\n${stderr}`));
        return;
      }
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end();
  });
}
