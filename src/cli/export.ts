import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Logger } from "pino";
import { UserError } from "../core/errors.js";
import { CHILD_KINDS } from "../kinds/registry.js";
import { describePool, readMfa } from "../kinds/user-pool/aws.js";
import { readPoolChildren } from "../live/read-live.js";
import { exportPoolYaml } from "../render/export.js";
import { awsClientsFor } from "../run/plan-run.js";

export interface ExportOptions {
  poolId: string;
  withUsers: boolean;
  region?: string;
  stack?: string;
  profile?: string;
  endpointUrl?: string;
  /** Writes the file there instead of to stdout; the files it names go next to it. */
  output?: string;
  /** Folder, relative to the exported file, for the files it names (logos, style sheets). */
  assetsDir?: string;
}

/**
 * Reads one pool and everything in it, and writes it as a desired-state file. What the file cannot
 * hold is told to `warn`, one line each, so nothing is dropped without a word.
 */
export async function exportPool(options: ExportOptions, logger: Logger, warn: (line: string) => void = (line) => void process.stderr.write(line)): Promise<string> {
  const aws = awsClientsFor(options, logger);
  try {
    // A pool id starts with its region (us-east-1_AbC123).
    const region = options.region ?? options.poolId.split("_")[0] ?? (await aws.defaultRegion());
    if (!region || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new UserError(`cannot tell the region of pool ${options.poolId}; pass --region`);
    const idp = aws.idp(region);
    const pool = await describePool(idp, region, options.poolId);
    if (!pool) throw new UserError(`no user pool ${options.poolId} in ${region}; check the id and --region`);
    const stack = options.stack ?? pool.stackTag;
    if (!stack) throw new UserError(`pool ${options.poolId} has no cognito-reconcile:stack tag; name the stack the file should use with --stack`);
    // Every kind inside the pool (users only when asked), read as plan reads them but for every owner.
    const kinds = CHILD_KINDS.filter((kind) => !(kind.exportOptIn && !options.withUsers) && !kind.notExported);
    await Promise.all([readMfa(idp, pool), readPoolChildren(idp, pool, kinds)]);
    const exported = exportPoolYaml({ pool, stack, assetsDir: options.assetsDir ?? "assets" });
    for (const line of exported.leftOut) warn(`export: left out ${line}\n`);
    await writeNamedFiles(dirname(options.output ?? "file.yaml"), exported.files);
    return exported.yaml;
  } finally {
    aws.destroy();
  }
}

/**
 * Writes the files an exported YAML names, relative to the folder it goes to. A file already there
 * with the same bytes is left; one with other bytes is refused rather than overwritten, since it may
 * be the user's own.
 */
async function writeNamedFiles(folder: string, files: ReadonlyMap<string, Uint8Array>): Promise<void> {
  for (const [path, bytes] of files) {
    const target = join(folder, path);
    const existing = await readFile(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw new UserError(`cannot write ${target}: ${error.message}`);
    });
    if (existing !== undefined) {
      if (existing.equals(Buffer.from(bytes))) continue;
      throw new UserError(`${target} exists with other content; move it away or pass another --assets-dir`);
    }
    await writeUserFile(target, bytes);
  }
}

/** Writes a file the user asked for (its folder made first), failing in one line that names it. */
export async function writeUserFile(target: string, content: Uint8Array | string): Promise<void> {
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  } catch (error) {
    throw new UserError(`cannot write ${target}: ${(error as Error).message}`);
  }
}
