// Starts and stops the local AWS emulator: moto's server plus the cognito-reconcile extensions
// in moto_ext.py, run as a Python child process on a loopback port.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface EmulatorOptions {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
  /** When false, the emulator's stderr (e.g. moto tracebacks) is copied to this process's stderr. Default true. */
  quiet?: boolean;
  /** Milliseconds every AWS call waits before it is answered, as on a real network (default 0). */
  latencyMs?: number;
  /** Share of AWS calls (0-1) answered as throttled from the start, as setThrottle (default 0). */
  throttle?: number;
  /** Seed of the pick of throttled calls (default 0). */
  throttleSeed?: number;
  /**
   * Check every AWS request after the first N against IAM, as AWS does (moto's
   * INITIAL_NO_AUTH_ACTION_COUNT): only an IAM user's or assumed role's access keys are accepted,
   * and a call their policies do not allow is refused (Cognito: AccessDeniedException; IAM:
   * AccessDenied). 0 checks from the first request; absent, nothing is checked. setIamEnforcement
   * turns the checks on or off at runtime, which is simpler for tests than counting requests.
   */
  enforceIam?: number;
}

/** IAM enforcement as it stands: off, or on with this many requests still let through unchecked. */
export interface IamEnforcement {
  on: boolean;
  uncheckedLeft?: number;
}

export interface Emulator {
  /** Base URL to use as the AWS SDK endpoint, e.g. http://127.0.0.1:4566 */
  url: string;
  port: number;
  /** Stops the emulator and resolves once its process has exited. */
  stop(): Promise<void>;
  /** AWS API requests received so far, by operation name. */
  calls(): Promise<Record<string, number>>;
  /** Clears the call counts and the throttled counts. */
  resetCalls(): Promise<void>;
  /**
   * Clears all emulated AWS state, the call and throttled counts; turns throttling off and puts the
   * start latency and the start IAM enforcement (enforceIam) back.
   */
  reset(): Promise<void>;
  /** From now on every AWS call waits this many milliseconds (0-60000) before it is answered. */
  setLatency(ms: number): Promise<void>;
  /**
   * From now on this share (0-1) of AWS calls, picked pseudo-randomly from the seed (default 0) so
   * runs repeat, is answered as AWS answers throttling and not carried out: Cognito
   * TooManyRequestsException ("Rate exceeded"), IAM Throttling. 0 turns it off.
   */
  setThrottle(share: number, seed?: number): Promise<void>;
  /** Calls answered as throttled so far, by operation name (they are counted by calls() too). */
  throttled(): Promise<Record<string, number>>;
  /**
   * From the next AWS request on, checks every request against IAM (true) or none (false). Set up
   * the IAM users, access keys and policies a test needs with any credentials first, then turn the
   * checks on: from then on only those users' keys are accepted.
   */
  setIamEnforcement(on: boolean): Promise<void>;
  /** Whether IAM is enforced, and how many requests of the enforceIam count are still unchecked. */
  iamEnforcement(): Promise<IamEnforcement>;
}

/** Raised when the emulator cannot start; the message is meant for the user as is. */
export class EmulatorStartError extends Error {
  constructor(
    message: string,
    /** The Python process's exit code when it exited before becoming ready (3 = moto missing). */
    readonly exitCode?: number,
  ) {
    super(message);
    this.name = "EmulatorStartError";
  }
}

const DEFAULT_HOST = "127.0.0.1";
const READY_TIMEOUT_MS = 30_000;
const KILL_GRACE_MS = 3_000;
const STDERR_TAIL_LINES = 20;
// moto_ext.py's exit code when it cannot listen; a picked free port can be taken in between.
const EXIT_CANNOT_LISTEN = 4;
const FREE_PORT_ATTEMPTS = 3;

export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const host = opts.host ?? DEFAULT_HOST;
  // The emulator accepts any credentials, so it must never be reachable from other machines.
  if (!isLoopbackHost(host)) {
    throw new EmulatorStartError(`refusing to listen on ${host}: the emulator accepts any credentials, use a loopback address such as 127.0.0.1`);
  }
  const quiet = opts.quiet ?? true;
  const latencyMs = opts.latencyMs ?? 0;
  const throttle = { share: opts.throttle ?? 0, seed: opts.throttleSeed ?? 0 };
  if (!(throttle.share >= 0 && throttle.share <= 1)) throw new EmulatorStartError(`invalid throttle ${throttle.share}: a share of calls from 0 to 1`);
  const enforceIam = opts.enforceIam;
  if (enforceIam !== undefined && !(Number.isInteger(enforceIam) && enforceIam >= 0)) {
    throw new EmulatorStartError(`invalid enforceIam ${enforceIam}: a whole number of unchecked requests from 0`);
  }
  const settings: LaunchSettings = { quiet, latencyMs, throttle, enforceIam };
  if (opts.port) return launch(host, opts.port, settings);

  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(host, await freePort(host), settings);
    } catch (err) {
      const portTaken = err instanceof EmulatorStartError && err.exitCode === EXIT_CANNOT_LISTEN;
      if (!portTaken || attempt >= FREE_PORT_ATTEMPTS) throw err;
    }
  }
}

/** Asks the OS for a free port by binding port 0, then releases it for the emulator. */
export function freePort(host = DEFAULT_HOST): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("could not determine a free port"))));
    });
  });
}

/** moto_ext.py ships as source next to this module; from dist/emulator it is under ../../src/emulator. */
export function motoExtPath(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, "moto_ext.py"), path.join(here, "..", "..", "src", "emulator", "moto_ext.py")];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new EmulatorStartError(`moto_ext.py not found (looked in ${candidates.join(", ")})`);
  return found;
}

function pythonCommand(): string {
  return process.env.COGNITO_RECONCILE_PYTHON || "python3";
}

interface LaunchSettings {
  quiet: boolean;
  latencyMs: number;
  throttle: { share: number; seed: number };
  enforceIam: number | undefined;
}

async function launch(host: string, port: number, { quiet, latencyMs, throttle, enforceIam }: LaunchSettings): Promise<Emulator> {
  const python = pythonCommand();
  const args = [motoExtPath(), "--host", host, "--port", String(port), "--latency", String(latencyMs), "--throttle", String(throttle.share), "--throttle-seed", String(Math.trunc(throttle.seed))];
  if (enforceIam !== undefined) args.push("--enforce-iam", String(enforceIam));
  // Own process group, so stop() can signal the server and anything it started in one go.
  // The stdin pipe is the server's lifeline: when this process dies, the pipe closes and the
  // server exits even if no 'exit' handler got to run (e.g. killed by a signal).
  const child = spawn(python, [...args, "--exit-with-stdin"], {
    // AWS managed policies exist in every account (arn:aws:iam::aws:policy/...); moto has them only
    // when asked, and then builds them each time its IAM state is created (about a second).
    env: { ...process.env, MOTO_IAM_LOAD_MANAGED_POLICIES: "true" },
    detached: true,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const stderr = collectStderr(child);
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const killOnExit = (): void => signalGroup(child, "SIGKILL");
  process.once("exit", killOnExit);
  exited.then(() => process.removeListener("exit", killOnExit), () => undefined);

  try {
    const url = await waitForReady(child, python, stderr.tail);
    // Before ready, stderr ends up in the start error instead, so it is not shown twice.
    if (!quiet) stderr.forward();
    return makeEmulator(url, port, child, exited);
  } catch (err) {
    await stopProcess(child, exited);
    throw err;
  }
}

interface StderrLog {
  /** The last lines the server wrote, for error messages. */
  tail: string[];
  /** From now on copy the server's stderr to ours (including what was held back so far). */
  forward(): void;
}

function collectStderr(child: ChildProcess): StderrLog {
  const tail: string[] = [];
  let forwarding = false;
  // Always drained: a full pipe would block the server.
  createInterface({ input: child.stderr! }).on("line", (line) => {
    tail.push(line);
    if (tail.length > STDERR_TAIL_LINES) tail.shift();
    if (forwarding) process.stderr.write(`${line}\n`);
  });
  return {
    tail,
    forward: () => {
      if (!forwarding && tail.length) process.stderr.write(`${tail.join("\n")}\n`);
      forwarding = true;
    },
  };
}

function waitForReady(child: ChildProcess, python: string, stderrTail: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // One line of reason reads well after a colon; a traceback reads better below.
    const describeStderr = (): string => {
      if (stderrTail.length === 0) return "";
      return stderrTail.length === 1 ? `: ${stderrTail[0]}` : `:\n${stderrTail.join("\n")}`;
    };
    const timer = setTimeout(() => {
      reject(new EmulatorStartError(`the emulator did not become ready within ${READY_TIMEOUT_MS / 1000} s${describeStderr()}`));
    }, READY_TIMEOUT_MS);
    const settle = (): void => clearTimeout(timer);

    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^ready (http:\/\/\S+)$/.exec(line);
      if (match?.[1]) {
        settle();
        resolve(match[1]);
      }
    });
    child.once("error", (err: NodeJS.ErrnoException) => {
      settle();
      const hint = err.code === "ENOENT" ? " (set COGNITO_RECONCILE_PYTHON to the Python that has moto installed)" : "";
      reject(new EmulatorStartError(`cannot run ${python}: ${err.message}${hint}`));
    });
    // 'close' rather than 'exit': by then stderr has been read to the end.
    child.once("close", (code, signal) => {
      settle();
      const how = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
      reject(new EmulatorStartError(`the emulator ${how} before it was ready${describeStderr()}`, code ?? undefined));
    });
  });
}

function makeEmulator(url: string, port: number, child: ChildProcess, exited: Promise<void>): Emulator {
  let stopping: Promise<void> | undefined;
  const emulator: Emulator = {
    url,
    port,
    stop: () => (stopping ??= stopProcess(child, exited)),
    calls: async () => (await request(url, "GET", "/_emulator/calls")) as Record<string, number>,
    resetCalls: async () => {
      await request(url, "POST", "/_emulator/calls/reset");
    },
    reset: async () => {
      // The server also turns throttling off and puts the start latency and IAM enforcement back on this reset.
      await request(url, "POST", "/moto-api/reset");
      await emulator.resetCalls();
    },
    setLatency: async (ms) => {
      await request(url, "POST", "/_emulator/latency", { ms });
    },
    setThrottle: async (share, seed) => {
      await request(url, "POST", "/_emulator/throttle", seed === undefined ? { share } : { share, seed });
    },
    throttled: async () => (await request(url, "GET", "/_emulator/throttled")) as Record<string, number>,
    setIamEnforcement: async (on) => {
      await request(url, "POST", "/_emulator/iam-enforcement", { on });
    },
    iamEnforcement: async () => (await request(url, "GET", "/_emulator/iam-enforcement")) as IamEnforcement,
  };
  return emulator;
}

async function request(baseUrl: string, method: string, route: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}${route}`, body === undefined ? { method } : { method, body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} failed: HTTP ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** SIGTERM to the process group, SIGKILL if it is still there after a grace period. */
async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return exited;
  signalGroup(child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), KILL_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}
