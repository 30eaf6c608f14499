// Fallback when /usr/bin/time is missing: runs the built CLI in this process and, at exit, writes
// this process's peak resident set size (KiB, from getrusage) to the file named first.
// usage: node rss-wrapper.js RESULT_FILE CLI_SCRIPT [CLI arguments...]
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [resultFile, cli, ...args] = process.argv.slice(2);
if (!resultFile || !cli) {
  process.stderr.write("usage: rss-wrapper.js RESULT_FILE CLI_SCRIPT [ARGS...]\n");
  process.exit(2);
}
process.on("exit", () => writeFileSync(resultFile, `${process.resourceUsage().maxRSS}\n`));
// The CLI reads its arguments from process.argv as if it had been started directly.
process.argv = [process.argv[0]!, cli, ...args];
await import(pathToFileURL(cli).href);
