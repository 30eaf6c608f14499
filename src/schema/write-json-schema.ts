/**
 * `npm run schema`: writes schemas/cognito-reconcile.schema.json from the zod schema. The one
 * module under src/schema/ with an effect; the schema itself is built by the pure json-schema.ts.
 */
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- the build step that writes the generated file
import { mkdir, writeFile } from "node:fs/promises";
import { JSON_SCHEMA_FILE, desiredStateJsonSchemaText } from "./json-schema.js";

const target = new URL(`../../${JSON_SCHEMA_FILE}`, import.meta.url);
await mkdir(new URL(".", target), { recursive: true });
await writeFile(target, desiredStateJsonSchemaText(), "utf8");
console.log(`wrote ${JSON_SCHEMA_FILE}`);
