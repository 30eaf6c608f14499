import { format } from "node:util";
import pino, { type Logger } from "pino";

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Logs go to stderr so stdout carries only the requested output (pipeable JSON). */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      // Defence in depth: even if a secret-bearing field reached a log call, it is not written.
      redact: { paths: ["*.TemporaryPassword", "*.ClientSecret", "*.client_secret", "*.temporaryPassword", "*.clientSecret"], censor: "(sensitive)" },
    },
    pino.destination({ dest: 2, sync: true }),
  );
}

const SDK_WARNING = /AWS SDK|@aws-sdk|@smithy/;
let routed = false;

/**
 * The AWS SDK writes notices meant for developers straight to stderr: console.warn (e.g. "multiple
 * credential sources detected" when a profile and access keys are both set) and process warnings
 * (e.g. its Node version support notice). A user of the CLI cannot act on them, and they bury the
 * one-line error that follows, so they go to the debug log instead. The CLI itself never uses
 * console.warn; other process warnings keep Node's handling.
 */
export function routeSdkWarnings(logger: Logger): void {
  if (routed) return;
  routed = true;
  console.warn = (...args: unknown[]) => logger.debug({ warning: format(...args).trim() }, "AWS SDK warning");
  const others = process.listeners("warning");
  process.removeAllListeners("warning");
  process.on("warning", (warning) => {
    if (SDK_WARNING.test(`${warning.name} ${warning.message}`)) logger.debug({ warning: warning.message }, "AWS SDK warning");
    else for (const listener of others) listener(warning);
  });
}
