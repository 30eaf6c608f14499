// Every list of mappings in the file format is either merged entry by entry by a key (NAMED_LISTS)
// or replaced whole on purpose (REPLACED_WHOLE): a list added to the schema fails here until it is
// one or the other. And each merge key is a required key of its entries.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { NAMED_LISTS, REPLACED_WHOLE } from "../../src/config/merge-keys.js";

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  required?: string[];
  $defs?: Record<string, JsonSchema>;
  definitions?: Record<string, JsonSchema>;
}

const root = JSON.parse(readFileSync(new URL("../../schemas/cognito-reconcile.schema.json", import.meta.url), "utf8")) as JsonSchema;
const defs = { ...root.definitions, ...root.$defs };

function resolved(node: JsonSchema | undefined): JsonSchema | undefined {
  if (!node?.$ref) return node;
  return resolved(defs[node.$ref.split("/").pop()!]);
}

/** Each list of mappings in the schema: its pattern, and the keys its entries require. */
function listsOfMappings(): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const walk = (raw: JsonSchema | undefined, pattern: string, depth: number): void => {
    const node = resolved(raw);
    if (!node || depth > 30) return;
    for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) walk(branch, pattern, depth + 1);
    const item = resolved(node.items);
    if (item) {
      const mappings = [item, ...(item.anyOf ?? []), ...(item.oneOf ?? [])].map(resolved).filter((n) => n?.properties);
      if (mappings.length > 0) {
        const required = found.get(pattern) ?? new Set<string>();
        for (const m of mappings) for (const key of m!.required ?? []) required.add(key);
        found.set(pattern, required);
      }
      walk(item, `${pattern}[]`, depth + 1);
    }
    for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, pattern === "" ? key : `${pattern}.${key}`, depth + 1);
  };
  walk(root, "", 0);
  return found;
}

describe("merge keys", () => {
  const lists = listsOfMappings();

  it("finds the lists of the file format (the walk itself works)", () => {
    expect([...lists.keys()]).toEqual(expect.arrayContaining(["userPools", "userPools[].groups", "identityPools[].roleMappings[].rules"]));
  });

  it("classifies every list of mappings in the schema, and names no list the schema lacks", () => {
    const classified = [...Object.keys(NAMED_LISTS), ...Object.keys(REPLACED_WHOLE)].sort();
    expect(classified).toEqual([...lists.keys()].sort());
  });

  it("merges each named list by a key its entries must have", () => {
    for (const [pattern, key] of Object.entries(NAMED_LISTS)) expect(lists.get(pattern), pattern).toContain(key);
  });
});
