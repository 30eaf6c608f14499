#!/usr/bin/env node
// The AWS SDK warns on Node 20 about its future support policy; users cannot act on it here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ConfigError, PlanError, StalePlanError, UserError } from "../core/errors.js";
import type { ExportOptions } from "./export.js";
import type { RotateSecretOptions } from "./rotate-secret.js";
import { TOOL_VERSION } from "./version.js";
import { POLICY_COMMANDS, type PolicyCommand } from "../iam/policy.js";
import { applyCommand, applySavedPlanCommand, driftCommand, exportCommand, iamPolicyCommand, outputsCommand, planCommand, rotateSecretCommand, validateCommand, type Output } from "./commands.js";
import { createLogger, LOG_LEVELS, routeSdkWarnings } from "./logger.js";
import { AccessDeniedError, checkEndpointUrl } from "../aws/errors.js";
import { parseDestination, parseKmsKeyId, type Destination } from "../outputs/destination.js";
import type { OutputsFormat } from "../render/outputs.js";
import { parseRateLimit, type RateLimits } from "../aws/quotas.js";
import { DEFAULT_PASSWORD_ENV } from "../kinds/user/verify-model.js";
import type { CommonOptions } from "../run/plan-run.js";

const version = TOOL_VERSION;

function accountId(value: string): string {
  if (!/^\d{12}$/.test(value)) throw new InvalidArgumentError("must be a 12-digit AWS account id");
  return value;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError("must be a whole number from 1 to 64");
  return n;
}

/** The smallest --max-length: room for the heading, the verdict, some table rows and the notice of a cut. */
const MIN_MAX_LENGTH = 1_000;

function maxLength(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < MIN_MAX_LENGTH) throw new InvalidArgumentError(`must be a whole number of characters, at least ${MIN_MAX_LENGTH}`);
  return n;
}

function maxLengthOption(): Option {
  return new Option("--max-length <N>", "with --format markdown: the most characters it may have; longer, its details are cut (default 65536)").argParser(maxLength);
}

/** Checked as it is parsed, so a bad URL is reported before any file is read or AWS client made. */
function endpointUrlOption(): Option {
  return new Option("--endpoint-url <URL>", "send every AWS call to this endpoint (a local emulator)").argParser(checkEndpointUrl);
}

/** Every flag a command may have; `file` is required everywhere but `apply PLAN.json`, where commander leaves it undefined. */
interface GlobalFlags extends CommonOptions {
  file?: string[];
  print: boolean;
  out?: string;
  logLevel: string;
  color: boolean;
  format: "text" | "json" | "yaml" | "dotenv";
  showSecrets: boolean;
  detailedExitcode: boolean;
  autoApprove: boolean;
  maxLength?: number;
}

/**
 * `-f FILE`, repeatable: the files merge in the order given, each later one over the earlier ones
 * (the flag's values are kept as `file`, a list; commands read them as `files`).
 */
function fileOption(required = true): Option {
  const option = new Option("-f, --file <FILE>", "desired-state YAML file; repeat to merge overlays over it, in order (-f base.yaml -f env/prod.yaml)").argParser(
    (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
  );
  return required ? option.makeOptionMandatory() : option;
}

function withCommonOptions(command: Command, fileRequired = true): Command {
  return command
    .addOption(fileOption(fileRequired))
    .option("--region <REGION>", "region when the file names none (default: the AWS SDK chain, e.g. AWS_REGION)")
    .option("--profile <PROFILE>", "AWS profile from ~/.aws/config")
    .addOption(endpointUrlOption())
    .option("--adopt", "take over same-named pools that lack the stack tag (adds the tag)", false)
    .option("--allow-destroy", "allow deleting pools the file no longer names, and pools with users", false)
    .option("--allow-replace", "allow replacing a pool whose immutable settings changed", false)
    .addOption(new Option("--concurrency <N>", "operations run at once").argParser(positiveInteger).default(8))
    .addOption(
      new Option("--rate-limit <CATEGORY=RPS>", "override a Cognito quota category's request rate, e.g. UserCreation=20 (repeatable)").argParser(
        (value: string, previous: Partial<RateLimits> | undefined) => {
          try {
            return parseRateLimit(value, previous);
          } catch (error) {
            throw new InvalidArgumentError((error as Error).message);
          }
        },
      ),
    )
    .addOption(new Option("--log-level <LEVEL>", "log detail on stderr").choices(LOG_LEVELS).default("warn"))
    .option("--no-color", "plain text output");
}

function io(flags: { color: boolean }): Output {
  const colorAllowed = flags.color && process.stdout.isTTY === true && !process.env.NO_COLOR;
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: colorAllowed,
    interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
  };
}

function program(setExit: (code: number) => void): Command {
  const setExitCode = setExit;
  const root = new Command("cognito-reconcile")
    .description("Keep AWS Cognito equal to a desired-state YAML file.")
    .version(version, "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    // Before any command runs, so no SDK notice reaches stderr (they stay in --log-level debug).
    .hook("preAction", (_root, command) => {
      running = { command: command.name(), files: (command.opts() as { file?: string[] }).file ?? [] };
      routeSdkWarnings(createLogger((command.opts() as { logLevel?: string }).logLevel ?? "warn"));
    });

  // Commander keeps -f's values as `file`; the commands take them as `files`.
  const withFiles = (flags: GlobalFlags): GlobalFlags => ({ ...flags, files: flags.file ?? [] });
  const run = (action: (flags: GlobalFlags) => Promise<number>) => async (flags: GlobalFlags) => setExit(await action(withFiles(flags)));

  root
    .command("validate")
    .description("check the file offline: syntax, schema, references (exit 0 valid, 1 invalid)")
    .addOption(fileOption())
    .option("--print", "print the merged file (of several -f, in order) on stdout, as written: ${env:...} references are kept and need not be set", false)
    .addOption(new Option("--log-level <LEVEL>", "log detail on stderr").choices(LOG_LEVELS).default("warn"))
    .option("--no-color", "plain text output")
    .action(run((flags) => validateCommand(flags.files, io(flags), { print: flags.print })));

  withCommonOptions(root.command("plan").description("show what apply would change (exit 0; with --detailed-exitcode 0 no changes, 2 changes)"))
    .addOption(new Option("--format <FORMAT>", "output format").choices(["text", "json", "markdown"]).default("text"))
    .option("--detailed-exitcode", "exit 2 when there are changes", false)
    .option("--out <PLAN.json>", "also save the plan, for `apply PLAN.json` after review")
    .addOption(maxLengthOption())
    .action(run((flags) => planCommand({ ...flags, format: flags.format as "text" | "json" | "markdown" }, io(flags), createLogger(flags.logLevel))));

  withCommonOptions(root.command("apply").argument("[PLAN.json]", "a saved plan (from plan --out) instead of -f FILE").description("make live state equal to the file (asks first on a terminal), or apply a saved plan"), false)
    .option("--auto-approve", "apply without asking (needed when not on a terminal)", false)
    .action(async (planPath: string | undefined, rawFlags: GlobalFlags) => {
      const flags = withFiles(rawFlags);
      const logger = createLogger(flags.logLevel);
      if (planPath !== undefined && flags.files.length > 0) throw new UserError("give either a saved plan or -f FILE, not both");
      if (planPath !== undefined) return setExitCode(await applySavedPlanCommand(planPath, flags, io(flags), logger));
      if (flags.files.length === 0) throw new UserError("apply needs -f FILE (a desired-state file) or a saved plan: cognito-reconcile apply PLAN.json");
      return setExitCode(await applyCommand(flags, io(flags), logger));
    });

  withCommonOptions(root.command("drift").description("report where live state differs from the file (exit 0 in sync, 2 drift)"))
    .addOption(new Option("--format <FORMAT>", "output format").choices(["text", "json", "markdown"]).default("text"))
    .addOption(maxLengthOption())
    .action(run((flags) => driftCommand({ ...flags, format: flags.format as "text" | "json" | "markdown", detailedExitcode: true }, io(flags), createLogger(flags.logLevel))));

  root
    .command("export")
    .description("write a desired-state file for an existing pool (plan with it shows no changes)")
    .requiredOption("--pool-id <ID>", "the user pool to export")
    .option("--with-users", "include the pool's users (with their groups)", false)
    .option("--stack <NAME>", "stack name for the file (default: the pool's cognito-reconcile:stack tag)")
    .option("--region <REGION>", "the pool's region (default: from the pool id)")
    .option("--profile <PROFILE>", "AWS profile from ~/.aws/config")
    .option("-o, --output <FILE>", "write the file there instead of to stdout")
    .option("--assets-dir <DIR>", "folder, next to the exported file, for the logos and style sheets it names", "assets")
    .addOption(endpointUrlOption())
    .addOption(new Option("--log-level <LEVEL>", "log detail on stderr").choices(LOG_LEVELS).default("warn"))
    .option("--no-color", "plain text output")
    .action(run((flags) => exportCommand(flags as unknown as ExportOptions, io(flags), createLogger(flags.logLevel))));

  root
    .command("outputs")
    .description("print what an application needs: region, pool id and ARN, issuer, domain, token endpoint, client ids; or write it to Parameter Store or Secrets Manager (--to)")
    .addOption(fileOption())
    // No default here: --format given with --to is an error, which needs to know it was given.
    .addOption(new Option("--format <FORMAT>", "how to print the outputs (default: json)").choices(["json", "yaml", "dotenv"]))
    .option("--show-secrets", "include client secrets (keep the output out of logs; with --to, write them as SecureString or into the secret)", false)
    .addOption(
      new Option("--to <DESTINATION>", "write the outputs instead of printing them: ssm:/PREFIX/ (one parameter per value) or secretsmanager:NAME (one JSON secret)").argParser((value: string) =>
        parseDestination(value),
      ),
    )
    .addOption(new Option("--kms-key-id <KEY>", "with --to: the KMS key of SecureString parameters, or of the secret it creates (default: AWS's own key)").argParser((value: string) => parseKmsKeyId(value)))
    .option("--prune", "with --to ssm:/PREFIX/: delete the parameters earlier runs of the stack wrote there that are no longer outputs (without it, they are named on stderr)", false)
    .option("--region <REGION>", "region when the file names none (default: the AWS SDK chain, e.g. AWS_REGION)")
    .option("--profile <PROFILE>", "AWS profile from ~/.aws/config")
    .addOption(endpointUrlOption())
    .addOption(new Option("--log-level <LEVEL>", "log detail on stderr").choices(LOG_LEVELS).default("warn"))
    .option("--no-color", "plain text output")
    .action(
      run((flags) => {
        const { to, kmsKeyId, prune } = flags as GlobalFlags & { to?: Destination; kmsKeyId?: string; prune: boolean };
        const format = flags.format as OutputsFormat | undefined;
        return outputsCommand({ ...flags, format, to, kmsKeyId, prune }, io(flags), createLogger(flags.logLevel));
      }),
    );

  root
    .command("iam-policy")
    .description("print the least-privilege IAM policy (JSON) a command needs for the file; offline")
    .addOption(fileOption())
    .addOption(new Option("--for <COMMAND>", "the command the policy is for").choices([...POLICY_COMMANDS]).makeOptionMandatory())
    .addOption(new Option("--account <ID>", "AWS account id for the ARNs (default: any account, *)").argParser(accountId))
    .option("--region <REGION>", "region of pools whose file names none (default: any region, *)")
    .option("--show-secrets", "outputs and verify: the policy also reads client secrets", false)
    .option("--with-users", "export: the policy also reads users", false)
    .addOption(new Option("--to <DESTINATION>", "outputs: the policy also writes the outputs there (ssm:/PREFIX/ or secretsmanager:NAME)").argParser((value: string) => parseDestination(value)))
    .addOption(new Option("--kms-key-id <KEY>", "outputs --to: the KMS key the outputs are encrypted with").argParser((value: string) => parseKmsKeyId(value)))
    .option("--prune", "outputs --to ssm:/PREFIX/: the policy also deletes parameters that are no longer outputs", false)
    .addOption(new Option("--log-level <LEVEL>", "log detail on stderr").choices(LOG_LEVELS).default("warn"))
    .option("--no-color", "plain text output")
    .action(
      run((flags) => {
        const { for: command, account, withUsers, to, kmsKeyId, prune } = flags as GlobalFlags & { for: PolicyCommand; account?: string; withUsers: boolean; to?: Destination; kmsKeyId?: string; prune: boolean };
        if ((to !== undefined || kmsKeyId !== undefined) && command !== "outputs") throw new UserError("--to and --kms-key-id go with --for outputs");
        if (prune && to?.service !== "ssm") throw new UserError("--prune goes with --for outputs --to ssm:/PREFIX/");
        return iamPolicyCommand(
          {
            files: flags.files,
            for: command,
            showSecrets: flags.showSecrets,
            withUsers,
            prune,
            ...(account !== undefined ? { account } : {}),
            ...(flags.region !== undefined ? { region: flags.region } : {}),
            ...(to !== undefined ? { outputsTo: to } : {}),
            ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
          },
          io(flags),
        );
      }),
    );

  root
    .command("rotate-secret")
    .description("add a new secret to a client now (a leaked secret); apply retires the older one after secretRotation.overlap")
    .addOption(fileOption())
    .requiredOption("--client <NAME>", "the client, by its name in the file")
    .option("--pool <NAME>", "the pool, when several pools of the file have a client of that name")
    .option("--show-secrets", "print the new secret's value (keep the output out of logs)", false)
    .option("--region <REGION>", "region when the file names none (default: the AWS SDK chain, e.g. AWS_REGION)")
    .option("--profile <PROFILE>", "AWS profile from ~/.aws/config")
    .addOption(endpointUrlOption())
    .addOption(new Option("--log-level <LEVEL>", "log detail on stderr").choices(LOG_LEVELS).default("warn"))
    .option("--no-color", "plain text output")
    .action(run((flags) => rotateSecretCommand(flags as unknown as RotateSecretOptions, io(flags), createLogger(flags.logLevel))));

  root
    .command("verify")
    .description(
      "check a declared user's sign-in, groups and AWS credentials (--user), or a client-credentials client's token (--client without --user) (exit 0 all pass, 1 a step failed)",
    )
    .addOption(fileOption())
    .option("--user <USERNAME>", "a user declared in the file: sign in, check the groups claim, get an identity and credentials")
    .option(
      "--client <NAME>",
      "with --user: the client to sign in with (default: the pool's first client allowing ALLOW_USER_PASSWORD_AUTH); without --user: a client_credentials client whose token from the pool's /oauth2/token is checked",
    )
    .option("--password-env <VAR>", "with --user: environment variable holding the user's password", DEFAULT_PASSWORD_ENV)
    .option("--client-secret-env <VAR>", "with --client alone: environment variable holding the client secret to check (default: the live client's secret)")
    .option("--region <REGION>", "region when the file names none (default: the AWS SDK chain, e.g. AWS_REGION)")
    .option("--profile <PROFILE>", "AWS profile from ~/.aws/config")
    .addOption(endpointUrlOption())
    .addOption(new Option("--log-level <LEVEL>", "log detail on stderr").choices(LOG_LEVELS).default("warn"))
    .option("--no-color", "plain text output")
    .addHelpText(
      "after",
      [
        "",
        "With --client NAME and no --user, the client must declare oauth.flows: [client_credentials].",
        "Steps:",
        "  token            POST https://DOMAIN/oauth2/token (the pool's live domain), grant_type=client_credentials,",
        "                   HTTP Basic with the client's id and secret, scope = the client's declared scopes",
        "  signature        the access token verifies against the pool's JWKS (iss, token_use, client_id, exp)",
        "  client_id claim  is the client's id",
        "  scope claim      holds exactly the declared scopes",
        "With an endpoint override (--endpoint-url, else AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, else",
        "AWS_ENDPOINT_URL) the request goes to ENDPOINT/oauth2/token with the domain as its Host header, and",
        "the JWKS comes from ENDPOINT/POOL_ID/.well-known/jwks.json.",
        "Passwords, client secrets and tokens are never printed or logged.",
      ].join("\n"),
    )
    .action(
      run(async (flags) => {
        const { user, client, passwordEnv, clientSecretEnv } = flags as GlobalFlags & { user?: string; client?: string; passwordEnv: string; clientSecretEnv?: string };
        if (user === undefined && client === undefined) {
          throw new UserError("verify needs --user USERNAME (check a user's sign-in) or --client NAME (check a client_credentials client's token)");
        }
        // Loaded on use, like the other AWS commands, so validate and --help start fast.
        if (user === undefined) {
          const { verifyClientCommand } = await import("./verify-client.js");
          return verifyClientCommand({ ...flags, client: client!, ...(clientSecretEnv !== undefined ? { clientSecretEnv } : {}) }, io(flags), createLogger(flags.logLevel));
        }
        if (clientSecretEnv !== undefined) {
          throw new UserError("--client-secret-env checks a client_credentials client, with --client and without --user; a user's sign-in uses the live client's secret");
        }
        const { verifyCommand } = await import("./verify.js");
        return verifyCommand({ ...flags, user, ...(client !== undefined ? { client } : {}), passwordEnv }, io(flags), createLogger(flags.logLevel));
      }),
    );

  return root;
}

/** The command being run and its files, for errors that say which `iam-policy` grants what was denied. */
let running: { command: string; files: string[] } | undefined;

/** What to run for the policy a denied command needs; rotate-secret writes as apply does. */
function policyHint(): string {
  if (!running) return "";
  const command = running.command === "rotate-secret" ? "apply" : running.command;
  if (!(POLICY_COMMANDS as readonly string[]).includes(command)) return "";
  const files = running.files.length > 0 ? running.files.map((f) => ` -f ${f}`).join("") : " -f FILE";
  return `; the policy this command needs: cognito-reconcile iam-policy${files} --for ${command}`;
}

async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const cli = program((code) => {
    exitCode = code;
  });
  const debug = argv.includes("debug") && argv.some((a) => a.startsWith("--log-level"));
  try {
    await cli.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 1;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof PlanError) {
      // Each problem is a whole error of its own: one line each, all of them at once.
      for (const problem of error.problems) process.stderr.write(`error: ${problem}\n`);
      return 1;
    }
    if (error instanceof StalePlanError) {
      process.stderr.write(`error: ${error.message}\n`);
      return 3;
    }
    if (error instanceof AccessDeniedError) {
      process.stderr.write(`error: ${error.message}${policyHint()}\n`);
      if (debug && error.details) process.stderr.write(`${error.details}\n`);
      return 1;
    }
    if (error instanceof UserError) {
      process.stderr.write(`error: ${error.message}\n`);
      if (debug && error.details) process.stderr.write(`${error.details}\n`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: internal error: ${message} (run with --log-level debug for details)\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}

const code = await main(process.argv);
process.exitCode = code;
// After an error, reads still in flight (the other listings of a failed read) would keep the
// process alive, and calling AWS, until they end: leave once what was written has been flushed.
if (code === 1 || code === 3) process.stderr.write("", () => process.stdout.write("", () => process.exit(code)));
