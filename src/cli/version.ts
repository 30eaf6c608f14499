import { readFileSync } from "node:fs";

/** The package version, recorded in saved plans and printed by --version. */
export const TOOL_VERSION = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;
