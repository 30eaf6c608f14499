import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { keepBlob } from "../core/blobs.js";
import type { Diagnostic } from "../core/errors.js";
import { FileRef } from "../schema/file-ref.js";
import type { SourcePosition } from "./source-map.js";

/** Every FileRef in a loaded state, with the path of keys that leads to it. */
export function fileRefsIn(value: unknown, path: (string | number)[] = []): { ref: FileRef; path: (string | number)[] }[] {
  if (value instanceof FileRef) return [{ ref: value, path }];
  if (Array.isArray(value)) return value.flatMap((item, i) => fileRefsIn(item, [...path, i]));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([key, item]) => fileRefsIn(item, [...path, key]));
  return [];
}

/**
 * Reads the files a state names (logos, style sheets, settings JSON), relative to the YAML file's
 * folder, and fills in their content. Returns one diagnostic per file that is missing, too large,
 * or not the JSON it should be, at the key that names it; nothing is sent anywhere. A file whose
 * name still holds an unset variable's stand-in (`unread`) is left unread: its name is not known.
 */
export async function readNamedFiles(
  state: unknown,
  yamlFileOf: (path: (string | number)[]) => string,
  locate: (path: (string | number)[]) => SourcePosition & { file: string },
  unread: (name: string) => boolean = () => false,
): Promise<Diagnostic[]> {
  const problems: Diagnostic[] = [];
  for (const { ref, path } of fileRefsIn(state)) {
    if (unread(ref.path)) continue;
    // Relative to the folder of the YAML file that names it (of several, the one that wrote it).
    const problem = await readOne(ref, isAbsolute(ref.path) ? ref.path : resolve(dirname(yamlFileOf(path)), ref.path));
    if (problem !== undefined) problems.push({ ...locate(path), message: problem });
  }
  return problems;
}

async function readOne(ref: FileRef, full: string): Promise<string | undefined> {
  const { what, maxBytes, json } = ref.rule;
  try {
    const info = await stat(full);
    if (!info.isFile()) return `${ref.path} is not a file; ${what} must be a file, relative to the YAML file's folder`;
    if (info.size > maxBytes) return `${ref.path} is ${info.size.toLocaleString("en-US")} bytes; AWS accepts ${what} of at most ${maxBytes.toLocaleString("en-US")} bytes`;
    ref.bytes = await readFile(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return `no such file ${ref.path} (${what}, relative to the YAML file's folder)`;
    return `cannot read ${ref.path}: ${(error as Error).message}`;
  }
  if (json) {
    try {
      ref.json = JSON.parse(Buffer.from(ref.bytes).toString("utf8"));
    } catch (error) {
      return `${ref.path} is not valid JSON (${(error as Error).message}); ${what} must be a JSON object`;
    }
    if (ref.json === null || typeof ref.json !== "object" || Array.isArray(ref.json)) return `${ref.path} must hold a JSON object (${what})`;
  }
  keepBlob(ref.bytes, ref.path);
  return undefined;
}
