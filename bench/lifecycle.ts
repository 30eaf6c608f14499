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
  /** From now on every AWS call waits this many milliseconds before it is answered. */
  setLatency(ms: number): Promise<void>;
  /** From now on this share of AWS calls is answered with TooManyRequestsException, not carried out. */
  setThrottle(share: number, seed?: number): Promise<void>;
  /** Calls answered as throttled since the last resetCalls(), by operation. */
  throttled(): Promise<Record<string, number>>;
}

/** Starts the built emulator on a free loopback port, answering at once; it is stopped at cleanup. */
export async function startBuiltEmulator(): Promise<Emulator> {
  const launcher = join(REPO_ROOT, "dist", "emulator", "emulator.js");
  if (!existsSync(CLI) || !existsSync(launcher)) throw new Error(`${CLI} is missing: run npm ci (or npm run build) first`);
  const { startEmulator } = (await import(pathToFileURL(launcher).href)) as {
    startEmulator: (options?: { quiet?: boolean }) => Promise<Emulator>;
  };
  const emulator = await startEmulator({ quiet: true });
  atCleanup(() => emulator.stop());
  return emulator;
}
