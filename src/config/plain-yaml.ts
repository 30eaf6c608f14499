import { FAILSAFE_SCHEMA, load, Type } from "js-yaml";

/**
 * The file straight to plain data, for the common case of a file that loads cleanly. The yaml
 * library (which every diagnostic goes through, for its positions) builds a syntax tree and a
 * document before the data comes out: seconds and over 100 MB for a file of 10,000 users. js-yaml
 * reads to plain data in one pass.
 *
 * The two must never read a file differently. js-yaml is given YAML 1.2's core schema, as the
 * yaml library uses (the spec's resolution rules: js-yaml's own default also reads YAML 1.1 forms
 * such as `0b101`, `1_000` or timestamps), and it is not given what the two treat differently or
 * what needs the library's guards: anchors and aliases (the library limits alias expansion),
 * directives (`%YAML 1.1` changes the schema), several documents, and explicit complex keys.
 * Anything js-yaml refuses goes to the library as well, which says what is wrong and where.
 *
 * js-yaml is also more lenient with broken syntax, and the two read some odd flow forms apart; a
 * file with such a line is left to the library too (`readOtherwise`). What remains, js-yaml may
 * still read where the library refuses (a mistake in a block structure): the schema then judges
 * what it read. test/unit/plain-yaml.test.ts checks, on every YAML file of the repository and
 * thousands of mutations of them, that whatever both read, they read alike.
 */

export const NOT_PLAIN = Symbol("not plain YAML");

const plainScalar = (name: string, resolve: (text: string) => boolean, construct: (text: string) => unknown) =>
  new Type(`tag:yaml.org,2002:${name}`, { kind: "scalar", resolve: (data: string | null) => data !== null && resolve(data), construct });

// YAML 1.2.2, 10.3.2 "Tag Resolution" of the core schema.
const NULL = /^(?:~|null|Null|NULL)?$/;
const BOOL = /^(?:true|True|TRUE|false|False|FALSE)$/;
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

function toInt(text: string): number {
  if (text.startsWith("0o")) return parseInt(text.slice(2), 8);
  if (text.startsWith("0x")) return parseInt(text.slice(2), 16);
  return parseInt(text, 10);
}

function toFloat(text: string): number {
  if (/\.nan$/i.test(text)) return NaN;
  if (/\.inf$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  return parseFloat(text);
}

const CORE_SCHEMA_1_2 = FAILSAFE_SCHEMA.extend({
  implicit: [
    new Type("tag:yaml.org,2002:null", { kind: "scalar", resolve: (data: string | null) => data === null || NULL.test(data), construct: () => null }),
    plainScalar("bool", (text) => BOOL.test(text), (text) => /^t/i.test(text)),
    plainScalar("int", (text) => INT.test(text), toInt),
    plainScalar("float", (text) => FLOAT.test(text) && !INT.test(text), toFloat),
  ],
});

/**
 * Forms left to the yaml library: anchors and aliases, directives, document markers, explicit
 * keys, a carriage return that does not end a line (js-yaml breaks the line there, the library
 * does not), a null key (js-yaml names it "null", the library ""), and lines of 1,000 characters
 * or more (the library refuses implicit keys over 1,024).
 */
const LEFT_TO_LIBRARY = /[&*]|^%|^(?:---|\.\.\.)|(?:^|[\s[{,])\?(?:\s|$)|\r(?!\n)|(?:^|[\s{,]|-\s)(?:~|null|Null|NULL|!!null)\s*:(?:\s|$)|^.{1000}/m;
const QUOTED = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'/g;
const COMMENT = /(?:^|\s)#.*$/;
/**
 * In flow collections the two parsers part ways on odd forms: an empty or colon-led entry
 * (`[a, : b]`, `{a,: b}`), a collection as a key (`{a}: b`), a colon inside a plain scalar other
 * than a URL's (`{a:1}`), an empty or comma-led value (`{a: , b}`), a comment right after a value,
 * a trailing comma.
 */
const ODD_FLOW = /[[{,]\s*[,:]|,\s*[\]}]|[\]}]\s*:|:(?![\s/])|:\s+[,\]}]|[Q\]}]#/;

/**
 * A line js-yaml might read otherwise than the library: a flow collection or quoted scalar left
 * open to the next line (js-yaml takes one indented less than YAML requires, the library does
 * not), or flow syntax of an odd form. A quote or bracket inside a plain scalar looks the same,
 * which costs only the faster path.
 */
function readOtherwise(line: string): boolean {
  if (!/["'[{]/.test(line)) return false;
  const bare = line.replace(QUOTED, "Q").replace(COMMENT, "");
  // A comment right after a quote: js-yaml takes `"v"#c`, the library refuses it.
  if (bare.includes('"') || bare.includes("'") || bare.includes("Q#")) return true;
  if (!/[[{]/.test(bare)) return false;
  let depth = 0;
  for (const char of bare) {
    if (char === "[" || char === "{") depth += 1;
    else if (char === "]" || char === "}") depth -= 1;
    if (depth < 0) return true;
  }
  return depth !== 0 || ODD_FLOW.test(bare.slice(bare.search(/[[{]/)));
}

/** The file's data, or NOT_PLAIN when the yaml library has to read it. */
export function readPlainYaml(text: string): unknown {
  if (LEFT_TO_LIBRARY.test(text) || text.split("\n").some(readOtherwise)) return NOT_PLAIN;
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA_1_2 });
  } catch {
    return NOT_PLAIN;
  }
  // A desired-state file is a mapping; anything else is for the library to describe.
  if (data === null || typeof data !== "object" || Array.isArray(data)) return NOT_PLAIN;
  return data;
}
