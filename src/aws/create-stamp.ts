import { randomUUID } from "node:crypto";

/**
 * What the tool writes in CREATED_TAG when it creates a user pool or identity pool: a token unique
 * to one create (all its attempts share it), so a lookup after a lost answer finds exactly the copy
 * this apply made and never a racer's; and a time, so racers can rank identity pools, which carry
 * no creation date of their own.
 */
export interface CreateStamp {
  token: string;
  /** AWS's clock just before the create was sent (identity pools), or this machine's. */
  at: Date;
}

export function newCreateStamp(at: Date = new Date()): CreateStamp {
  return { token: randomUUID(), at };
}

/** "2026-11-27T03:40:12.000Z 6f0c...": tag values allow letters, digits, spaces and : . - */
export function formatCreateStamp(stamp: CreateStamp): string {
  return `${stamp.at.toISOString()} ${stamp.token}`;
}

/** Undefined for a value the tool did not write (a hand-edited tag ranks like an undated copy). */
export function parseCreateStamp(value: string | undefined): CreateStamp | undefined {
  const match = /^(\S+) (\S+)$/.exec(value ?? "");
  if (!match) return undefined;
  const at = new Date(match[1] ?? "");
  return Number.isNaN(at.getTime()) ? undefined : { at, token: match[2] ?? "" };
}
