import { Document } from "yaml";
import type { LivePool } from "../core/live-types.js";
import { CHILD_KINDS } from "../kinds/registry.js";
import { exportedPool } from "../kinds/user-pool/export.js";

export interface ExportInput {
  /** The pool, with its children read by kind; a kind not read (users without --with-users) is left out of the file. */
  pool: LivePool;
  stack: string;
}

export interface ExportResult {
  /** The desired-state file. */
  yaml: string;
  /** What the file could not hold, one line each ("WHERE: why"). */
  leftOut: string[];
}

/**
 * A desired-state file for an existing pool, such that `plan` with it shows no changes. Pure: the
 * live objects come in, YAML text goes out. Secrets are written as ${env:...} references. What the
 * file cannot hold comes back in `leftOut`, for the caller to tell the user. Each kind inside the
 * pool writes its own section, in registry order.
 */
export function exportPoolYaml(input: ExportInput): ExportResult {
  const leftOut: string[] = [];
  const context = { pool: input.pool, leftOut };
  const pool = exportedPool(input.pool, leftOut);
  for (const kind of CHILD_KINDS) {
    const live = input.pool.children[kind.kind];
    if (live === undefined) continue;
    const section = kind.use((typed) => ({ key: typed.section, value: typed.exportSection(live.filter(typed.isLive), context) }));
    if (section.value !== undefined) pool[section.key] = section.value;
  }
  // Users not in the file are never deleted by an exported file, even once users are added to it.
  pool.prune = { users: false };
  const document = new Document({ version: 1, stack: input.stack, region: input.pool.region, userPools: [pool] });
  document.commentBefore = [
    ` Exported by cognito-reconcile from user pool ${input.pool.id} (${input.pool.region}).`,
    " Identity provider secrets are read from the environment variables named below.",
    input.pool.stackTag === undefined ? " The pool has no stack tag yet: run plan/apply with --adopt once to take it over." : "",
  ]
    .filter((line) => line !== "")
    .join("\n");
  return { yaml: document.toString({ lineWidth: 0 }), leftOut };
}
