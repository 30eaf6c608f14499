import { z } from "zod";
import { desiredStateSchema } from "./root.js";

/** Where the generated schema lives in the repository and in the npm package. */
export const JSON_SCHEMA_FILE = "schemas/cognito-reconcile.schema.json";
export const JSON_SCHEMA_ID = "https://unpkg.com/cognito-reconcile/schemas/cognito-reconcile.schema.json";

/**
 * `${env:NAME}` or `${env:NAME:-default}` anywhere in a string: the same syntax the loader replaces
 * (src/config/interpolate.ts). Unanchored, so `arn:aws:iam::${env:ACCOUNT_ID}:role/admin` matches.
 */
const ENV_REFERENCE_PATTERN = "\\$\\{env:[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\\}";
const ENV_REFERENCE_REF = "#/$defs/envReference";

type JsonSchema = Record<string, unknown>;

/** Keys that describe a value rather than constrain it; they stay on the outside of an anyOf. */
const ANNOTATIONS = new Set(["title", "description", "default", "examples", "deprecated"]);
/** String constraints a `${env:...}` reference would fail, although its value may well pass them. */
const VALUE_CONSTRAINTS = ["pattern", "enum", "const", "format"];

/**
 * The JSON Schema (draft 2020-12) of the desired-state file, for editors (completion, hover texts
 * from the zod `.describe()` texts, errors as you type). It describes the file as written: fields
 * with defaults are optional, and a string field may hold a `${env:...}` reference instead of a
 * value matching its pattern or enum (numbers and booleans are written literally, so they stay
 * typed). The checks zod does in code (refinements, references between entries) are left to
 * `cognito-reconcile validate`.
 */
export function desiredStateJsonSchema(): JsonSchema {
  const generated = z.toJSONSchema(desiredStateSchema, { target: "draft-2020-12", io: "input", unrepresentable: "throw" }) as JsonSchema;
  const { $schema, description, ...body } = allowEnvReferences(generated, false);
  return {
    $schema,
    $id: JSON_SCHEMA_ID,
    title: "cognito-reconcile desired-state file",
    description,
    ...body,
    $defs: {
      ...(body.$defs as JsonSchema | undefined),
      envReference: {
        type: "string",
        pattern: ENV_REFERENCE_PATTERN,
        description: "An environment reference, ${env:NAME} or ${env:NAME:-default}, replaced when the file is loaded.",
      },
    },
  };
}

/** The file's text: pretty JSON with a trailing newline. */
export function desiredStateJsonSchemaText(): string {
  return `${JSON.stringify(desiredStateJsonSchema(), null, 2)}\n`;
}

/**
 * Rewrites every constrained string schema `S` into `{ anyOf: [S, envReference] }`. Mapping keys
 * (`propertyNames`) are not interpolated by the loader, so they keep their constraints as they are.
 */
function allowEnvReferences(node: JsonSchema, isKey: boolean): JsonSchema {
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === "properties" || keyword === "$defs" || keyword === "patternProperties") {
      out[keyword] = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, allowEnvReferences(v, false)]));
    } else if (keyword === "anyOf" || keyword === "oneOf" || keyword === "allOf" || keyword === "prefixItems") {
      out[keyword] = (value as JsonSchema[]).map((v) => allowEnvReferences(v, isKey));
    } else if ((keyword === "items" || keyword === "additionalProperties" || keyword === "not") && isSchemaObject(value)) {
      out[keyword] = allowEnvReferences(value, false);
    } else if (keyword === "propertyNames" && isSchemaObject(value)) {
      out[keyword] = allowEnvReferences(value, true);
    } else {
      out[keyword] = value;
    }
  }
  const constrainedString = out.type === "string" && VALUE_CONSTRAINTS.some((k) => k in out);
  if (isKey || !constrainedString) return out;
  const outside: JsonSchema = {};
  const inside: JsonSchema = {};
  for (const [keyword, value] of Object.entries(out)) (ANNOTATIONS.has(keyword) ? outside : inside)[keyword] = value;
  return { ...outside, anyOf: [inside, { $ref: ENV_REFERENCE_REF }] };
}

function isSchemaObject(value: unknown): value is JsonSchema {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
