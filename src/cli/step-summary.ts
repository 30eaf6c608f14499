import { appendFile } from "node:fs/promises";

/**
 * On GitHub Actions, GITHUB_STEP_SUMMARY names a file whose Markdown is shown on the run's summary
 * page. The Markdown output is appended to it as well; failing to write is a warning, never a
 * failure of the command.
 */
export async function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv, warn: (text: string) => void): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    await appendFile(file, markdown, "utf8");
  } catch (error) {
    warn(`warning: could not append to GITHUB_STEP_SUMMARY (${file}): ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
