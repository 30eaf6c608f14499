import { z } from "zod";

/** What a file the YAML names may be: checked when the loader reads it. */
export interface FileRule {
  /** What the file is, as errors say it ("the logo", "the style sheet"). */
  what: string;
  /** The most bytes AWS accepts for it. */
  maxBytes: number;
  /** Parse it as JSON (a branding's settings). */
  json?: boolean;
}

/**
 * A file the YAML names (a logo, a style sheet, settings JSON), relative to the YAML file's folder.
 * The schema keeps the path as written; the loader reads the file, checks it against its rule and
 * fills in the content, so kinds see the bytes (or the parsed JSON) and plans never need the disk.
 */
export class FileRef {
  bytes?: Uint8Array;
  json?: unknown;

  constructor(
    readonly path: string,
    readonly rule: FileRule,
  ) {}

  /** The bytes, which the loader has read by the time anything plans with them. */
  content(): Uint8Array {
    if (this.bytes === undefined) throw new Error(`${this.path} was not read`);
    return this.bytes;
  }

  /** Written as the path, as in the file (printing a loaded state shows paths, not bytes). */
  toJSON(): string {
    return this.path;
  }
}

/** The file's extension, lower case, without the dot ("" when it has none). */
export const extensionOf = (path: string): string => /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase() ?? "";

/**
 * A path to a file of this kind. `extensions` (lower case) are checked here, from the name alone;
 * existence and size when the loader reads it.
 */
export function fileRefSchema(rule: FileRule, extensions: readonly string[]) {
  return z
    .string()
    .min(1)
    .refine((path) => extensions.includes(extensionOf(path)), { message: `must be a ${extensions.map((e) => `.${e}`).join(", ")} file` })
    .transform((path) => new FileRef(path, rule));
}
