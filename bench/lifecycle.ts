// What the bench started (the emulator, CLI runs, a temp dir) is undone at the end, on an error,
// and on SIGINT/SIGTERM/SIGHUP, so no process or file is left behind.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

type Cleanup = () => void | Promise<void>;

const cleanups: Cleanup[] = [];
let cleaning: Promise<void> | undefined;

/** Registers an undo step; they run last-registered first. */
export function atCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup);
}

export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        process.stderr.write(`bench: cleanup failed: ${(error as Error).message}\n`);
      }
    }
  })();
  return cleaning;
}

export function exitOnSignals(): void {
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143], ["SIGHUP", 129]] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping\n`);
      void cleanup().finally(() => process.exit(code));
    });
  }
}

/** The repository root: the nearest folder above this file with a package.json (works from bench/ and from its build output). */
export const REPO_ROOT = ((): string => {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${import.meta.dirname}`);
    dir = parent;
  }
  return dir;
})();

export const CLI = join(REPO_ROOT, "dist", "cli", "main.js");

/** The part of the built emulator launcher (dist/emulator/emulator.js) the bench uses. */
export interface Emulator {
  url: string;
  /** API calls received, by operation, counted at the emulator (throttled ones included). */
  calls(): Promise<Record<string, number>>;
  resetCalls(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the built emulator on a free loopback port with the given latency; it is stopped at cleanup. */
export async function startBuiltEmulator(latencyMs = 0): Promise<Emulator> {
  const launcher = join(REPO_ROOT, "dist", "emulator", "emulator.js");
  if (!existsSync(CLI) || !existsSync(launcher)) throw new Error(`${CLI} is missing: run npm ci (or npm run build) first`);
  const { startEmulator } = (await import(pathToFileURL(launcher).href)) as {
    startEmulator: (options?: { quiet?: boolean; latencyMs?: number }) => Promise<Emulator>;
  };
  const emulator = await startEmulator({ quiet: true, latencyMs });
  atCleanup(() => emulator.stop());
  return emulator;
}

/**
 * The emulator's run-time controls, called over HTTP on its loopback URL (so the bench works
 * whether or not the launcher has methods for them): POST /_emulator/latency {"ms"},
 * POST /_emulator/throttle {"share", "seed"}, GET /_emulator/throttled. An emulator without
 * them answers 404, and the control is reported as missing.
 */
export class EmulatorControls {
  private constructor(
    private readonly url: string,
    /** Whether POST /_emulator/latency works (probed at start). */
    readonly canSetLatency: boolean,
    /** Whether POST /_emulator/throttle works (probed at start). */
    readonly canThrottle: boolean,
  ) {}

  static async probe(emulator: Emulator, latencyMs: number): Promise<EmulatorControls> {
    const latency = await control(emulator.url, "POST", "/_emulator/latency", { ms: latencyMs });
    const throttle = await control(emulator.url, "POST", "/_emulator/throttle", { share: 0 });
    return new EmulatorControls(emulator.url, latency.ok, throttle.ok);
  }

  async setLatency(ms: number): Promise<void> {
    await expectOk(control(this.url, "POST", "/_emulator/latency", { ms }), "set the emulator's latency");
  }

  async setThrottle(share: number, seed?: number): Promise<void> {
    await expectOk(control(this.url, "POST", "/_emulator/throttle", seed === undefined ? { share } : { share, seed }), "set the emulator's throttling");
  }

  /** Calls answered with TooManyRequestsException so far, by operation. */
  async throttled(): Promise<Record<string, number>> {
    const answer = await expectOk(control(this.url, "GET", "/_emulator/throttled"), "read the emulator's throttled calls");
    return (answer.json ?? {}) as Record<string, number>;
  }
}

interface ControlAnswer {
  ok: boolean;
  status: number;
  json: unknown;
  text: string;
}

async function control(url: string, method: "GET" | "POST", route: string, body?: unknown): Promise<ControlAnswer> {
  const response = await fetch(`${url}${route}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { ok: response.ok, status: response.status, json, text };
}

async function expectOk(answer: Promise<ControlAnswer>, what: string): Promise<ControlAnswer> {
  const a = await answer;
  if (!a.ok) throw new Error(`could not ${what}: HTTP ${a.status} ${a.text.slice(0, 200)}`);
  return a;
}
