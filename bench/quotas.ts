// The quota-bound limits the CLI's times are compared with, from the calls counted at the emulator
// and the CLI's own quota table (dist/aws/quotas.js: DEFAULT_RATE_LIMITS and categoryOf), so the
// bench and the tool can never disagree about which category a call counts against.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "./lifecycle.js";

type Service = "idp" | "identity" | "iam";

interface QuotasModule {
  DEFAULT_RATE_LIMITS: Record<string, number>;
  categoryOf(operation: string, service: Service): string;
  hasCategory(operation: string): boolean;
}

const QUOTAS_JS = join(REPO_ROOT, "dist", "aws", "quotas.js");
if (!existsSync(QUOTAS_JS)) throw new Error(`${QUOTAS_JS} is missing: run npm ci (or npm run build) first`);
const quotas = (await import(pathToFileURL(QUOTAS_JS).href)) as QuotasModule;

export const DEFAULT_RATE_LIMITS: Readonly<Record<string, number>> = quotas.DEFAULT_RATE_LIMITS;

/**
 * The emulator counts calls by operation name only. A name in the cognito-idp table is a user pool
 * call; otherwise one naming identities or credentials is a cognito-identity call, and the rest
 * (query-protocol actions such as GetRole) are IAM calls. This bench's workload makes only
 * cognito-idp calls.
 */
function serviceOf(operation: string): Service {
  if (quotas.hasCategory(operation)) return "idp";
  return /Identit|Credentials|OpenIdToken/.test(operation) ? "identity" : "iam";
}

export function categoryOf(operation: string): string {
  return quotas.categoryOf(operation, serviceOf(operation));
}

/** Calls summed by quota category. */
export function byCategory(calls: Record<string, number>): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const [operation, n] of Object.entries(calls)) {
    const category = categoryOf(operation);
    sums[category] = (sums[category] ?? 0) + n;
  }
  return sums;
}

/** Reads: UserList and the categories named ...Read. Everything else an apply sends is a write. */
export const isReadCategory = (category: string): boolean => category === "UserList" || category.endsWith("Read");

export interface Bound {
  /** Seconds: the largest of `seconds` below (0 when there were no calls). */
  seconds: number;
  /** The category that sets it. */
  category: string | undefined;
  /** Seconds each category needs at its default quota: calls / quota per second. */
  byCategory: Record<string, number>;
}

/** The least time the calls can take at Cognito's default quotas, categories running in parallel. */
export function quotaBound(calls: Record<string, number>, include: (category: string) => boolean = () => true): Bound {
  const perCategory: Record<string, number> = {};
  let seconds = 0;
  let category: string | undefined;
  for (const [c, n] of Object.entries(byCategory(calls))) {
    if (!include(c) || n === 0) continue;
    const quota = DEFAULT_RATE_LIMITS[c];
    if (!quota) throw new Error(`no default quota for category ${c}`);
    perCategory[c] = n / quota;
    if (perCategory[c] > seconds) [seconds, category] = [perCategory[c], c];
  }
  return { seconds, category, byCategory: perCategory };
}

/** Counts of `after` minus `before`, by operation (zeros dropped). */
export function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [operation, n] of Object.entries(after)) {
    const d = n - (before[operation] ?? 0);
    if (d !== 0) out[operation] = d;
  }
  return out;
}

export interface ApplyBound {
  /** UserList calls of the read before the operations (the plan), over the UserList quota. */
  readBeforeSeconds: number;
  readBeforeListCalls: number;
  /** The write categories' bound: the operations run in parallel buckets, one per category. */
  writes: Bound;
  /** UserList calls of the read after the operations (the verification), over the UserList quota. */
  readAfterSeconds: number;
  readAfterListCalls: number;
  /** readBefore + writes + readAfter: the three phases follow each other. */
  seconds: number;
}

/**
 * apply's quota-bound limit. `before` is what the emulator had counted when the CLI printed
 * `Applying:` (its read is over by then), `total` what it counted by the end. The UserList calls
 * after the mark are the verification read's. Every write-category call is an operation's: the
 * reads make none, and the first writes may reach the emulator before the count taken at the mark.
 */
export function applyBound(before: Record<string, number>, total: Record<string, number>): ApplyBound {
  const after = difference(total, before);
  const userList = DEFAULT_RATE_LIMITS.UserList!;
  const readBeforeListCalls = byCategory(before).UserList ?? 0;
  const readAfterListCalls = byCategory(after).UserList ?? 0;
  const writes = quotaBound(total, (c) => !isReadCategory(c));
  const readBeforeSeconds = readBeforeListCalls / userList;
  const readAfterSeconds = readAfterListCalls / userList;
  return {
    readBeforeSeconds,
    readBeforeListCalls,
    writes,
    readAfterSeconds,
    readAfterListCalls,
    seconds: readBeforeSeconds + writes.seconds + readAfterSeconds,
  };
}
