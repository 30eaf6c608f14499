import { appendFile, open } from "node:fs/promises";

/**
 * How the file ends, as the blank line a new block needs: "" for an empty (or missing) file or one
 * that ends with a blank line, "\n" after a complete line, "\n\n" after a line left open.
 */
async function separatorAfter(file: string): Promise<string> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch {
    return "";
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return "";
    const tail = Buffer.alloc(Math.min(2, size));
    await handle.read(tail, 0, tail.length, size - tail.length);
    const text = tail.toString("latin1");
    if (text.endsWith("\n\n") || (size === 1 && text === "\n")) return "";
    return text.endsWith("\n") ? "\n" : "\n\n";
  } finally {
    await handle.close();
  }
}

/**
 * On GitHub Actions, GITHUB_STEP_SUMMARY names a file whose Markdown is shown on the run's summary
 * page. The Markdown output is appended to it as well, as a block of its own: a blank line comes
 * before it when the file has content, since an HTML block such as a closing `</details>` goes on
 * until a blank line and would swallow the next report's heading. Failing to write is a warning,
 * never a failure of the command.
 */
export async function appendStepSummary(markdown: string, env: NodeJS.ProcessEnv, warn: (text: string) => void): Promise<void> {
  const file = env.GITHUB_STEP_SUMMARY;
  if (!file) return;
  try {
    const block = markdown.endsWith("\n") ? markdown : `${markdown}\n`;
    await appendFile(file, `${await separatorAfter(file)}${block}`, "utf8");
  } catch (error) {
    warn(`warning: could not append to GITHUB_STEP_SUMMARY (${file}): ${error instanceof Error ? error.message : String(error)}\n`);
  }
}
