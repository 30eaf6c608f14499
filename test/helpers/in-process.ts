import pino from "pino";
import type { Output } from "../../src/cli/commands.js";

/** Output captured in memory, for running commands in-process against a mocked SDK. */
export function captureOutput(): Output & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    color: false,
    interactive: false,
    stdout: () => out,
    stderr: () => err,
  };
}

export const silentLogger = pino({ level: "silent" });

export const commonFlags = {
  adopt: false,
  allowDestroy: false,
  allowReplace: false,
  concurrency: 4,
} as const;
