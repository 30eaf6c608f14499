import { parseConfig } from "../../src/config/load.js";
import { ConfigError } from "../../src/core/errors.js";

/** A file's problems as "LINE:COLUMN message"; none when the file is accepted. */
export function diagnosticsOf(text: string): string[] {
  try {
    parseConfig("f.yaml", Buffer.from(text), {});
  } catch (error) {
    if (error instanceof ConfigError) return error.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    throw error;
  }
  return [];
}
