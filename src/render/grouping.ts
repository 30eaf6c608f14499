import type { Action, Change, FieldChange, UnmanagedResource } from "../core/plan-types.js";
import { LISTED_NAMES, parentOf } from "./values.js";

/**
 * Display helpers shared by the text and Markdown renderings. The plan data keeps every change and
 * every unmanaged entry; only what people read is grouped and folded.
 */

/** Fewer resources than this with identical changes are shown one by one. */
export const GROUP_MIN = 3;

/** One resource, or several of one kind with the very same change, in plan order. */
export type Entry = { change: Change; members: Change[] };

function sameChangeKey(change: Change): string | undefined {
  if (change.action === "no-op" || change.parent === undefined) return undefined;
  const fields = change.fields.map((f: FieldChange) => [f.path, f.before ?? null, f.after ?? null, f.sensitive, f.forcesReplacement, f.unknown === true]);
  return JSON.stringify([change.kind, change.parent, change.action, change.reason, fields]);
}

/**
 * The changes (no-ops left out) with identical changes to resources of one kind in one pool (same
 * action, reason and fields) grouped where the first of them stands.
 */
export function groupChanges(changes: readonly Change[]): Entry[] {
  const changed = changes.filter((c) => c.action !== "no-op");
  const byKey = new Map<string, Change[]>();
  for (const change of changed) {
    const key = sameChangeKey(change);
    if (key !== undefined) byKey.set(key, [...(byKey.get(key) ?? []), change]);
  }
  const entries: Entry[] = [];
  const placed = new Set<string>();
  for (const change of changed) {
    const key = sameChangeKey(change);
    const members = key === undefined ? [change] : byKey.get(key)!;
    if (members.length < GROUP_MIN) {
      entries.push({ change, members: [change] });
      continue;
    }
    if (placed.has(key!)) continue;
    placed.add(key!);
    entries.push({ change, members });
  }
  return entries;
}

/** What a grouped entry's name reads as: "300 users". */
export function groupLabel(entry: Entry): string {
  return `${entry.members.length} ${entry.change.kind}s`;
}

/** The members' addresses to list (the first LISTED_NAMES) and how many more there are. */
export function listedMembers(entry: Entry): { shown: string[]; more: number } {
  return { shown: entry.members.slice(0, LISTED_NAMES).map((c) => c.address), more: Math.max(0, entry.members.length - LISTED_NAMES) };
}

/** Unmanaged entries by pool, kind and reason; each run shows LISTED_NAMES and counts the rest. */
export interface UnmanagedRun {
  shown: UnmanagedResource[];
  /** How many more, with the address pattern and reason of the fold line. */
  more: number;
  pattern: string;
  kind: string;
  reason: string;
}

export function foldUnmanaged(unmanaged: readonly UnmanagedResource[]): UnmanagedRun[] {
  const runs = new Map<string, UnmanagedResource[]>();
  for (const u of unmanaged) {
    const key = JSON.stringify([parentOf(u.address), u.kind, u.reason]);
    runs.set(key, [...(runs.get(key) ?? []), u]);
  }
  return [...runs.values()].map((all) => {
    const first = all[0]!;
    const parent = parentOf(first.address);
    return {
      shown: all.slice(0, LISTED_NAMES),
      more: Math.max(0, all.length - LISTED_NAMES),
      pattern: `${parent === "" ? "" : `${parent}/`}${first.kind}.*`,
      kind: first.kind,
      reason: first.reason,
    };
  });
}

/** The fold line's words: "and 480 more users not in the file; kept because prune.users is false". */
export function moreUnmanaged(run: UnmanagedRun): string {
  return `and ${run.more} more ${run.kind}s ${run.reason}`;
}

export type ChangedAction = Exclude<Action, "no-op">;
