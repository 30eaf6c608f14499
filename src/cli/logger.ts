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
