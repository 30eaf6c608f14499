import { z } from "zod";

const UNITS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;
type Unit = keyof typeof UNITS;
const DURATION = /^(\d+)(s|m|h|d)$/;

/** `15m`, `1h`, `30d` -> seconds; undefined when the text is not a duration. */
export function durationSeconds(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * UNITS[match[2] as Unit];
}

/**
 * The one way a duration is written in plans: the largest unit that holds it exactly, so `60m`,
 * `1h` and AWS's "60 minutes" all read `1h` and compare equal.
 */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return "0s";
  for (const unit of ["d", "h", "m"] as const) {
    if (seconds % UNITS[unit] === 0) return `${seconds / UNITS[unit]}${unit}`;
  }
  return `${seconds}s`;
}

/** The largest AWS token-validity unit that holds `seconds` exactly, with the amount in it. */
export function inLargestUnit(seconds: number): { amount: number; unit: "seconds" | "minutes" | "hours" | "days" } {
  if (seconds % UNITS.d === 0) return { amount: seconds / UNITS.d, unit: "days" };
  if (seconds % UNITS.h === 0) return { amount: seconds / UNITS.h, unit: "hours" };
  if (seconds % UNITS.m === 0) return { amount: seconds / UNITS.m, unit: "minutes" };
  return { amount: seconds, unit: "seconds" };
}

const UNIT_NAMES = { m: "minutes", h: "hours", d: "days" } as const;

/**
 * A duration between `min` and `max` seconds. With `whole`, AWS stores it as a count of that unit,
 * so a value between two counts would be rounded by AWS and never compare equal again; such a
 * value is refused with the two nearest counts in range.
 */
export function durationSchema(range: { min: number; max: number; whole?: "m" | "h" | "d" }) {
  return z
    .string()
    .regex(DURATION, { message: "must be a duration such as 15m, 1h or 30d (s, m, h, d)" })
    .superRefine((text, ctx) => {
      // Text that is not a duration already has the format message; one message is enough.
      const seconds = durationSeconds(text);
      if (seconds === undefined) return;
      if (seconds < range.min || seconds > range.max) {
        ctx.addIssue({ code: "custom", message: `must be between ${formatDuration(range.min)} and ${formatDuration(range.max)}` });
        return;
      }
      const unit = range.whole;
      if (unit === undefined || seconds % UNITS[unit] === 0) return;
      const below = Math.floor(seconds / UNITS[unit]) * UNITS[unit];
      const nearest = [below, below + UNITS[unit]].filter((s) => s >= range.min && s <= range.max).map((s) => `${s / UNITS[unit]}${unit}`);
      ctx.addIssue({ code: "custom", message: `${text} is not a whole number of ${UNIT_NAMES[unit]}; use ${nearest.join(" or ")}` });
    });
}
