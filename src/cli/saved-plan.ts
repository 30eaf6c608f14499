import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { UserError } from "../core/errors.js";
import type { Plan } from "../core/plan-types.js";
import { liveViews, stableStringify } from "../plan/fingerprint.js";
import type { Step } from "../plan/steps.js";
import { renderJson } from "../render/json.js";

/** Marks the file as a saved plan, so `apply FILE` can tell it from a desired-state file. */
const KIND = "cognito-reconcile/saved-plan";

/**
 * A saved plan: what was reviewed, and what it was computed from. It holds no secret: field values
 * of secrets are already masked in the plan, live resources appear only as SHA-256 fingerprints, and
 * secrets the file takes from the environment are read again at apply time.
 */
export interface SavedPlan {
  kind: typeof KIND;
  /**
   * 3: the files, in order, each with its hash (2 had one file; 1 no contentSha256). Older plans are
   * refused: make them again.
   */
  formatVersion: 3;
  toolVersion: string;
  createdAt: string;
  /** The desired-state files the plan was made from, in their -f order, with the sha256 of each one's bytes. */
  files: { path: string; sha256: string }[];
  stack: string;
  region: string;
  account: string | null;
  options: { adopt: boolean; allowDestroy: boolean; allowReplace: boolean };
  fingerprints: Record<string, string>;
  plan: unknown;
  /**
   * SHA-256 of everything above (keys sorted, no whitespace), so a plan edited after review is
   * noticed even where the edit would not show in a new plan (the flags, the summary, a reason).
   * Not a signature: it guards against edits by mistake, not against someone who recomputes it.
   */
  contentSha256: string;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function fingerprints(steps: readonly Step[]): Record<string, string> {
  return Object.fromEntries(Object.entries(liveViews(steps)).map(([address, view]) => [address, sha256(view)]));
}

/** The AWS account, from any ARN the run read; null when nothing live exists yet. */
export function accountOf(steps: readonly Step[]): string | null {
  for (const step of steps) {
    const account = step.liveArn?.split(":")[4];
    if (account) return account;
  }
  return null;
}

function contentHash(document: Omit<SavedPlan, "contentSha256">): string {
  return sha256(stableStringify(document));
}

/** False when the plan was edited after plan wrote it (or its hash was removed). */
export function isIntact(document: SavedPlan): boolean {
  const { contentSha256, ...content } = document;
  return typeof contentSha256 === "string" && contentSha256 === contentHash(content);
}

export async function writeSavedPlan(path: string, saved: Omit<SavedPlan, "kind" | "formatVersion" | "plan" | "contentSha256">, plan: Plan): Promise<void> {
  // Through JSON first, so the hash is of exactly what a reader parses back (no undefined values).
  const content = JSON.parse(JSON.stringify({ kind: KIND, formatVersion: 3, ...saved, plan: JSON.parse(renderJson(plan, "plan")) })) as Omit<SavedPlan, "contentSha256">;
  const document: SavedPlan = { ...content, contentSha256: contentHash(content) };
  try {
    await writeFile(path, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  } catch (error) {
    throw new UserError(`${path}: cannot write the saved plan (${(error as Error).message})`);
  }
}

/** True when the file looks like a saved plan (JSON of our kind) rather than a desired-state file. */
export async function readSavedPlan(path: string): Promise<SavedPlan | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new UserError(`${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (!text.trimStart().startsWith("{")) return undefined;
  let document: Partial<SavedPlan>;
  try {
    document = JSON.parse(text) as Partial<SavedPlan>;
  } catch {
    return undefined;
  }
  if (document.kind !== KIND) return undefined;
  if (document.formatVersion !== 3) throw new UserError(`${path}: saved plan format ${String(document.formatVersion)} is not supported by this version; make the plan again`);
  return document as SavedPlan;
}

/** Addresses whose live fingerprint differs now, or that appeared or disappeared since the plan. */
export function staleAddresses(saved: Record<string, string>, now: Record<string, string>): string[] {
  const addresses = new Set([...Object.keys(saved), ...Object.keys(now)]);
  return [...addresses].filter((a) => saved[a] !== now[a]).sort();
}

interface ComparedField {
  path: string;
  before: unknown;
  after: unknown;
  sensitive: boolean;
  forcesReplacement: boolean;
}

interface ComparedChange {
  action: string;
  fields: Map<string, ComparedField>;
}

/**
 * The changes of a plan document (a saved plan's `plan`, or a new plan rendered the same way), by
 * address. A saved plan may have been edited into any shape; what cannot be read is left out, and
 * then shows as a difference.
 */
function changesByAddress(document: unknown): Map<string, ComparedChange> {
  const changes = (document as { changes?: unknown } | null)?.changes;
  const result = new Map<string, ComparedChange>();
  if (!Array.isArray(changes)) return result;
  for (const change of changes as Array<Record<string, unknown> | null>) {
    if (typeof change?.address !== "string") continue;
    const fields = new Map<string, ComparedField>();
    for (const field of Array.isArray(change.fields) ? (change.fields as Array<Record<string, unknown> | null>) : []) {
      if (typeof field?.path !== "string") continue;
      fields.set(field.path, {
        path: field.path,
        before: field.before ?? null,
        after: field.after ?? null,
        sensitive: field.sensitive === true,
        forcesReplacement: field.forcesReplacement === true,
      });
    }
    result.set(change.address, { action: typeof change.action === "string" ? change.action : String(change.action), fields });
  }
  return result;
}

/** A value for a one-line message: short, and never more than the plan itself shows. */
function shownValue(value: unknown): string {
  const text = JSON.stringify(value) ?? "null";
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function shownField(field: ComparedField): string {
  const flags = [field.sensitive ? "sensitive" : "", field.forcesReplacement ? "forces replacement" : ""].filter(Boolean);
  return `${shownValue(field.before)} -> ${shownValue(field.after)}${flags.length > 0 ? ` (${flags.join(", ")})` : ""}`;
}

/**
 * How a new plan differs from the changes a saved plan holds: address, action and every field
 * (path, before, after, sensitive, forcesReplacement). Both sides are masked the same way, so
 * secrets compare as "(sensitive)". A change absent on one side counts as a no-op without fields.
 * One line per difference, sorted by address.
 */
export function planDifferences(saved: unknown, now: Plan): string[] {
  const before = changesByAddress(saved);
  const after = changesByAddress(JSON.parse(renderJson(now, "plan")));
  const differences: string[] = [];
  for (const address of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const old = before.get(address);
    const fresh = after.get(address);
    const oldAction = old?.action ?? "no-op";
    const freshAction = fresh?.action ?? "no-op";
    const side = (who: string, change: ComparedChange | undefined, action: string) => (change ? `${who} says ${action}` : `${who} does not list it`);
    if (oldAction !== freshAction) {
      differences.push(`${address}: ${side("the saved plan", old, oldAction)}, ${side("a new plan", fresh, freshAction)}`);
      continue;
    }
    const oldFields = old?.fields ?? new Map<string, ComparedField>();
    const freshFields = fresh?.fields ?? new Map<string, ComparedField>();
    for (const path of [...new Set([...oldFields.keys(), ...freshFields.keys()])].sort()) {
      const a = oldFields.get(path);
      const b = freshFields.get(path);
      if (a && b && stableStringify(a) === stableStringify(b)) continue;
      differences.push(`${address}: ${path}: the saved plan says ${a ? shownField(a) : "no change"}, a new plan says ${b ? shownField(b) : "no change"}`);
    }
  }
  return differences;
}
