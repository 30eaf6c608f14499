import { spawn } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { CLI, cliEnv, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

/**
 * The CLI on a terminal, through a pseudo-terminal made by util-linux `script`: the prompt of
 * apply, and colour. Everything the CLI writes (stdout and stderr) comes back on the terminal.
 */
const endpoint = inject("emulatorUrl");
const dir = tempDir();
const suffix = uniqueSuffix();
const ESC = "\u001b[";

function onTerminal(args: string[], options: { answer?: string; env?: Record<string, string | undefined> } = {}): Promise<{ code: number; output: string }> {
  const env = { ...cliEnv(), ...options.env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qefc", command, "/dev/null"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    let answered = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no exit within 120 s; output so far:\n${output}`));
    }, 120_000);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      // Typed only once the question is on the screen, as a person would.
      if (options.answer !== undefined && !answered && output.includes('Only "yes" proceeds: ')) {
        answered = true;
        child.stdin.write(`${options.answer}\r`);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

const poolFile = (name: string, pool: string, description: string) =>
  dir.write(
    name,
    ["version: 1", `stack: terminal-${suffix}`, "region: us-east-1", "userPools:", `  - name: ${pool}`, "    deletionProtection: false", "    groups:", `      - { name: staff, description: ${description} }`, ""].join("\n"),
  );

describe("apply on a terminal", () => {
  it("asks for yes: anything else exits 1 with nothing changed, yes applies", async () => {
    const pool = `Prompt-${suffix}`;
    const file = poolFile("prompt.yaml", pool, "Staff");
    const flags = ["-f", file, "--endpoint-url", endpoint];

    for (const answer of ["no", "y", "YES please", ""]) {
      const refused = await onTerminal(["apply", ...flags], { answer });
      expect(refused.output).toContain(`Apply these changes to stack "terminal-${suffix}"? Only "yes" proceeds: `);
      expect(refused.output).toContain("Apply cancelled; nothing was changed.");
      expect(refused.code).toBe(1);
    }
    const still = await runCli(["plan", ...flags, "--detailed-exitcode"]);
    expect(still.code).toBe(2);
    expect(still.stdout).toContain(`+ userPool.${pool}`);

    const accepted = await onTerminal(["apply", ...flags], { answer: "yes" });
    expect(accepted.output).toContain("live state matches the file");
    expect(accepted.code).toBe(0);
    expect((await runCli(["plan", ...flags, "--detailed-exitcode"])).code).toBe(0);
  });
});

describe("colour", () => {
  it("the text plan is coloured on a terminal, and plain with --no-color, with NO_COLOR, or when stdout is not a terminal", async () => {
    const file = poolFile("colour.yaml", `Colour-${suffix}`, "Staff");
    const plan = ["plan", "-f", file, "--endpoint-url", endpoint];

    const coloured = await onTerminal(plan, { env: { NO_COLOR: undefined } });
    expect(coloured.code).toBe(0);
    expect(coloured.output).toMatch(new RegExp(`\\u001b\\[32m *\\+ userPool\\.Colour-${suffix}`));

    const noColorFlag = await onTerminal([...plan, "--no-color"], { env: { NO_COLOR: undefined } });
    const noColorEnv = await onTerminal(plan, { env: { NO_COLOR: "1" } });
    for (const plain of [noColorFlag, noColorEnv]) {
      expect(plain.code).toBe(0);
      expect(plain.output).toContain(`+ userPool.Colour-${suffix}`);
      expect(plain.output).not.toContain(ESC);
    }

    // Not a terminal (a pipe), with colour otherwise allowed.
    const piped = await runCli(plan, { env: { NO_COLOR: "" } });
    expect(piped.code).toBe(0);
    expect(piped.stdout).toContain(`+ userPool.Colour-${suffix}`);
    expect(piped.stdout).not.toContain(ESC);
  });
});
