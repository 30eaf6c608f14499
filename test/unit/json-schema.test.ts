import { readFileSync, readdirSync } from "node:fs";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { JSON_SCHEMA_FILE, desiredStateJsonSchema, desiredStateJsonSchemaText } from "../../src/schema/json-schema.js";

const repo = new URL("../../", import.meta.url);
const examples = readdirSync(new URL("examples/", repo)).filter((f) => f.endsWith(".yaml") || f.endsWith(".yml"));

// strict: an unknown keyword or an ambiguous type in the generated schema is an error, not a warning.
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(desiredStateJsonSchema());

/** Data as an editor sees it: YAML parsed, `${env:...}` left as written. */
function yamlData(text: string): unknown {
  return parse(text);
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`).join("\n");
}

describe("JSON Schema of the desired-state file", () => {
  it(`${JSON_SCHEMA_FILE} is up to date`, () => {
    let committed: string | undefined;
    try {
      committed = readFileSync(new URL(JSON_SCHEMA_FILE, repo), "utf8");
    } catch {
      committed = undefined;
    }
    expect(committed, `${JSON_SCHEMA_FILE} is missing or stale: run \`npm run schema\` and commit the result`).toBe(desiredStateJsonSchemaText());
  });

  it("carries $id, title, the .describe() texts and enums", () => {
    const schema = desiredStateJsonSchema() as {
      $id: string;
      title: string;
      properties: { stack: { description: string }; userPools: { items: { properties: Record<string, { description?: string; properties?: Record<string, unknown> }> } } };
    };
    expect(schema.$id).toMatch(/^https:\/\/.+\.schema\.json$/);
    expect(schema.title).toContain("cognito-reconcile");
    expect(schema.properties.stack.description).toMatch(/cognito-reconcile:stack/);
    const pool = schema.properties.userPools.items.properties;
    expect(pool.signIn?.description).toMatch(/Immutable/);
    expect(pool.mfa?.properties?.mode).toMatchObject({ description: expect.any(String), anyOf: [{ type: "string", enum: ["OFF", "OPTIONAL", "ON"] }, { $ref: "#/$defs/envReference" }] });
    // Fields with defaults are optional on the input side.
    expect(pool.deletionProtection).toMatchObject({ type: "boolean", default: true });
  });

  for (const file of examples) {
    it(`accepts examples/${file}`, () => {
      const text = readFileSync(new URL(`examples/${file}`, repo), "utf8");
      expect(text.split("\n")[0]).toBe(`# yaml-language-server: $schema=../${JSON_SCHEMA_FILE}`);
      const ok = validate(yamlData(text));
      expect(ok, describeErrors(validate.errors)).toBe(true);
    });
  }

  it("rejects a misspelt key and a value outside an enum", () => {
    const data = yamlData(
      [
        "version: 1",
        "stack: typo-dev",
        "userPools:",
        "  - name: Typo-UserPool",
        "    passwordPolcy: { minimumLength: 12 }",
        "    mfa: { mode: SOMETIMES, totp: true }",
      ].join("\n"),
    );
    expect(validate(data)).toBe(false);
    const errors = validate.errors ?? [];
    expect(errors).toContainEqual(expect.objectContaining({ instancePath: "/userPools/0", keyword: "additionalProperties", params: { additionalProperty: "passwordPolcy" } }));
    expect(errors).toContainEqual(expect.objectContaining({ instancePath: "/userPools/0/mfa/mode", keyword: "enum" }));
  });

  it("accepts ${env:...} in string fields but keeps numbers and booleans typed", () => {
    const file = (pool: string) => yamlData(["version: 1", "stack: env-dev", "region: ${env:AWS_REGION}", "userPools:", `  - ${pool}`].join("\n"));
    expect(validate(file('{ name: "${env:POOL_NAME}", groups: [{ name: admin, roleArn: "arn:aws:iam::${env:ACCOUNT_ID}:role/admin" }] }')), describeErrors(validate.errors)).toBe(true);
    expect(validate(file('{ name: Pool, passwordPolicy: { minimumLength: "${env:MIN_LENGTH}" } }'))).toBe(false);
    expect(validate(file('{ name: Pool, deletionProtection: "${env:PROTECT}" }'))).toBe(false);
  });
});
