#!/usr/bin/env node
// `npm run demo`: the whole set-up of examples/myapp.yaml, toured on a local emulator. It runs the
// real CLI the way a user would, plays the people around it (users setting passwords, someone
// clicking in the console) with the AWS SDK, and ends by removing everything it created.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator, type Emulator } from "../emulator/emulator.js";
import { ConsoleUser } from "./console-user.js";
import { bold, dim, Terminal } from "./terminal.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(repoRoot, "dist", "cli", "main.js");
const EXAMPLE = join(repoRoot, "examples", "myapp.yaml");

const FILE = "myapp.yaml";
const EMPTY_FILE = "nothing.yaml";
const REGION = "us-east-1";
const POOL = "MyApp-UserPool";
const ROLE = "Cognito_MyAppIdentityPoolAuth_Role";
/** Passwords of the demo's own emulator, never of a real account. */
const ADMIN_TEMP_PASSWORD = "Demo-Temp-Adm1n!";
const PASSWORDS = { "admin@example.com": "Demo-Adm1n-Pa55!", "user@example.com": "Demo-Us3r-Pa55!" };

/**
 * The environment of every command: fake credentials (the emulator takes any) and nothing of the
 * caller's AWS set-up, so no profile, endpoint or region of a real account can take part.
 */
function demoEnvironment(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  return {
    ...env,
    AWS_ACCESS_KEY_ID: "demo",
    AWS_SECRET_ACCESS_KEY: "demo",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ADMIN_TEMP_PASSWORD,
  };
}

async function tour(terminal: Terminal, people: ConsoleUser, url: string, work: string): Promise<void> {
  const at = ["--endpoint-url", url];
  const cli = (args: string[], expectedExit = 0, env?: Record<string, string>, prefix?: string) =>
    terminal.run({ args, expectedExit, ...(env ? { env } : {}), ...(prefix ? { prefix } : {}) });
  const verifyUser = (username: keyof typeof PASSWORDS) =>
    cli(["verify", "-f", FILE, "--user", username, ...at], 0, { COGNITO_RECONCILE_VERIFY_PASSWORD: PASSWORDS[username] }, "COGNITO_RECONCILE_VERIFY_PASSWORD=...");

  console.log(bold("cognito-reconcile: the whole Cognito set-up of an application, from one file"));
  console.log(dim(`A local AWS emulator listens on ${url}; every command below talks only to it.`));
  console.log(dim("The file is examples/myapp.yaml (copied to a temporary folder): a user pool with email sign-in and a"));
  console.log(dim("hosted domain, an API resource server, a machine client and a user client, five groups, two users,"));
  console.log(dim("and an identity pool whose IAM role gives signed-in users AWS credentials for their own data."));
  console.log(dim("ADMIN_TEMP_PASSWORD is set in the environment: the file reads the admin's temporary password from it."));

  terminal.chapter("Validate the file", "Offline: YAML syntax, the schema, and every reference between blocks. No AWS call is made.");
  await cli(["validate", "-f", FILE]);

  terminal.chapter("Plan", "Reads live Cognito and IAM. Nothing exists yet, so everything is to be created, field by field.");
  await cli(["plan", "-f", FILE, ...at]);

  terminal.chapter(
    "Apply",
    "In dependency order: the pool; its domain and resource server; the clients, groups and users with their",
    "memberships; then the identity pool, its IAM role and the role attachment. --auto-approve skips the question.",
  );
  await cli(["apply", "-f", FILE, "--auto-approve", ...at]);

  terminal.chapter("Plan again", "Idempotent: nothing to do. With --detailed-exitcode, 0 means no changes and 2 means changes.");
  await cli(["plan", "-f", FILE, "--detailed-exitcode", ...at]);

  terminal.chapter("Outputs for the application", "The ids an application configures itself with. Client secrets appear only with --show-secrets.");
  await cli(["outputs", "-f", FILE, "--format", "dotenv", ...at]);

  terminal.chapter("The users sign in for the first time", "Each replaces the temporary password with a permanent one (here the AWS SDK plays the users).");
  await people.setPasswords(POOL, PASSWORDS);
  terminal.note("admin@example.com and user@example.com now have permanent passwords.");

  terminal.chapter("Verify the admin", "Signs in, checks the groups claim against the file, and exchanges the token for AWS credentials.");
  await verifyUser("admin@example.com");

  terminal.chapter("Verify the user");
  await verifyUser("user@example.com");

  terminal.chapter(
    "Verify the machine client",
    "Gets an access token from the pool's /oauth2/token with the client's id and secret (read from AWS, never",
    "printed), checks its signature against the pool's keys, and that it carries exactly the declared scopes.",
  );
  await cli(["verify", "-f", FILE, "--client", "MyApp-ClientCredentials", ...at]);

  terminal.chapter("Someone changes two things in the console", "Here the AWS SDK plays that person.");
  const before = await people.setGroupPrecedence(POOL, "premium", 2);
  await people.dropPolicyConditions(ROLE, "user-data");
  terminal.note(`Group premium: precedence ${before} -> 2.`);
  terminal.note(`Role ${ROLE}: the LeadingKeys condition is gone from its user-data policy,`);
  terminal.note("so every signed-in user could now read and write every user's items.");

  terminal.chapter("Drift", "Run on a schedule: exit code 2 and a report naming each field that moved.");
  await cli(["drift", "-f", FILE, ...at], 2);

  terminal.chapter("Apply puts it back", "Only what differs is changed.");
  await cli(["apply", "-f", FILE, "--auto-approve", ...at]);

  terminal.chapter("Drift again", "In sync: exit code 0.");
  await cli(["drift", "-f", FILE, ...at]);

  terminal.chapter(
    "Turn deletion protection off",
    "The pool is protected, so removing it starts with a reviewed change to the file: deletionProtection: false.",
  );
  const path = join(work, FILE);
  writeFileSync(path, readFileSync(path, "utf8").replace(/^(\s*)deletionProtection: true$/m, "$1deletionProtection: false"));
  await cli(["apply", "-f", FILE, "--auto-approve", ...at]);

  terminal.chapter(
    "Remove the whole stack",
    `${EMPTY_FILE} declares the stack with no pools. Deleting what the stack owns needs --allow-destroy,`,
    "in plan and in apply: deletes run in reverse order, users included.",
  );
  writeFileSync(join(work, EMPTY_FILE), `version: 1\nstack: myapp-dev\nregion: ${REGION}\nuserPools: []\nidentityPools: []\n`);
  await cli(["plan", "-f", EMPTY_FILE, "--allow-destroy", ...at]);
  await cli(["apply", "-f", EMPTY_FILE, "--allow-destroy", "--auto-approve", ...at]);

  terminal.chapter("Check that nothing is left", "Listed with the AWS SDK.");
  const left = await people.inventory();
  terminal.note(`The emulator holds ${left.userPools} user pools, ${left.identityPools} identity pools and ${left.roles} IAM roles.`);
  if (left.userPools + left.identityPools + left.roles > 0) throw new Error("the stack was not removed completely");
}

async function main(): Promise<number> {
  const started = Date.now();
  const work = mkdtempSync(join(tmpdir(), "cognito-reconcile-demo-"));
  copyFileSync(EXAMPLE, join(work, FILE));
  const terminal = new Terminal(CLI, demoEnvironment(), work);
  let emulator: Emulator | undefined;
  let people: ConsoleUser | undefined;
  let stopping: Promise<void> | undefined;
  /** Idempotent: the normal end and an interruption may both ask. */
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await terminal.stopRunning();
      people?.destroy();
      await emulator?.stop();
      rmSync(work, { recursive: true, force: true });
    })());
  let interrupted = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      interrupted = true;
      console.log(`\n${dim("Interrupted: stopping the emulator and removing the temporary folder.")}`);
      void stop().then(() => process.exit(130));
    });
  }
  try {
    emulator = await startEmulator();
    people = new ConsoleUser(emulator.url, REGION);
    await tour(terminal, people, emulator.url, work);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`\n${bold("Done")} in ${seconds} s. Next: README.md, then copy examples/myapp.yaml and run plan against your own account.`);
    return 0;
  } catch (error) {
    if (interrupted) return 130;
    console.error(`\ndemo failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await stop();
  }
}

process.exitCode = await main();
