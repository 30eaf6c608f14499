import { durationSeconds, formatDuration } from "../../schema/duration.js";
import type { ClientConfig } from "../../schema/client.js";

/**
 * A client secret as read: which client, its id, and how old it was when read. The age is taken at
 * read time, so planning stays a function of what was read (and a test sets the clock).
 */
export interface LiveClientSecret {
  clientName: string;
  clientId: string;
  secretId: string;
  /** ClientSecretCreateDate, ISO 8601. */
  created: string;
  ageSeconds: number;
}

/** Secrets have nothing the file sets: one is kept, added or retired, never changed. */
export type ClientSecretSpec = Record<string, never>;

/** The child the plan adds when a rotation is due: its id exists only once Cognito makes it. */
export const NEW_SECRET = "new";

export const secretChildName = (clientName: string, secretId: string) => `${clientName}/${secretId}`;

/** Newest first. */
const newestFirst = (secrets: readonly LiveClientSecret[]) => [...secrets].sort((a, b) => a.ageSeconds - b.ageSeconds || b.secretId.localeCompare(a.secretId));

export interface RotationDecision {
  keep: LiveClientSecret[];
  /** Why a secret is added now, or undefined when the newest is young enough. */
  add?: string;
}

/**
 * What a client's rotation wants of its live secrets. The newest is always kept. An older one is
 * kept while the newest has existed for at most `overlap` (applications move to the new secret in
 * that time), and retired after. A new one is added when the newest is older than `maxAge`; since
 * overlap < maxAge, the older ones are retired by then, so the client never needs three.
 */
export function rotationDecision(rotation: NonNullable<ClientConfig["secretRotation"]>, secrets: readonly LiveClientSecret[]): RotationDecision {
  const [newest, ...older] = newestFirst(secrets);
  if (newest === undefined) return { keep: [] };
  const maxAge = durationSeconds(rotation.maxAge) ?? Infinity;
  const overlap = durationSeconds(rotation.overlap) ?? Infinity;
  const keep = [newest, ...(newest.ageSeconds <= overlap ? older : [])];
  const age = formatDuration(Math.floor(newest.ageSeconds / 86_400) * 86_400 || Math.floor(newest.ageSeconds));
  return newest.ageSeconds > maxAge ? { keep, add: `rotate: add a secret (the newest is ${age} old; maxAge ${rotation.maxAge})` } : { keep };
}
