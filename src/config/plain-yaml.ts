/**
 * A reader for the plainest YAML (block mappings and sequences indented with spaces, one-line
 * scalars, one-line flow collections of them), straight to plain data. A file with 10,000 users is
 * almost all such lines, and the yaml library spends seconds and over 100 MB on syntax tree and
 * document before the same data comes out.
 *
 * It gives up (returns NOT_PLAIN) at the first thing outside that subset or anything it is not
 * certain the yaml library reads the same way: anchors, aliases, tags, block scalars, multi-line
 * or escaped scalars, tabs, duplicate keys, values that would resolve to anything but a string,
 * null, boolean or small integer, and every kind of syntax error. The caller then parses with the
 * yaml library, which says what is wrong, and where. So this never accepts a file the library
 * refuses, and never reads a value differently from it (test/unit/plain-yaml.test.ts compares
 * the two).
 */

export const NOT_PLAIN = Symbol("not plain YAML");

class NotPlain extends Error {}

const give_up = (): never => {
  throw new NotPlain();
};

/** Characters this reader accepts anywhere: printable ASCII and BMP text, newline; no tab or CR. */
const OUTSIDE_SUBSET = /[^\n\x20-\x7E\u00A0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD]/;
/** A plain key: word characters, dots, slashes and dashes, with single colons inside (custom:x). */
const KEY = /^([A-Za-z0-9_][A-Za-z0-9_./-]*(?::[A-Za-z0-9_./-]+)*):(?: +|$)/;
const MAX_LINE = 1000;
const MAX_FLOW_DEPTH = 20;

interface Line {
  indent: number;
  /** The line without its indentation (never empty, never a comment line). */
  content: string;
}

/** The file's data, or NOT_PLAIN when the yaml library has to read it. */
export function readPlainYaml(text: string): unknown {
  if (OUTSIDE_SUBSET.test(text)) return NOT_PLAIN;
  const lines: Line[] = [];
  for (const raw of text.split("\n")) {
    if (raw.length > MAX_LINE) return NOT_PLAIN;
    const content = raw.trimStart();
    if (content === "" || content.startsWith("#")) continue;
    lines.push({ indent: raw.length - content.length, content: content.trimEnd() });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return NOT_PLAIN;
  try {
    const reader = new BlockReader(lines);
    if (isSeqItem(lines[0]!.content)) return NOT_PLAIN;
    const data = reader.map(0);
    if (reader.at < lines.length) return NOT_PLAIN;
    return data;
  } catch (error) {
    if (error instanceof NotPlain || error instanceof RangeError) return NOT_PLAIN;
    throw error;
  }
}

const isSeqItem = (content: string) => content === "-" || content.startsWith("- ");

class BlockReader {
  at = 0;

  constructor(private readonly lines: Line[]) {}

  private line(): Line | undefined {
    return this.lines[this.at];
  }

  /** A block mapping whose keys sit at column `indent`. */
  map(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let line = this.line(); line && line.indent === indent && !isSeqItem(line.content); line = this.line()) {
      const match = KEY.exec(line.content);
      if (!match) give_up();
      const key = match![1]!;
      if (resolvePlain(key) !== key || key === "__proto__" || Object.hasOwn(out, key)) give_up();
      const rest = line.content.slice(match![0].length);
      this.at += 1;
      out[key] = rest === "" || rest.startsWith("#") ? this.blockValue(indent) : inlineValue(rest);
    }
    this.end(indent);
    return out;
  }

  /** A block sequence whose dashes sit at column `indent`. */
  seq(indent: number): unknown[] {
    const out: unknown[] = [];
    for (let line = this.line(); line && line.indent === indent && isSeqItem(line.content); line = this.line()) {
      const rest = line.content.slice(1).trimStart();
      if (rest === "" || rest.startsWith("#") || isSeqItem(rest)) give_up();
      if (KEY.test(rest)) {
        // "- key: value": a mapping whose keys sit where this first key does.
        const column = indent + line.content.length - rest.length;
        this.lines[this.at] = { indent: column, content: rest };
        out.push(this.map(column));
      } else {
        this.at += 1;
        out.push(inlineValue(rest));
      }
    }
    this.end(indent);
    return out;
  }

  /** A mapping value written on the lines below its key (or nothing: null). */
  private blockValue(indent: number): unknown {
    const next = this.line();
    if (next && next.indent > indent) return isSeqItem(next.content) ? this.seq(next.indent) : this.map(next.indent);
    // YAML lets a mapping's sequence value start at the key's own column.
    if (next && next.indent === indent && isSeqItem(next.content)) return this.seq(indent);
    return null;
  }

  /** After a collection at `indent`: only a line less indented, or a sibling the parent reads. */
  private end(indent: number): void {
    const next = this.line();
    if (next && next.indent > indent) give_up();
  }
}

/** A value written after "key: " or "- ": a one-line scalar or flow collection, maybe a comment. */
function inlineValue(rest: string): unknown {
  const first = rest[0]!;
  if (first === '"' || first === "'" || first === "[" || first === "{") {
    const reader = new FlowReader(rest);
    const value = first === "[" || first === "{" ? reader.collection(0) : reader.quoted();
    reader.endOfLine();
    return value;
  }
  if ("-?:,[]{}#&*!|>%@`".includes(first)) give_up();
  const comment = rest.indexOf(" #");
  const scalar = (comment >= 0 ? rest.slice(0, comment) : rest).trimEnd();
  // "a: b: c" and "a: b:" are errors (or mappings) to YAML; brackets are left to the library.
  if (scalar.includes(": ") || scalar.endsWith(":") || /[[\]{}]/.test(scalar)) give_up();
  return resolvePlain(scalar);
}

/** A plain scalar's value under YAML 1.2's core schema, for the forms this reader takes. */
function resolvePlain(text: string): unknown {
  if (/^(?:~|[Nn]ull|NULL)?$/.test(text)) return null;
  if (/^(?:[Tt]rue|TRUE)$/.test(text)) return true;
  if (/^(?:[Ff]alse|FALSE)$/.test(text)) return false;
  if (/^[0-9]{1,15}$/.test(text)) return Number(text);
  // Signs, dots and digits may start numbers (floats, octal, hex, .inf): the library resolves those.
  if (/^[-+.0-9]/.test(text)) give_up();
  return text;
}

class FlowReader {
  private at = 0;

  constructor(private readonly text: string) {}

  private spaces(): void {
    while (this.text[this.at] === " ") this.at += 1;
  }

  /** Nothing but spaces and a comment may follow the value. */
  endOfLine(): void {
    const rest = this.text.slice(this.at);
    if (rest !== "" && !/^ +(?:#.*)?$/.test(rest)) give_up();
  }

  collection(depth: number): unknown {
    if (depth > MAX_FLOW_DEPTH) give_up();
    const open = this.text[this.at];
    const close = open === "[" ? "]" : "}";
    this.at += 1;
    const list: unknown[] = [];
    const map: Record<string, unknown> = {};
    this.spaces();
    if (this.text[this.at] === close) {
      this.at += 1;
      return open === "[" ? list : map;
    }
    for (;;) {
      if (open === "[") {
        list.push(this.value(depth));
        if (this.text[this.at] === ":") give_up();
      } else {
        const key = this.key();
        if (key === "__proto__" || Object.hasOwn(map, key)) give_up();
        this.spaces();
        map[key] = this.value(depth);
      }
      this.spaces();
      const c = this.text[this.at];
      this.at += 1;
      if (c === close) return open === "[" ? list : map;
      if (c !== ",") give_up();
      this.spaces();
      // A trailing comma, or an empty entry: left to the library.
      if (this.text[this.at] === "," || this.text[this.at] === close) give_up();
    }
  }

  /** A flow mapping key and the ": " after it. */
  private key(): string {
    const c = this.text[this.at];
    let key: unknown;
    if (c === '"' || c === "'") key = this.quoted();
    else {
      const match = /^[A-Za-z0-9_][A-Za-z0-9_./-]*/.exec(this.text.slice(this.at));
      if (!match) give_up();
      this.at += match![0].length;
      key = resolvePlain(match![0]);
    }
    if (typeof key !== "string" || this.text[this.at] !== ":" || this.text[this.at + 1] !== " ") give_up();
    this.at += 2;
    return key as string;
  }

  private value(depth: number): unknown {
    this.spaces();
    const c = this.text[this.at];
    if (c === "[" || c === "{") return this.collection(depth + 1);
    if (c === '"' || c === "'") return this.quoted();
    if (c === undefined || "-?:,[]{}#&*!|>%@`".includes(c)) give_up();
    const match = /^[^,[\]{}#]*/.exec(this.text.slice(this.at))!;
    const scalar = match[0].trimEnd();
    // A colon may sit inside (https://...), never before a space or the end of the value.
    if (/:(?: |$)/.test(scalar)) give_up();
    this.at += match[0].length;
    if (this.text[this.at] === "#") give_up();
    return resolvePlain(scalar);
  }

  /** A one-line quoted scalar; in double quotes, only the escapes \\ \" \/ \n \t and \uXXXX. */
  quoted(): string {
    const quote = this.text[this.at]!;
    let out = "";
    let i = this.at + 1;
    for (;;) {
      const c = this.text[i];
      if (c === undefined) give_up();
      if (c === quote) {
        if (quote === "'" && this.text[i + 1] === "'") {
          out += "'";
          i += 2;
          continue;
        }
        break;
      }
      if (c === "\\" && quote === '"') {
        const e = this.text[i + 1];
        if (e === "\\" || e === '"' || e === "/") out += e;
        else if (e === "n") out += "\n";
        else if (e === "t") out += "\t";
        else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(this.text.slice(i + 2, i + 6))) {
          const code = parseInt(this.text.slice(i + 2, i + 6), 16);
          if (code >= 0xd800 && code <= 0xdfff) give_up();
          out += String.fromCharCode(code);
          i += 4;
        } else give_up();
        i += 2;
        continue;
      }
      out += c;
      i += 1;
    }
    this.at = i + 1;
    // What follows a quoted scalar: a separator, the end, or spaces; never a glued comment or key.
    const next = this.text[this.at];
    if (next !== undefined && next !== " " && next !== "," && next !== "]" && next !== "}") {
      if (next === ":") {
        // A quoted key in a flow mapping; anything else with a colon goes to the library.
        return out;
      }
      give_up();
    }
    return out;
  }
}
