import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { UserError } from "../core/errors.js";
import type { Plan } from "../core/plan-types.js";
import { liveViews } from "../plan/fingerprint.js";
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
  formatVersion: 1;
  toolVersion: string;
  createdAt: string;
  file: { path: string; sha256: string };
  stack: string;
  region: string;
  account: string | null;
  options: { adopt: boolean; allowDestroy: boolean; allowReplace: boolean };
  fingerprints: Record<string, string>;
  plan: unknown;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function fingerprints(steps: readonly Step[]): Record<string, string> {
  return Object.fromEntries(Object.entries(liveViews(steps)).map(([address, view]) => [address, sha256(view)]));
}

/** The AWS account, from any ARN the run read; null when nothing live exists yet. */
export function accountOf(steps: readonly Step[]): string | null {
  for (const step of steps) {
    const arn = step.kind === "userPool" ? step.live?.raw.Arn : step.kind === "iamRole" ? step.live?.arn : undefined;
    const account = arn?.split(":")[4];
    if (account) return account;
  }
  return null;
}

export async function writeSavedPlan(path: string, saved: Omit<SavedPlan, "kind" | "formatVersion" | "plan">, plan: Plan): Promise<void> {
  const document: SavedPlan = { kind: KIND, formatVersion: 1, ...saved, plan: JSON.parse(renderJson(plan, "plan")) };
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
  if (document.formatVersion !== 1) throw new UserError(`${path}: saved plan format ${String(document.formatVersion)} is not supported by this version; make the plan again`);
  return document as SavedPlan;
}

/** Addresses whose live fingerprint differs now, or that appeared or disappeared since the plan. */
export function staleAddresses(saved: Record<string, string>, now: Record<string, string>): string[] {
  const addresses = new Set([...Object.keys(saved), ...Object.keys(now)]);
  return [...addresses].filter((a) => saved[a] !== now[a]).sort();
}
