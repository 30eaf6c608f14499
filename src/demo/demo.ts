#!/usr/bin/env node
// `npm run demo`: a guided tour of cognito-reconcile against a local emulator. It runs the real CLI
// the way a user would, changes something "in the console" with the AWS SDK, and shows drift.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

import { spawn } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolCommand,
  ListUserPoolsCommand,
  UpdateGroupCommand,
  UpdateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { startEmulator, type Emulator } from "../emulator/emulator.js";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const cli = join(repoRoot, "dist", "cli", "main.js");
const example = join(repoRoot, "examples", "basic.yaml");

const bold = (s: string) => (process.stdout.isTTY ? `\u001b[1m${s}\u001b[0m` : s);
const dim = (s: string) => (process.stdout.isTTY ? `\u001b[2m${s}\u001b[0m` : s);

let step = 0;
function chapter(title: string, ...explanation: string[]) {
  step += 1;
  console.log(`\n${bold(`${step}. ${title}`)}`);
  for (const line of explanation) console.log(dim(`   ${line}`));
}

/** Fake credentials are fine for the emulator; no call ever leaves this machine. */
const { AWS_PROFILE: _profile, ...inherited } = process.env;
const env = { ...inherited, AWS_ACCESS_KEY_ID: "demo", AWS_SECRET_ACCESS_KEY: "demo", AWS_EC2_METADATA_DISABLED: "true" };

/** Runs the CLI, prints what the user would type and see, and checks the exit code. */
function run(args: string[], file: string, endpoint: string, expectedExit: number): Promise<void> {
  const target = args[0] === "validate" ? [] : ["--endpoint-url", endpoint];
  const shown = ["cognito-reconcile", ...args, "-f", "basic.yaml", ...target].join(" ");
  console.log(`\n   $ ${shown}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args, "-f", file, ...target], { env, stdio: ["ignore", "pipe", "pipe"] });
    const indent = (chunk: Buffer) => chunk.toString().replace(/^/gm, "   | ").replace(/ {3}\| $/, "");
    child.stdout.on("data", (chunk: Buffer) => process.stdout.write(indent(chunk)));
    child.stderr.on("data", (chunk: Buffer) => process.stdout.write(indent(chunk)));
    child.on("close", (code) => {
      console.log(dim(`   (exit code ${code})`));
      if (code === expectedExit) resolve();
      else reject(new Error(`"${shown}" exited ${code}, expected ${expectedExit}`));
    });
  });
}

/** What someone clicking in the console would do: two edits the file does not know about. */
async function editBehindTheToolsBack(endpoint: string): Promise<void> {
  const idp = new CognitoIdentityProviderClient({ region: "us-east-1", endpoint, credentials: { accessKeyId: "demo", secretAccessKey: "demo" } });
  try {
    const pools = await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    const id = pools.UserPools?.find((p) => p.Name === "Basic-UserPool")?.Id;
    if (!id) throw new Error("the demo pool was not found in the emulator");
    const pool = (await idp.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
    await idp.send(
      new UpdateUserPoolCommand({
        UserPoolId: id,
        Policies: { PasswordPolicy: { ...pool.Policies?.PasswordPolicy, MinimumLength: 6 } },
        DeletionProtection: pool.DeletionProtection,
        AutoVerifiedAttributes: pool.AutoVerifiedAttributes,
        VerificationMessageTemplate: pool.VerificationMessageTemplate,
        MfaConfiguration: pool.MfaConfiguration,
        UserPoolTags: pool.UserPoolTags,
        AdminCreateUserConfig: pool.AdminCreateUserConfig,
        AccountRecoverySetting: pool.AccountRecoverySetting,
        UserAttributeUpdateSettings: pool.UserAttributeUpdateSettings,
      }),
    );
    await idp.send(new UpdateGroupCommand({ UserPoolId: id, GroupName: "admin", Precedence: 50 }));
    console.log("\n   With the AWS SDK: password minimum length 12 -> 6, group admin precedence 1 -> 50.");
  } finally {
    idp.destroy();
  }
}

async function tour(emulator: Emulator, file: string): Promise<void> {
  const url = emulator.url;
  console.log(bold("cognito-reconcile: a five-minute tour"));
  console.log(dim(`A local AWS emulator is listening on ${url}; every command below talks only to it.`));
  console.log(dim(`The desired state is examples/basic.yaml: a user pool with email sign-in, a password policy,`));
  console.log(dim(`optional TOTP MFA, custom attributes, tags and five groups.`));

  chapter("Validate the file", "Offline: YAML syntax, the schema, references. No AWS call is made.");
  await run(["validate"], file, url, 0);

  chapter("Plan", "Reads live Cognito and shows, field by field, what apply would change. Nothing exists yet.");
  await run(["plan"], file, url, 0);

  chapter("Apply", "Creates the pool first, then its groups. In a pipeline, --auto-approve skips the question.");
  await run(["apply", "--auto-approve"], file, url, 0);

  chapter("Plan again", "Idempotent: nothing to do. --detailed-exitcode exits 0 for no changes, 2 for changes.");
  await run(["plan", "--detailed-exitcode"], file, url, 0);

  chapter("Someone changes the pool in the console", "Here the AWS SDK plays that person.");
  await editBehindTheToolsBack(url);

  chapter("Drift", "Run on a schedule: exit code 2 and a report naming each field that moved.");
  await run(["drift"], file, url, 2);

  chapter("Apply puts it back", "Only what differs is changed; the rest of the pool is sent back as it is.");
  await run(["apply", "--auto-approve"], file, url, 0);

  chapter("Drift again", "In sync: exit code 0.");
  await run(["drift"], file, url, 0);

  console.log(`\n${bold("Done.")} Next: read README.md, copy examples/basic.yaml, and run plan against your own account.`);
}

async function main(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), "cognito-reconcile-demo-"));
  const file = join(work, "basic.yaml");
  copyFileSync(example, file);
  let emulator: Emulator | undefined;
  const stop = async () => {
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  try {
    emulator = await startEmulator();
    await tour(emulator, file);
    return 0;
  } catch (error) {
    console.error(`\ndemo failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await stop();
  }
}

process.exitCode = await main();
