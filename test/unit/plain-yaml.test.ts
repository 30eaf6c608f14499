// The plain-YAML reader must never disagree with the yaml library: whatever both read, they read
// the same way. Checked on every YAML file in the repository,
// on thousands of seeded mutations of them (a character deleted or inserted, a line re-indented),
// and on forms picked for being near the subset's edges.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { NOT_PLAIN, readPlainYaml } from "../../src/config/plain-yaml.js";

/** The library's reading with the loader's options, or undefined when it reports anything. */
function libraryReading(text: string): { value: unknown } | undefined {
  const docs = parseAllDocuments(text, { uniqueKeys: true, strict: true, prettyErrors: false });
  if (!Array.isArray(docs) || docs.length !== 1) return undefined;
  const doc = docs[0]!;
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  return { value: doc.toJS() };
}

/**
 * Where the two disagree: a text both read, read differently. (js-yaml takes some broken syntax the
 * library refuses; the schema then judges what it read, see src/config/plain-yaml.ts.)
 */
function disagreement(text: string): string | undefined {
  const plain = readPlainYaml(text);
  if (plain === NOT_PLAIN) return undefined;
  const library = libraryReading(text);
  if (!library || isDeepStrictEqual(library.value, plain)) return undefined;
  return `${JSON.stringify(text)}: plain ${JSON.stringify(plain)}, library ${JSON.stringify(library.value)}`;
}

const REPO_FILES = execFileSync("git", ["ls-files", "*.yaml", "*.yml"], { encoding: "utf8" }).trim().split("\n");
const INSERTS = [":", " ", "#", "-", "[", "]", "{", "}", ",", '"', "'", "\n", "  ", "- ", ": ", "\\", "&a ", "*a", "!", "|", ">", "?", "1", "null", "~", "%", "@", "\t", "---\n", "x", "\n  ", "\n- ", " #"];

function mutations(text: string, count: number, seed: number): string[] {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let t = text;
    for (let edits = 1 + Math.floor(random() * 2); edits > 0; edits--) {
      const at = Math.floor(random() * t.length);
      const kind = random();
      if (kind < 0.3) t = t.slice(0, at) + t.slice(at + 1);
      else if (kind < 0.9) t = t.slice(0, at) + INSERTS[Math.floor(random() * INSERTS.length)]! + t.slice(at);
      else {
        const lines = t.split("\n");
        const i = Math.floor(random() * lines.length);
        lines[i] = " ".repeat(Math.floor(random() * 4)) + lines[i]!.trimStart();
        t = lines.join("\n");
      }
    }
    out.push(t);
  }
  return out;
}

const EDGES = [
  "a: 1\nb: [x, y]\nc: { d: e, f: 'g''h' }\n",
  "a:\n- x\n- y\nb: 2\n",
  "s:\n  - a: 1\n    b:\n    - c\n    d: 2\n  - e\n",
  "a: b: c\n",
  "a: b #c\nd: e#f\n",
  "a: 'x'#c\n",
  'a: "x" y\n',
  "a: [x, y,]\n",
  "a: [x,, y]\n",
  "a: {b: 1, b: 2}\n",
  "a: 1\na: 2\n",
  "a: 1\n  b: 2\n",
  "- a\n",
  "a: 0x1F\nb: 1.5\nc: .inf\nd: -1\ne: 007\nf: +1\n",
  "a: ~\nb: Null\nc: TRUE\nd: false\ne:\n",
  "a: [https://example.com/cb, 'http://localhost:3000']\n",
  "a: [x: 1]\n",
  "a: {b}\n",
  "custom:tenant: acme\n",
  "a: \"\\u00e9\\n\\t\\\"\\\\\\/\"\n",
  "a: \"\\x41\"\n",
  "a:\n  b: 1\n # comment\n  c: 2\n",
  "a: 1\n---\nb: 2\n",
  "__proto__: 1\n",
  "a: { b: [1, [2, {c: d}]] }\n",
  "a: b,c\n",
  "a: it's\n",
  "a: [it's, \"q\"]\n",
  "-   a: 1\n    b: 2\n",
  "k:\n  -   a: 1\n      b: 2\n",
  "a: 123456789012345678\n",
  "a: Zoë\n",
  "~: x\n",
  "a: {null: 1}\n",
  "a:\n  Null: 1\n",
  "- ~: 1\n",
  'a: "v"#c\n',
  "- 'v'#c\n",
  `${"k".repeat(1100)}: v\n`,
];

/** Parsing every file thousands of times takes seconds, more on a loaded machine. */
const SLOW = { timeout: 60_000 };

describe("the plain-YAML reader", SLOW, () => {
  it("reads a file of many users, the case it is for", () => {
    const users = Array.from({ length: 50 }, (_, i) => `      - { username: "u${i}@example.com", attributes: { email: "u${i}@example.com", name: "User ${i}" }, groups: [g${i % 3}], invitation: suppress }`);
    const text = `version: 1\nstack: s\nregion: us-east-1\nuserPools:\n  - name: P\n    groups:\n      - { name: g0 }\n    users:\n${users.join("\n")}\n`;
    expect(readPlainYaml(text)).not.toBe(NOT_PLAIN);
    expect(disagreement(text)).toBeUndefined();
  });

  it("reads most of the repository's YAML files, each as the library does", () => {
    const read = REPO_FILES.filter((file) => readPlainYaml(readFileSync(file, "utf8")) !== NOT_PLAIN);
    expect(read.length).toBeGreaterThan(REPO_FILES.length / 2);
    expect(REPO_FILES.map((file) => disagreement(readFileSync(file, "utf8"))).filter(Boolean)).toEqual([]);
  });

  it("agrees with the library on forms near the edges of what it reads", () => {
    expect(EDGES.map(disagreement).filter(Boolean)).toEqual([]);
    // Some of them are read: the comparison is not vacuous.
    expect(EDGES.filter((text) => readPlainYaml(text) !== NOT_PLAIN).length).toBeGreaterThan(10);
  });

  it("agrees with the library on seeded mutations of every file", () => {
    const problems: string[] = [];
    let read = 0;
    REPO_FILES.forEach((file, i) => {
      for (const text of mutations(readFileSync(file, "utf8"), 25, i + 1)) {
        if (readPlainYaml(text) !== NOT_PLAIN) read += 1;
        const problem = disagreement(text);
        if (problem) problems.push(`${file}: ${problem}`);
      }
    });
    expect(problems).toEqual([]);
    expect(read).toBeGreaterThan(500);
  });
});
