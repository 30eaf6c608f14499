import type { Step } from "./steps.js";

/** JSON with keys in a fixed order, so equal values always give equal text. */
export function stableStringify(value: unknown): string {
  if (value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * What a step read of its live resource, in the file's vocabulary: the thing a saved plan's
 * fingerprint covers. Settings the tool does not model are left out on purpose, since apply sends
 * them back as they are at that moment anyway.
 */
export function liveView(step: Step): unknown {
  return step.liveSpec !== undefined ? withoutSecrets(step.liveSpec, step.sensitive ?? []) : null;
}

/**
 * A saved plan is shared (a CI artifact), and a plain hash of a secret lets anyone test guesses at
 * it offline, so secrets are left out of fingerprints: only whether one is set counts. Apply writes
 * them from the file anyway, so a secret changed since the plan cannot be lost.
 */
function withoutSecrets(view: object, sensitive: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(view).map(([key, value]) => [key, sensitive.includes(key) && value !== undefined ? "(set)" : value]));
}

/** address -> stable text of its live view; hashing happens at the edge (node:crypto). */
export function liveViews(steps: readonly Step[]): Record<string, string> {
  return Object.fromEntries(steps.map((s) => [s.change.address, stableStringify(liveView(s))]));
}
