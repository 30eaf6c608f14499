import type { ChildOwner } from "../../core/child-kind.js";
import type { LivePool } from "../../core/live-types.js";
import { isRecord } from "../../core/paths.js";
import type { ClientConfig } from "../../schema/client.js";
import type { UserPoolConfig } from "../../schema/user-pool.js";

/** A client as a kind living in clients needs it: its id, its name, and whether it has a secret. */
export interface ReadClient {
  id: string;
  name: string;
  hasSecret: boolean;
}

/**
 * The pool's clients the client kind has read (it is read first: the kinds that live in clients
 * come after it in the registry), narrowed to `owners` when given: a kind reads only the children
 * of the clients the file manages it for, so a client nobody's file names costs no call and cannot
 * fail the read.
 */
export function clientsRead(pool: LivePool, owners?: ReadonlySet<string>): ReadClient[] {
  return (pool.children.client ?? []).flatMap((c) => {
    if (!isRecord(c) || typeof c.ClientId !== "string") return [];
    const name = typeof c.ClientName === "string" ? c.ClientName : c.ClientId;
    return owners === undefined || owners.has(name) ? [{ id: c.ClientId, name, hasSecret: typeof c.ClientSecret === "string" && c.ClientSecret !== "" }] : [];
  });
}

/**
 * A kind that lives in the clients whose entry has `section` (present, even if null or empty);
 * `alsoReads` adds clients whose children are read for a warning without being managed.
 */
export function clientOwner<Live>(section: keyof ClientConfig, of: (live: Live) => string, alsoReads?: (pool: UserPoolConfig) => string[]): ChildOwner<Live> {
  const manages = (pool: UserPoolConfig) => (pool.clients ?? []).filter((c) => c[section] !== undefined).map((c) => c.name);
  return { kind: "client", of, manages, ...(alsoReads ? { reads: (pool: UserPoolConfig) => [...new Set([...manages(pool), ...alsoReads(pool)])] } : {}) };
}
