import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../helpers/temp-files.js";

/**
 * `npm run demo` as a new user runs it: a child process with a temporary folder of its own
 * (TMPDIR) and a marker in its environment that every process it starts inherits (the CLI runs and
 * the emulator). After it ends, normally or by Ctrl-C, no process may carry the marker and the
 * temporary folder must be empty.
 */
const DEMO = join(import.meta.dirname, "..", "..", "dist", "demo", "demo.js");

interface DemoRun {
  code: number | null;
  stdout: string;
  seconds: number;
  tmp: string;
  marker: string;
}

function runDemo(interruptWhen?: (stdout: string) => boolean): Promise<DemoRun> {
  const tmp = tempDir("cognito-reconcile-demo-test-").path;
  const marker = randomUUID();
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], {
      env: { ...process.env, TMPDIR: tmp, COGNITO_RECONCILE_DEMO_TEST_MARKER: marker },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let interrupted = false;
    const onOutput = (chunk: Buffer) => {
      stdout += chunk.toString();
      if (interruptWhen && !interrupted && interruptWhen(stdout)) {
        interrupted = true;
        child.kill("SIGINT");
      }
    };
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, seconds: (Date.now() - started) / 1000, tmp, marker }));
  });
}

/** Processes whose environment carries the marker: whatever the demo left running. */
function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, "latin1").includes(marker)) {
        found.push(`${pid} ${readFileSync(`/proc/${pid}/cmdline`, "latin1").replace(/\0/g, " ").trim()}`);
      }
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

const CHAPTERS = [
  ["Validate the file", 0],
  ["Plan", 0],
  ["Apply", 0],
  ["Plan again", 0],
  ["Outputs for the application", 0],
  ["The users sign in for the first time", undefined],
  ["Verify the admin", 0],
  ["Verify the user", 0],
  ["Verify the machine client", 0],
  ["Someone changes two things in the console", undefined],
  ["Drift", 2],
  ["Apply puts it back", 0],
  ["Drift again", 0],
  ["Turn deletion protection off", 0],
  ["Remove the whole stack", 0],
  ["Check that nothing is left", undefined],
] as const;

describe.skipIf(process.platform !== "linux")("npm run demo", () => {
  it("tours the whole set-up, exits 0, and leaves no process or temporary file behind", async () => {
    const run = await runDemo();
    expect(run.code, run.stdout).toBe(0);
    console.log(`demo took ${run.seconds.toFixed(1)} s`);

    // Every chapter, in order, each command with its expected exit code.
    const chapters = run.stdout.split(/\n(?=\d+\. )/).slice(1);
    expect(chapters.map((c) => c.split("\n")[0])).toEqual(CHAPTERS.map(([title], i) => `${i + 1}. ${title}`));
    CHAPTERS.forEach(([title, exit], i) => {
      if (exit !== undefined) expect(chapters[i], title).toContain(`(exit code ${exit})`);
    });
    const chapter = (title: string) => chapters[CHAPTERS.findIndex(([t]) => t === title)]!;

    expect(chapter("Plan")).toContain("Plan: 15 to create, 0 to update, 0 to replace, 0 to delete.");
    for (const address of [
      "userPool.MyApp-UserPool: created",
      "userPool.MyApp-UserPool/domain.myapp-dev-auth: created",
      "userPool.MyApp-UserPool/resourceServer.https://api.example.com: created",
      "userPool.MyApp-UserPool/client.MyApp-ClientCredentials: created",
      "userPool.MyApp-UserPool/client.MyApp-UserAuth: created",
      ...["admin", "moderator", "premium", "user", "readonly"].map((g) => `userPool.MyApp-UserPool/group.${g}: created`),
      "userPool.MyApp-UserPool/user.admin@example.com: created",
      "userPool.MyApp-UserPool/user.user@example.com: created",
      "identityPool.MyAppIdentityPool: created",
      "identityPool.MyAppIdentityPool/iamRole.Cognito_MyAppIdentityPoolAuth_Role: created",
      "identityPool.MyAppIdentityPool/roles: created",
    ]) {
      expect(chapter("Apply"), address).toContain(`+ ${address}`);
    }
    expect(chapter("Plan again")).toContain("No changes.");
    expect(chapter("Outputs for the application")).toMatch(/COGNITO_MYAPP_USERPOOL_CLIENT_MYAPP_CLIENTCREDENTIALS_ID=\w+/);
    expect(chapter("Outputs for the application")).not.toContain("SECRET");
    for (const title of ["Verify the admin", "Verify the user", "Verify the machine client"]) {
      expect(chapter(title)).toContain("| PASS ");
      expect(chapter(title)).not.toContain("| FAIL ");
    }
    // The drift names both edits made behind the tool's back.
    expect(chapter("Drift")).toContain("group.premium");
    expect(chapter("Drift")).toContain("precedence: 2 -> 8");
    expect(chapter("Drift")).toContain("iamRole.Cognito_MyAppIdentityPoolAuth_Role");
    expect(chapter("Drift")).toContain("dynamodb:LeadingKeys");
    expect(chapter("Remove the whole stack")).toMatch(/Plan: 0 to create, 0 to update, 0 to replace, \d+ to delete\./);
    expect(chapter("Check that nothing is left")).toContain("The emulator holds 0 user pools, 0 identity pools and 0 IAM roles.");
    // No secret of the demo reaches the screen.
    expect(run.stdout).not.toMatch(/Demo-(Temp|Adm1n|Us3r)/);

    expect(processesWith(run.marker)).toEqual([]);
    expect(readdirSync(run.tmp)).toEqual([]);
  });

  it("stops cleanly on Ctrl-C in the middle of apply: exit 130, no process, no temporary file", async () => {
    const run = await runDemo((stdout) => stdout.includes("$ cognito-reconcile apply") && stdout.includes("Applying:"));
    expect(run.code, run.stdout).toBe(130);
    expect(run.stdout).toContain("Interrupted: stopping the emulator and removing the temporary folder.");
    expect(run.stdout).not.toContain("demo failed");
    expect(processesWith(run.marker)).toEqual([]);
    expect(readdirSync(run.tmp)).toEqual([]);
  });
});
