import { createHash } from "node:crypto";

/**
 * Files and bytes in plans (a logo, a style sheet) are compared and shown by content, never as the
 * bytes themselves: as `assets/logo.png (sha256 1a2b3c4d5e6f7a8b, 12.3 KB)`. The live side has no
 * file name, so it reads `(sha256 ..., 12.3 KB)`; `adoptFileNames` gives it the file's name where
 * the content is the same, so equal content compares equal.
 *
 * The bytes themselves travel beside the plan, in a store keyed by hash that the loader fills as
 * it reads the files the YAML names, and that the AWS edge reads when it writes them.
 */

const HASH_SHOWN = 16;
const BLOB_TEXT = /^(.*)\(sha256 ([0-9a-f]{16}), [^)]*\)$/;

export const sha256Hex = (bytes: Uint8Array | string): string => createHash("sha256").update(bytes).digest("hex");

/** 12 B, 3.4 KB, 1.2 MB: enough to tell files apart by eye. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** How content is written in a spec: `NAME (sha256 HASH, SIZE)`, or without the name for live content. */
export function blobText(bytes: Uint8Array | string, name?: string): string {
  const data = typeof bytes === "string" ? Buffer.from(bytes, "utf8") : bytes;
  const text = `(sha256 ${sha256Hex(data).slice(0, HASH_SHOWN)}, ${formatSize(data.length)})`;
  return name ? `${name} ${text}` : text;
}

/** The content hash a blob text names, or undefined for any other value. */
export function blobHash(value: unknown): string | undefined {
  return typeof value === "string" ? BLOB_TEXT.exec(value)?.[2] : undefined;
}

/**
 * The live spec with each blob text that has the same content as the desired one at the same place
 * replaced by the desired text (which carries the file name), so equal content compares equal and
 * a change shows the file name on the side that has one.
 */
export function adoptFileNames<T>(live: T, desired: unknown): T {
  const hash = blobHash(live);
  if (hash !== undefined) return (hash === blobHash(desired) ? desired : live) as T;
  if (Array.isArray(live)) return live.map((item, i) => adoptFileNames(item, Array.isArray(desired) ? desired[i] : undefined)) as T;
  if (live !== null && typeof live === "object") {
    const other = desired !== null && typeof desired === "object" ? (desired as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(live).map(([key, value]) => [key, adoptFileNames(value, other[key])])) as T;
  }
  return live;
}

const store = new Map<string, Uint8Array>();

/** Keeps bytes for the AWS edge to send; returns their blob text. */
export function keepBlob(bytes: Uint8Array, name?: string): string {
  store.set(sha256Hex(bytes).slice(0, HASH_SHOWN), bytes);
  return blobText(bytes, name);
}

/** The bytes a blob text stands for, as kept when the file was read. */
export function blobBytes(text: string): Uint8Array {
  const hash = blobHash(text);
  const bytes = hash !== undefined ? store.get(hash) : undefined;
  if (bytes === undefined) throw new Error(`no content was read for ${text}`);
  return bytes;
}
