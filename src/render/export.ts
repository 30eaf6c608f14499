import { Document } from "yaml";
import type { LivePool } from "../core/live-types.js";
import { CHILD_KINDS } from "../kinds/registry.js";
import { exportedPool } from "../kinds/user-pool/export.js";

export interface ExportInput {
  /** The pool, with its children read by kind; a kind not read (users without --with-users) is left out of the file. */
  pool: LivePool;
  stack: string;
  /** The folder, relative to the exported file, that files the file names (logos, style sheets) go to. Default `assets`. */
  assetsDir?: string;
}

export interface ExportResult {
  /** The desired-state file. */
  yaml: string;
  /** What the file could not hold, one line each ("WHERE: why"). */
  leftOut: string[];
  /** Files the YAML names, by their path relative to it, for the caller to write next to it. */
  files: Map<string, Uint8Array>;
}

/**
 * Collects the files an export names. A name already taken by other bytes gets a number before
 * its extension, so two kinds (or two clients) never overwrite each other's file.
 */
function fileCollector(assetsDir: string): { files: Map<string, Uint8Array>; file: (name: string, bytes: Uint8Array) => string } {
  const files = new Map<string, Uint8Array>();
  const file = (name: string, bytes: Uint8Array): string => {
    const safe = name.replace(/[^\w.-]+/g, "-");
    const dot = safe.lastIndexOf(".");
    const [stem, extension] = dot > 0 ? [safe.slice(0, dot), safe.slice(dot)] : [safe, ""];
    for (let n = 1; ; n++) {
      const path = `${assetsDir}/${n === 1 ? stem : `${stem}-${n}`}${extension}`;
      const taken = files.get(path);
      if (taken === undefined || Buffer.from(taken).equals(Buffer.from(bytes))) {
        files.set(path, bytes);
        return path;
      }
    }
  };
  return { files, file };
}

/**
 * A desired-state file for an existing pool, such that `plan` with it shows no changes. Pure: the
 * live objects come in, YAML text goes out. Secrets are written as ${env:...} references. What the
 * file cannot hold comes back in `leftOut`, for the caller to tell the user. Each kind inside the
 * pool writes its own section, in registry order.
 */
export function exportPoolYaml(input: ExportInput): ExportResult {
  const leftOut: string[] = [];
  const { files, file } = fileCollector(input.assetsDir ?? "assets");
  const context = { pool: input.pool, leftOut, file };
  const pool = exportedPool(input.pool, leftOut);
  for (const kind of CHILD_KINDS) {
    const live = input.pool.children[kind.kind];
    if (live === undefined) continue;
    kind.use((typed) => {
      const value = typed.exportSection(live.filter(typed.isLive), context);
      if (value === undefined) return;
      if (!typed.owner) {
        pool[typed.section] = value;
        return;
      }
      // An owned kind's sections go into its owners' entries, found by name.
      const owners = CHILD_KINDS.find((k) => k.kind === typed.owner?.kind)?.use((o) => pool[o.section]);
      for (const entry of Array.isArray(owners) ? (owners as Record<string, unknown>[]) : []) {
        const section = (value as Record<string, unknown>)[String(entry.name)];
        if (section !== undefined) entry[typed.section] = section;
      }
    });
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
  return { yaml: document.toString({ lineWidth: 0 }), leftOut, files };
}
