import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";

const repoRoot = join(import.meta.dirname, "..", "..");
export const CLI = join(repoRoot, "dist", "cli", "main.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment a user would have against the emulator: fake keys, no profile, and no instance
 * metadata lookups (the tests must never leave loopback).
 */
export function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { AWS_PROFILE: _p, AWS_REGION: _r, AWS_DEFAULT_REGION: _d, ...rest } = process.env;
  return { ...rest, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_EC2_METADATA_DISABLED: "true", NO_COLOR: "1", ...extra };
}

/** How long a CLI run may take before it is killed and the test fails, unless a call says otherwise. */
export const DEFAULT_CLI_TIMEOUT_MS = 120_000;

export interface RunCliOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Kill the CLI after this many milliseconds and reject with what it printed so far. */
  timeoutMs?: number;
}

/**
 * Runs the built CLI as a user would, and resolves with its exit code and output. It rejects only
 * when the CLI outlives its bound: then it is killed, and the error names the command, the bound
 * and the output so far, so a hang fails within the bound instead of at the test's timeout.
 */
export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_CLI_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const child = execFile(process.execPath, [CLI, ...args], { env: cliEnv(options.env), cwd: options.cwd ?? repoRoot, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      clearTimeout(timer);
      if (timedOut) {
        reject(new Error(`cognito-reconcile ${args.join(" ")} did not finish within ${timeoutMs} ms and was killed\n--- stdout so far ---\n${stdout}\n--- stderr so far ---\n${stderr}`));
        return;
      }
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
  });
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** An SDK client for changing things "behind the tool's back" in tests. */
export function idpClient(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({ region: "us-east-1", endpoint, credentials: { accessKeyId: "test", secretAccessKey: "test" } });
}

/** Unique names per test file, so files can share one emulator. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
