import { setTimeout as sleep } from "node:timers/promises";

/** One of possibly several resources of the same name and stack, made by applies that raced. */
export interface Copy {
  id: string;
  /** When AWS created it; identity pools do not say. */
  created?: Date | undefined;
}

/**
 * The order every racer agrees on: the earliest created first, then the lowest id. A copy created
 * after another racer looked is later than everything that racer saw, so the one that looked last
 * is the one that must yield, and it does, because it sees the earlier copy.
 *
 * A dated copy against an undated one (an identity pool made before creates were stamped) falls
 * back to ids, as older versions rank. Among three or more copies with some undated the order can
 * then go round in a circle and every racer yields: no copy is left and a rerun creates one.
 */
export function ranksBefore(a: Copy, b: Copy): boolean {
  const at = a.created?.getTime();
  const bt = b.created?.getTime();
  if (at !== undefined && bt !== undefined && at !== bt) return at < bt;
  return a.id < b.id;
}

/** The copy that ranks last: after a lost answer, the one most likely made by this apply. */
export function lastCopy<T extends Copy>(copies: readonly T[]): T | undefined {
  return copies.reduce<T | undefined>((last, copy) => (last === undefined || ranksBefore(last, copy) ? copy : last), undefined);
}

/**
 * How long to wait before looking a second time when creation times are unknown: without them only
 * ids can rank the copies, and a racer that looked before another created must look again.
 */
export const UNDATED_SETTLE_MS = 2000;

/**
 * Cognito has no conditional create: two applies of one stack that start together both see nothing
 * and both create. After creating, each looks at the other copies; the copy that does not rank
 * first yields (the caller deletes it and stops). Returns the copy to yield to, or undefined.
 *
 * `lookAgainAfterMs`: look a second time after this long even when the copy is dated, for times
 * taken before the create reached AWS (a racer's create may land after the first look yet carry an
 * earlier time).
 */
export async function rivalToYieldTo<T extends Copy>(ours: T, otherCopies: () => Promise<T[]>, lookAgainAfterMs?: number): Promise<T | undefined> {
  const firstBefore = (copies: T[]) => copies.filter((c) => c.id !== ours.id && ranksBefore(c, ours)).sort((a, b) => (ranksBefore(a, b) ? -1 : 1))[0];
  const rival = firstBefore(await otherCopies());
  if (rival) return rival;
  const settleMs = lookAgainAfterMs ?? (ours.created === undefined ? UNDATED_SETTLE_MS : undefined);
  if (settleMs === undefined) return undefined;
  await sleep(settleMs);
  return firstBefore(await otherCopies());
}
