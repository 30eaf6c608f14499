import type { z } from "zod";

/** Just enough of zod 4's schema definitions to walk a schema along a data path. */
interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === "pipe" ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
}

/** The keys an object schema at `path` accepts; empty when there is no object there. */
export function allowedKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = unwrap(root);
  for (const segment of path) {
    if (!schema) return [];
    const def = defOf(schema);
    if (def.type === "object" && def.shape && typeof segment === "string") schema = def.shape[segment];
    else if (def.type === "array" && typeof segment === "number") schema = def.element;
    else if (def.type === "record") schema = def.valueType;
    else return [];
    if (schema) schema = unwrap(schema);
  }
  if (!schema) return [];
  const def = defOf(schema);
  return def.type === "object" && def.shape ? Object.keys(def.shape) : [];
}
