import { describe, expect, inject, it } from "vitest";
import { runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

/** `--max-length` as a user meets it: refused where it means nothing, honoured where it does. */
const endpoint = inject("emulatorUrl");
const dir = tempDir();
const suffix = uniqueSuffix();
const file = dir.write(
  "groups.yaml",
  [
    "version: 1",
    `stack: maxlen-${suffix}`,
    "region: us-east-1",
    "userPools:",
    `  - name: MaxLen-${suffix}`,
    "    groups:",
    ...Array.from({ length: 60 }, (_, i) => `      - { name: group-${i}, description: "A group with a description long enough to take room ${i}", precedence: ${i} }`),
    "",
  ].join("\n"),
);
const args = ["plan", "-f", file, "--endpoint-url", endpoint];

describe("plan --max-length", () => {
  it("is refused in one line without --format markdown", async () => {
    const result = await runCli([...args, "--max-length", "5000"]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe("error: --max-length applies to --format markdown only (the format is text)");
  });

  it("is refused below its minimum, naming the flag", async () => {
    const result = await runCli([...args, "--format", "markdown", "--max-length", "10"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--max-length.*at least 1000/);
  });

  it("cuts the Markdown to the limit and says where the whole plan is", async () => {
    const whole = await runCli([...args, "--format", "markdown"]);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stdout.length).toBeGreaterThan(3000);
    const cut = await runCli([...args, "--format", "markdown", "--max-length", "3000"]);
    expect(cut.code, cut.stderr).toBe(0);
    expect(cut.stdout.length).toBeLessThanOrEqual(3000);
    expect(cut.stdout).toContain("**Cut to fit 3000 characters:**");
    expect(cut.stdout.split("<details>").length).toBe(cut.stdout.split("</details>").length);
  });
});
