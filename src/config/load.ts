import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { dirname, isAbsolute, posix, relative, resolve, sep } from "node:path";
import { isMap, parseAllDocuments, visit, type Document, type LineCounter } from "yaml";
import { ConfigError, UserError, type Diagnostic } from "../core/errors.js";
import { desiredStateSchema, type DesiredState } from "../schema/root.js";
import { interpolateEnv, interpolateEnvInData, mayHoldStandIn, unsetReferences } from "./interpolate.js";
import { isMapping, mergeLayers, originOf } from "./layers.js";
import { fileRefsIn, readNamedFiles } from "./named-files.js";
import { NOT_PLAIN, readPlainYaml } from "./plain-yaml.js";
import { checkReferences } from "./references.js";
import { PARSE_OPTIONS, parseWithPositions, SourceMap, type SourcePosition } from "./source-map.js";
import { describeIssues } from "./zod-diagnostics.js";

/** Larger files are refused before parsing: a desired-state file is hand-written configuration. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** YAML aliases expand on load; a small cap stops "billion laughs" files without limiting real use. */
export const MAX_ALIAS_COUNT = 100;

export interface SourceFile {
  path: string;
  /** sha256 of the file's bytes, before interpolation (saved plans record it). */
  sha256: string;
}

export interface LoadedConfig {
  /** The files, in the order they merge (one, or a base and its overlays). */
  files: SourceFile[];
  /** The files' names for a message: `cognito.yaml`, or `base.yaml + env/prod.yaml`. */
  file: string;
  state: DesiredState;
  /** The merged data as the files write it (no ${env:...} replaced); with `keepWritten` only. */
  written?: unknown;
}

export interface LoadOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * Called with each file's sha256 of the bytes read, before they are parsed: a saved plan checks
   * there that the files are the ones it was made from, on the very bytes it then applies.
   */
  beforeParse?: (file: string, sha256: string) => void;
  /** Keep the merged data as written, for `validate --print`. */
  keepWritten?: boolean;
}

/**
 * Reads, parses, merges (several files, in order), interpolates and validates the desired state.
 * Throws ConfigError or UserError.
 */
export async function loadConfig(paths: string | readonly string[], options: LoadOptions = {}): Promise<LoadedConfig> {
  const list = typeof paths === "string" ? [paths] : paths;
  if (list.length === 0) throw new UserError("no desired-state file; pass one with -f FILE");
  const files: SourceFile[] = [];
  const texts: string[] = [];
  for (const path of list) {
    const bytes = await readBytes(path);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    options.beforeParse?.(path, sha256);
    files.push({ path, sha256 });
    texts.push(decodeUtf8(path, bytes));
  }
  const env = options.env ?? process.env;
  const standIn = (name: string) => mayHoldStandIn(env, name);
  const file = list.join(" + ");
  if (list.length === 1 && !options.keepWritten) {
    const { state, locate } = parseConfigWithSource(list[0]!, texts[0]!, env);
    const fileProblems = await readNamedFiles(state, () => list[0]!, (path) => ({ file: list[0]!, ...locate(path) }), standIn);
    if (fileProblems.length > 0) throw new ConfigError(fileProblems);
    return { files, file, state };
  }
  const layered = parseLayers(list, texts, env);
  const fileProblems = await readNamedFiles(layered.state, layered.fileOf, layered.locate, standIn);
  if (fileProblems.length > 0) throw new ConfigError(fileProblems);
  if (options.keepWritten) rebaseNamedFiles(layered.state, layered.written, layered.fileOf, dirname(list[0]!));
  return { files, file, state: layered.state, ...(options.keepWritten ? { written: layered.written } : {}) };
}

/**
 * In the merged data as written, makes each relative path of a named file (a logo, a style sheet)
 * relative to `folder`, the first file's, instead of the folder of the file that wrote it: the
 * merged file then names the same files when it is kept beside the first one. A name written with
 * `${env:...}` keeps its references, with the way from the first folder to the writer's put before it.
 */
function rebaseNamedFiles(state: unknown, written: unknown, fileOf: (path: readonly PropertyKey[]) => string, folder: string): void {
  for (const { ref, path } of fileRefsIn(state)) {
    if (isAbsolute(ref.path)) continue;
    const from = dirname(fileOf(path));
    if (resolve(from) === resolve(folder)) continue;
    const parent = path.slice(0, -1).reduce<unknown>((value, key) => (value as Record<string | number, unknown> | undefined)?.[key], written) as Record<string | number, unknown> | undefined;
    const key = path[path.length - 1]!;
    const writtenName = parent?.[key];
    if (writtenName === ref.path) parent![key] = relative(folder, resolve(from, ref.path)).split(sep).join("/");
    else if (typeof writtenName === "string") parent![key] = posix.join(relative(folder, from).split(sep).join("/"), writtenName);
  }
}

async function readBytes(file: string): Promise<Buffer> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new UserError(`${file}: is a directory; pass the desired-state YAML file with -f`);
    if (info.size > MAX_FILE_BYTES) {
      throw new UserError(tooLarge(file, info.size));
    }
    return await readFile(file);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError(`${file}: no such file; pass the desired-state YAML file with -f`);
    if (code === "EACCES") throw new UserError(`${file}: permission denied`);
    throw new UserError(`${file}: cannot read the file (${(error as Error).message})`);
  }
}

/**
 * Why a file is refused for its size. In MB to one decimal, or in exact bytes when that would
 * round to the limit: a file a few bytes over must not read "5.0 MB; at most 5 MB".
 */
function tooLarge(file: string, bytes: number): string {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  const limit = `${MAX_FILE_BYTES / 1024 / 1024} MB`;
  if (mb(bytes) !== mb(MAX_FILE_BYTES)) return `${file}: the file is ${mb(bytes)} MB; a desired-state file may be at most ${limit}`;
  const exact = (n: number) => n.toLocaleString("en-US");
  return `${file}: the file is ${exact(bytes)} bytes; a desired-state file may be at most ${limit} (${exact(MAX_FILE_BYTES)} bytes)`;
}

/** Decodes UTF-8 strictly, so a stray Latin-1 byte is reported instead of becoming U+FFFD. */
function decodeUtf8(file: string, bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const bad = firstInvalidByte(bytes);
    const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
    const line = bytes.subarray(0, lineStart).filter((b) => b === 0x0a).length + 1;
    const column = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, bad)).length + 1;
    throw new ConfigError([{ file, line, column, message: "the file is not valid UTF-8; save it as UTF-8" }]);
  }
}

/**
 * The offset of the first byte that makes the file invalid UTF-8: the shortest prefix a strict
 * decoder rejects (found by bisection; a prefix stays invalid once it is), minus one.
 */
function firstInvalidByte(bytes: Buffer): number {
  const rejects = (length: number) => {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, length), { stream: true });
      return false;
    } catch {
      return true;
    }
  };
  let low = 0;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (rejects(mid)) high = mid;
    else low = mid + 1;
  }
  const end = rejects(low) ? low : bytes.length;
  // The bad sequence starts at the last character boundary before that point: the longest prefix
  // that decodes completely (a lead byte such as Latin-1's 0xE9 is rejected only one byte later).
  for (let start = end - 1; start > Math.max(0, end - 5); start--) {
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, start));
      return start;
    } catch {
      // still inside the bad sequence
    }
  }
  return Math.max(0, end - 1);
}

/** The pure part of loading: bytes -> validated desired state, or a ConfigError with every problem. */
export function parseConfig(file: string, bytes: Buffer, env: Readonly<Record<string, string | undefined>>): DesiredState {
  return parseConfigWithSource(file, decodeUtf8(file, bytes), env).state;
}

type Locate = (path: readonly PropertyKey[]) => SourcePosition;

/**
 * parseConfig, with a way to find where a value sits in the text (for the checks that read named
 * files). A file that loads cleanly is parsed once, to plain data, without positions: the
 * syntax tree is dropped as soon as the data is out, and positions are worked out (by parsing
 * again, with them) only when a diagnostic needs one. Anything wrong on that lean pass (a syntax
 * error, an unset variable, a value the schema refuses) makes the file go through the pass that
 * keeps positions, which says what is wrong, and where, exactly as before.
 */
function parseConfigWithSource(file: string, text: string, env: Readonly<Record<string, string | undefined>>): { state: DesiredState; locate: Locate } {
  const data = plainData(text, env);
  if (data !== undefined) {
    const parsed = desiredStateSchema.safeParse(data, { reportInput: true });
    if (parsed.success && checkReferences(parsed.data).length === 0) {
      let source: SourceMap | undefined;
      const locate: Locate = (path) => {
        source ??= parseWithSource(file, text, env).source;
        return source.locate(path);
      };
      return { state: parsed.data, locate };
    }
  }
  const { state, source } = parseWithSource(file, text, env);
  return { state, locate: (path) => source.locate(path) };
}

/**
 * The file as plain data: read directly when it is plain YAML, else from one parse by the yaml
 * library without positions. Undefined when the parse reports anything or a referenced variable is
 * unset: the parse with positions then says what, and where. Without `env`, references are left
 * as written.
 */
function plainData(text: string, env: Readonly<Record<string, string | undefined>> | undefined): unknown {
  const plain = readPlainYaml(text);
  if (plain !== NOT_PLAIN) return env === undefined || interpolateEnvInData(plain, env) ? plain : undefined;
  const docs = parseAllDocuments(text, { ...PARSE_OPTIONS, prettyErrors: false });
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const doc = docs[0]!;
  if (doc.errors.length > 0 || !isMap(doc.contents)) return undefined;
  // Only a file that names a variable needs the walk over every value.
  if (env !== undefined && text.includes("${env:") && interpolateEnv(doc, env, text).length > 0) return undefined;
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
}

type Located = (offset: number, message: string) => Diagnostic;

/**
 * The text parsed with positions, as one YAML mapping; throws a ConfigError for a syntax error, an
 * empty file (unless `allowEmpty`: then the mapping is undefined), several documents or a file
 * that is not a mapping.
 */
function parseMapping(file: string, text: string, allowEmpty = false): { doc: Document.Parsed | undefined; lines: LineCounter; located: Located } {
  const { docs, lines } = parseWithPositions(text);
  const tooDeep = docs[0]?.errors.find((e) => /call stack/i.test(e.message));
  if (tooDeep) {
    // The parser ran out of stack; point at where the deep nesting starts on that line.
    const lineStart = text.lastIndexOf("\n", tooDeep.pos[0]) + 1;
    const opener = text.slice(lineStart).search(/[[{]/);
    const { line, col } = lines.linePos(opener >= 0 ? lineStart + opener : tooDeep.pos[0]);
    throw new ConfigError([{ file, line, column: col, message: "YAML nested too deeply; write this value with fewer levels of brackets" }]);
  }
  const located: Located = (offset, message) => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col, message };
  };

  const empty = !Array.isArray(docs) || !docs[0] || docs[0].contents === null;
  if (empty && allowEmpty && (!Array.isArray(docs) || docs.length === 0 || (docs.length === 1 && docs[0]!.errors.length === 0))) return { doc: undefined, lines, located };
  if (!Array.isArray(docs)) throw new ConfigError([{ file, line: 1, column: 1, message: "the file is empty; it needs at least version: 1 and stack: NAME" }]);
  const doc = docs[0];
  if (!doc || doc.contents === null) {
    throw new ConfigError([{ file, line: 1, column: 1, message: "the file is empty; it needs at least version: 1 and stack: NAME" }]);
  }
  const syntax = doc.errors.map((e) => {
    const { offset, message } = locateSyntaxError(text, e.pos[0], e.code, e.message);
    return located(offset, message);
  });
  if (syntax.length > 0) throw new ConfigError(syntax);
  const second = docs[1];
  if (second) throw new ConfigError([located(second.range[0], "the file holds more than one YAML document; put everything in one")]);
  if (!isMap(doc.contents)) {
    throw new ConfigError([located(doc.contents.range?.[0] ?? 0, "the file must be a mapping with version, stack and userPools at the top level")]);
  }
  return { doc, lines, located };
}

/** Parses the text keeping positions, and throws a ConfigError with every problem found. */
function parseWithSource(file: string, text: string, env: Readonly<Record<string, string | undefined>>): { state: DesiredState; source: SourceMap } {
  const { doc: mapping, lines, located } = parseMapping(file, text);
  const doc = mapping!;
  const envProblems = interpolateEnv(doc, env, text);
  if (envProblems.length > 0) throw new ConfigError(envProblems.map((p) => located(p.offset, p.message)));

  const data = toPlainData(file, doc, located);
  const source = new SourceMap(doc, lines);
  const parsed = desiredStateSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const diagnostics = describeIssues(parsed.error.issues, desiredStateSchema, source).map((m) => ({ file, ...m }));
    throw new ConfigError(dedupe(diagnostics));
  }
  const references = checkReferences(parsed.data);
  if (references.length > 0) {
    throw new ConfigError(references.map((r) => ({ file, ...source.locate(r.path, { key: r.key ?? false }), message: r.message })));
  }
  return { state: parsed.data, source };
}

type Position = SourcePosition & { file: string };
type PositionOf = (path: readonly PropertyKey[], options?: { key?: boolean }) => Position;

/**
 * Several files merged in order (see layers.ts) and validated as one. Every diagnostic names the
 * file, line and column where the value it is about was written: the base or an overlay.
 */
function parseLayers(
  files: readonly string[],
  texts: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { state: DesiredState; written: unknown; fileOf: (path: readonly PropertyKey[]) => string; locate: PositionOf } {
  const sources: (Pick<SourceMap, "locate"> | undefined)[] = [];
  const sourceOf = (layer: number) => (sources[layer] ??= layerSource(files[layer]!, texts[layer]!));
  const layers = files.map((file, i) => writtenData(file, texts[i]!, i > 0));
  const { data: written, problems } = mergeLayers(layers);
  if (problems.length > 0) {
    throw new ConfigError(problems.map((p) => ({ file: files[p.layer]!, ...sourceOf(p.layer).locate(p.path, { key: p.key ?? false }), message: p.message })));
  }
  const locate: PositionOf = (path, options = {}) => {
    const origin = originOf(written, layers, path);
    return { file: files[origin.layer]!, ...sourceOf(origin.layer).locate(origin.path, origin.complete ? options : {}) };
  };
  const fileOf = (path: readonly PropertyKey[]) => files[originOf(written, layers, path).layer]!;

  // The merged data as written is kept for --print and for finding origins; the copy gets the values.
  const data = structuredClone(written);
  if (!interpolateEnvInData(data, env)) throw new ConfigError(unsetReferences(written, env).map(({ path, message }) => ({ ...locate(path), message })));
  const parsed = desiredStateSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw new ConfigError(dedupe(describeIssues(parsed.error.issues, desiredStateSchema, { locate })));
  const references = checkReferences(parsed.data);
  if (references.length > 0) throw new ConfigError(references.map((r) => ({ ...locate(r.path, { key: r.key ?? false }), message: r.message })));
  return { state: parsed.data, written, fileOf, locate };
}

/** One file of several, as plain data with its ${env:...} references as written; an empty overlay is an empty mapping. */
function writtenData(file: string, text: string, overlay: boolean): Record<string, unknown> {
  const data = plainData(text, undefined);
  if (isMapping(data)) return data;
  const { doc, located } = parseMapping(file, text, overlay);
  if (!doc) return {};
  return toPlainData(file, doc, located) as Record<string, unknown>;
}

/** Positions in one file of several, parsed with them only once a diagnostic points into it. */
function layerSource(file: string, text: string): Pick<SourceMap, "locate"> {
  const { doc, lines } = parseMapping(file, text, true);
  return doc ? new SourceMap(doc, lines) : { locate: () => ({ line: 1, column: 1 }) };
}

function toPlainData(file: string, doc: Document, located: Located): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    if (error instanceof ReferenceError || /alias/i.test((error as Error).message)) {
      let offset = 0;
      visit(doc, {
        Alias(_key, node) {
          offset = node.range?.[0] ?? 0;
          return visit.BREAK;
        },
      });
      throw new ConfigError([located(offset, `too many YAML alias expansions (more than ${MAX_ALIAS_COUNT}); write the values out instead of nesting aliases`)]);
    }
    throw new ConfigError([{ file, line: 1, column: 1, message: `cannot read the YAML: ${(error as Error).message}` }]);
  }
}

/**
 * Where a syntax error really is. The parser reports where it gave up; for an unclosed bracket that
 * is the end of the collection (often the next line), so point at the bracket that was left open,
 * and for a misindented line, at its first character rather than column 1.
 */
function locateSyntaxError(text: string, offset: number, code: string, rawMessage: string): { offset: number; message: string } {
  const unclosed = /^Flow (sequence|map) in block collection/.exec(rawMessage);
  const there = text[offset];
  if (unclosed && there !== "]" && there !== "}") {
    const opener = unclosedBracketBefore(text, offset);
    if (opener !== undefined) {
      const [open, close] = text[opener] === "[" ? ["[", "]"] : ["{", "}"];
      return { offset: opener, message: `YAML syntax error: this ${open} is never closed with ${close}` };
    }
  }
  let at = offset;
  if (code === "BAD_INDENT") while (text[at] === " ") at += 1;
  return { offset: at, message: yamlMessage(code, rawMessage) };
}

/** The offset of the innermost [ or { still open at `end`, ignoring quoted text and comments. */
function unclosedBracketBefore(text: string, end: number): number | undefined {
  const open: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < end; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote && text[i - 1] !== "\\") quote = undefined;
      else if (c === "\n" && quote === "'") quote = undefined;
    } else if ((c === '"' || c === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) while (i < end && text[i] !== "\n") i += 1;
    else if (c === "[" || c === "{") open.push(i);
    else if (c === "]" || c === "}") open.pop();
  }
  return open.at(-1);
}

/** yaml's messages end with a code frame; one line is what a user needs. */
function yamlMessage(code: string, message: string): string {
  const first = (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
  if (code === "DUPLICATE_KEY") return "duplicate key (a key may appear once in a mapping)";
  if (code === "TAB_AS_INDENT") return "tab used for indentation; YAML needs spaces";
  return `YAML syntax error: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

