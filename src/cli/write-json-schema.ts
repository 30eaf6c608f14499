/**
 * `npm run schema`: writes schemas/cognito-reconcile.schema.json from the zod schema, which the
 * pure src/schema/json-schema.ts turns into JSON Schema.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { JSON_SCHEMA_FILE, desiredStateJsonSchemaText } from "../schema/json-schema.js";

const target = new URL(`../../${JSON_SCHEMA_FILE}`, import.meta.url);
await mkdir(new URL(".", target), { recursive: true });
await writeFile(target, desiredStateJsonSchemaText(), "utf8");
console.log(`wrote ${JSON_SCHEMA_FILE}`);
