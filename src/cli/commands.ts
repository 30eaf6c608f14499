import { existsSync } from "node:fs";
import { Document, isScalar, visit } from "yaml";
import { createInterface } from "node:readline/promises";
import type { Logger } from "pino";
import { applyRefusals, userDeletionNotes } from "../apply/guards.js";
import { loadConfig, type LoadedConfig } from "../config/load.js";
import { unsetStandsForItself } from "../config/interpolate.js";
import { AccessDeniedError } from "../aws/errors.js";
import { ConfigError, StalePlanError, UserError } from "../core/errors.js";
import { hasChanges } from "../core/plan-types.js";
import { policyFor, type PolicyCommand } from "../iam/policy.js";
import { describeComplete, describeRemaining, describeResult } from "../render/apply-report.js";
import { renderJson } from "../render/json.js";
import { renderMarkdown } from "../render/markdown.js";
import { dotenvCollisions, renderOutputs, type OutputsFormat } from "../render/outputs.js";
import { renderText } from "../render/text.js";
import type { ExportOptions } from "./export.js";
import { describeDestination, type Destination } from "../outputs/destination.js";
import type { OutputsOptions } from "./outputs.js";
import type { RotateSecretOptions } from "./rotate-secret.js";
import type { SavedPlan } from "./saved-plan.js";
import { Progress } from "./progress.js";
import { appendStepSummary } from "./step-summary.js";

/** Applies with fewer operations than this finish before progress would tell anything. */
const PROGRESS_THRESHOLD = 20;
import type { CommonOptions, PlannedRun } from "../run/plan-run.js";
import { TOOL_VERSION } from "./version.js";

/**
 * The AWS SDK is loaded only by commands that talk to AWS, and only once the file is known to be
 * valid, so validate and a plan of a broken file answer fast.
 */
async function planFromFile(options: CommonOptions, logger: Logger, loaded?: LoadedConfig): Promise<PlannedRun> {
  // Loaded once per run: a large file costs seconds and tens of MB to parse and validate.
  const config = loaded ?? (await loadConfig(options.files));
  const pipeline = await import("../run/plan-run.js");
  return pipeline.planFromConfig(config, options, logger);
}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  color: boolean;
  interactive: boolean;
}

/** The merged file as YAML, headed by where it comes from. */
function printMerged(written: unknown, files: readonly string[]): string {
  const from = files.length > 1 ? `the merge of ${files.join(", ")} (in that order), files it names relative to the first one's folder` : files[0]!;
  const doc = new Document(written);
  // Lists of plain values on one line, as people write them ([code, implicit]).
  visit(doc, {
    Seq(_key, node) {
      if (node.items.every(isScalar)) node.flow = true;
    },
  });
  return `# ${from}; environment references are shown as written\n${doc.toString({ lineWidth: 0, flowCollectionPadding: false })}`;
}

export interface PlanCommandOptions extends CommonOptions {
  format: "text" | "json" | "markdown";
  detailedExitcode: boolean;
  /** `--max-length`: the most characters the Markdown may have (markdown only). */
  maxLength?: number;
}

/** Checked before AWS is read: --max-length means something only for Markdown. */
function checkMaxLength(options: Pick<PlanCommandOptions, "format" | "maxLength">): void {
  if (options.maxLength !== undefined && options.format !== "markdown") throw new UserError(`--max-length applies to --format markdown only (the format is ${options.format})`);
}

/** The plan's warnings, on stderr: they are for the person running it, whatever the output format. */
function printWarnings(plan: PlannedRun["plan"], io: Output): void {
  for (const warning of plan.warnings ?? []) io.err(`warning: ${warning}\n`);
}

/** Prints a plan or drift report in the chosen format; Markdown also goes to GITHUB_STEP_SUMMARY when set. */
async function printPlan(plan: PlannedRun["plan"], mode: "plan" | "drift", options: Pick<PlanCommandOptions, "format" | "maxLength">, io: Output): Promise<void> {
  const { format } = options;
  printWarnings(plan, io);
  if (format === "json") return io.out(renderJson(plan, mode));
  if (format === "text") return io.out(renderText(plan, { color: io.color, mode }));
  const markdown = renderMarkdown(plan, { mode, ...(options.maxLength !== undefined ? { maxLength: options.maxLength } : {}) });
  io.out(markdown);
  await appendStepSummary(markdown, process.env, io.err);
}

export interface ValidateOptions {
  /** Print the merged file (as written: ${env:...} references kept) on stdout; the verdict then goes to stderr. */
  print: boolean;
}

export async function validateCommand(files: readonly string[], io: Output, options: ValidateOptions = { print: false }): Promise<number> {
  // The printed file shows references as written, so printing it needs none of their values: a
  // reviewer sees prod's file without prod's secrets. Unset ones are named in the verdict instead.
  const unset = new Set<string>();
  const env = options.print ? unsetStandsForItself(process.env, (name) => unset.add(name)) : process.env;
  const config = await loadWithStandIns(unset, io, () => loadConfig(files, { keepWritten: options.print, env }));
  const file = config.file;
  const pools = config.state.userPools.length;
  const identityPools = config.state.identityPools.length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  // Valid, but outputs --format dotenv would give two of them one variable: said before anyone relies on it.
  const clashes = dotenvCollisions({
    pools: config.state.userPools.map((p) => ({ name: p.name, clients: (p.clients ?? []).map((c) => c.name) })),
    identityPools: config.state.identityPools.map((p) => p.name),
  });
  for (const clash of clashes) io.err(`warning: ${file}: ${clash} in outputs --format dotenv\n`);
  const verdict = `${files.length > 1 ? `${file} merge into a valid file` : `${file} is valid`}: stack "${config.state.stack}", ${plural(pools, "user pool")}, ${plural(identityPools, "identity pool")}.\n`;
  if (!options.print) {
    io.out(verdict);
    return 0;
  }
  io.out(printMerged(config.written, files));
  io.err(verdict);
  if (unset.size > 0) io.err(`warning: ${[...unset].sort().join(", ")} ${unset.size === 1 ? "is" : "are"} not set: printing does not need ${unset.size === 1 ? "it" : "them"}, plan and apply do\n`);
  return 0;
}

export async function planCommand(options: PlanCommandOptions & SavedPlanOptions, io: Output, logger: Logger): Promise<number> {
  checkMaxLength(options);
  const run = await planFromFile(options, logger);
  try {
    await savePlan(run, options, io);
    await printPlan(run.plan, "plan", options, io);
    const refusals = applyRefusals(run.steps, options);
    for (const refusal of refusals) io.err(`warning: apply will refuse: ${refusal}\n`);
    // Deleting users is said even when the flags allow it: nothing brings them back.
    if (options.allowDestroy) for (const note of userDeletionNotes(run.steps)) io.err(`warning: ${note}\n`);
    return options.detailedExitcode && hasChanges(run.plan) ? 2 : 0;
  } finally {
    run.aws.destroy();
  }
}

export async function driftCommand(options: PlanCommandOptions, io: Output, logger: Logger): Promise<number> {
  checkMaxLength(options);
  const run = await planFromFile(options, logger);
  try {
    await printPlan(run.plan, "drift", options, io);
    return hasChanges(run.plan) ? 2 : 0;
  } finally {
    run.aws.destroy();
  }
}

export interface ApplyCommandOptions extends CommonOptions {
  autoApprove: boolean;
}

export interface SavedPlanOptions {
  out?: string;
}

/** Writes the saved plan for `plan --out`: the reviewed changes plus what they were computed from. */
async function savePlan(run: PlannedRun, options: PlanCommandOptions & SavedPlanOptions, io: Output): Promise<void> {
  if (!options.out) return;
  const { writeSavedPlan, fingerprints, accountOf } = await import("./saved-plan.js");
  await writeSavedPlan(
    options.out,
    {
      toolVersion: TOOL_VERSION,
      createdAt: new Date().toISOString(),
      files: run.config.files,
      stack: run.plan.stack,
      region: run.region,
      account: accountOf(run.steps),
      options: { adopt: options.adopt, allowDestroy: options.allowDestroy, allowReplace: options.allowReplace },
      fingerprints: fingerprints(run.steps),
    },
    run.plan,
  );
  io.err(`Saved the plan to ${options.out}; apply it with: cognito-reconcile apply ${options.out}\n`);
}

/**
 * `apply PLAN.json`: re-reads live state and applies only if nothing the plan depends on moved
 * (exit 3 otherwise). A plan whose changes are already in place is a no-op.
 */
export async function applySavedPlanCommand(path: string, options: Omit<CommonOptions, "files" | "adopt" | "allowDestroy" | "allowReplace">, io: Output, logger: Logger): Promise<number> {
  refuseShiftedClock();
  const { readSavedPlan, fingerprints, staleAddresses, isIntact, planDifferences } = await import("./saved-plan.js");
  const saved = await readSavedPlan(path);
  if (!saved) throw new UserError(`${path} is not a saved plan; to apply a desired-state file use: cognito-reconcile apply -f ${path}`);
  if (saved.toolVersion !== TOOL_VERSION) {
    throw new UserError(`${path} was made by cognito-reconcile ${saved.toolVersion}, this is ${TOOL_VERSION}; make the plan again with this version`);
  }
  // An edited plan is never applied. The new plan is still made, when it can be, to name what differs.
  const edited = !isIntact(saved);
  const editedError = () => new StalePlanError(`the saved plan is stale: ${path} was edited after plan wrote it (its contentSha256 no longer matches); make a new plan`);
  const run = await replan(path, saved, options, logger).catch((error: unknown) => {
    throw edited && !(error instanceof StalePlanError) ? editedError() : error;
  });
  try {
    if (run.plan.stack !== saved.stack) throw new StalePlanError(`the saved plan is for stack "${saved.stack}", the file now says "${run.plan.stack}"; make a new plan`);
    if (!hasChanges(run.plan) && !edited) {
      io.out(`Nothing to do: live state of stack "${run.plan.stack}" already matches the file.\n`);
      return 0;
    }
    const moved = staleAddresses(saved.fingerprints, fingerprints(run.steps));
    if (moved.length > 0) {
      throw new StalePlanError(`the saved plan is stale: live state changed since it was made for ${moved.join(", ")}; make a new plan and review it again`);
    }
    // What is applied is the new plan; it must be the one that was reviewed, field for field.
    const differences = planDifferences(saved.plan, run.plan);
    if (differences.length > 0) {
      const more = differences.length > 1 ? ` (and ${differences.length - 1} more difference${differences.length > 2 ? "s" : ""})` : "";
      throw new StalePlanError(`the saved plan is stale: ${differences[0]}${more}; make a new plan`);
    }
    if (edited) throw editedError();
    printWarnings(run.plan, io);
    io.out(renderText(run.plan, { color: io.color, mode: "plan" }));
    return await execute(run, { ...options, files: saved.files.map((f) => f.path), ...saved.options, autoApprove: true }, io, logger);
  } finally {
    run.aws.destroy();
  }
}

/** The saved plan's files, read once and checked against their hashes, planned again against live state. */
async function replan(path: string, saved: SavedPlan, options: Omit<CommonOptions, "files" | "adopt" | "allowDestroy" | "allowReplace">, logger: Logger): Promise<PlannedRun> {
  const files = saved.files.map((f) => f.path);
  const recorded = new Map(saved.files.map((f) => [f.path, f.sha256]));
  // One read: the bytes checked against the plan are the bytes applied.
  const loaded = await loadConfig(files, {
    beforeParse: (file, sha256) => {
      if (sha256 !== recorded.get(file)) throw new StalePlanError(`the saved plan is stale: ${file} changed since it was made; make a new plan`);
    },
  }).catch((error: unknown) => {
    if (error instanceof UserError && !(error instanceof StalePlanError) && !(error instanceof ConfigError)) {
      // A missing file most often means another working directory; anything else says itself.
      const missing = files.find((file) => !existsSync(file));
      throw new UserError(missing !== undefined ? `${path} plans ${missing}, which does not exist here; run apply from the directory plan ran in` : `${path} plans ${error.message}`);
    }
    throw error;
  });
  return planFromFile({ ...options, files, region: options.region ?? saved.region, ...saved.options }, logger, loaded);
}

async function confirm(io: Output, stack: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`\nApply these changes to stack "${stack}"? Only "yes" proceeds: `);
    return answer.trim() === "yes";
  } finally {
    prompt.close();
  }
}

/**
 * COGNITO_RECONCILE_NOW shows what plan and drift would do on another day. Applied, a secret added
 * would look that old at once and the older one would be retired with no real overlap.
 */
function refuseShiftedClock(): void {
  if (process.env.COGNITO_RECONCILE_NOW) throw new UserError("COGNITO_RECONCILE_NOW is set: it is for plan and drift, to see what secret rotation would do on another day; unset it to apply");
}

export async function applyCommand(options: ApplyCommandOptions, io: Output, logger: Logger): Promise<number> {
  refuseShiftedClock();
  if (!options.autoApprove && !io.interactive) {
    throw new UserError("apply needs --auto-approve when it is not run on a terminal (it cannot ask for confirmation)");
  }
  const run = await planFromFile(options, logger);
  try {
    printWarnings(run.plan, io);
    io.out(renderText(run.plan, { color: io.color, mode: "plan" }));
    if (!hasChanges(run.plan)) return 0;
    return await execute(run, options, io, logger);
  } finally {
    run.aws.destroy();
  }
}

/** Refusals, confirmation, the operations, then a fresh read to prove the result. */
async function execute(run: PlannedRun, options: ApplyCommandOptions, io: Output, logger: Logger): Promise<number> {
  const refusals = applyRefusals(run.steps, options);
  if (refusals.length > 0) throw new UserError(`apply refused, nothing was changed:\n${refusals.map((r) => `  ${r}`).join("\n")}`);
  if (!options.autoApprove && !(await confirm(io, run.plan.stack))) {
    io.out("Apply cancelled; nothing was changed.\n");
    return 1;
  }
  io.out("\nApplying:\n");
  const { applyPlanned, remainingChanges, withReplacedIds } = await import("../run/apply-run.js");
  const total = run.steps.filter((s) => s.change.action !== "no-op").length;
  const progress = total >= PROGRESS_THRESHOLD ? new Progress({ total, terminal: io.interactive, write: io.err, logger }) : undefined;
  const results = await applyPlanned(run, {
    concurrency: options.concurrency,
    onResult: (result) => {
      progress?.tick();
      progress?.clear();
      io.out(`${describeResult(result)}\n`);
    },
  }).finally(() => progress?.stop());
  const failed = results.filter((r) => r.status !== "done");
  if (failed.length > 0) {
    const unfinished = `apply did not finish: ${failed.length} of ${results.length} operations failed or were skipped (listed above)`;
    // Refused for want of permission: the fix is a policy, which the CLI names with the action.
    const denied = failed.find((r) => r.denied !== undefined)?.denied;
    if (denied !== undefined) throw new AccessDeniedError(`${unfinished}; access denied: these credentials may not call ${denied}`, denied);
    throw new UserError(`${unfinished}; fix the cause and run apply again, it continues from where it stopped`);
  }
  const { config, notes } = withReplacedIds(run.config, results);
  for (const note of notes) io.out(`\n${note}\n`);
  const remaining = await remainingChanges(config, options, logger);
  if (remaining.length > 0) throw new UserError(describeRemaining(remaining));
  io.out(`\n${describeComplete(results.length)}\n`);
  return 0;
}

export interface OutputsCommandOptions extends OutputsOptions {
  format?: OutputsFormat;
  /** `--to`: write the outputs there instead of printing them. */
  to?: Destination;
  kmsKeyId?: string;
  /** `--prune`: with --to ssm:, delete what earlier runs wrote that is no longer an output. */
  prune: boolean;
}

export async function outputsCommand(options: OutputsCommandOptions, io: Output, logger: Logger): Promise<number> {
  // Flags that contradict each other are said before the file is read or AWS is called.
  const { to, format, kmsKeyId } = options;
  if (kmsKeyId !== undefined && to === undefined) throw new UserError("--kms-key-id is the key of what --to writes; give --to ssm:/PREFIX/ or secretsmanager:NAME, or drop it");
  if (options.prune && to?.service !== "ssm") throw new UserError("--prune deletes Parameter Store parameters the outputs no longer have; give --to ssm:/PREFIX/, or drop it (a secret is always written whole)");
  if (to !== undefined) {
    if (format !== undefined) throw new UserError(`--format chooses how outputs are printed, and with --to they are written to ${describeDestination(to)} instead: drop one of them`);
    const { writeOutputsTo } = await import("./outputs-to.js");
    return writeOutputsTo({ ...options, to }, io, logger);
  }
  const { collectOutputs } = await import("./outputs.js");
  const document = await collectOutputs(options, logger);
  io.out(renderOutputs(document, format ?? "json"));
  return 0;
}

export async function rotateSecretCommand(options: RotateSecretOptions, io: Output, logger: Logger): Promise<number> {
  const { rotateSecret } = await import("./rotate-secret.js");
  io.out(await rotateSecret(options, logger));
  return 0;
}

export interface IamPolicyOptions {
  files: readonly string[];
  for: PolicyCommand;
  account?: string;
  region?: string;
  showSecrets: boolean;
  withUsers: boolean;
  outputsTo?: Destination;
  kmsKeyId?: string;
  prune: boolean;
}

/**
 * Loads a file whose unset variables stand for their references. That does for a secret, any text,
 * but not where the schema wants a form (an ARN, a URL, a domain prefix): when the file is refused,
 * a note first says which variables were unset, since one of them may be why.
 */
async function loadWithStandIns(unset: ReadonlySet<string>, io: Output, load: () => Promise<LoadedConfig>): Promise<LoadedConfig> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ConfigError && unset.size > 0) {
      const names = [...unset].sort().join(", ");
      io.err(`note: ${names} ${unset.size === 1 ? "is" : "are"} not set and stand${unset.size === 1 ? "s" : ""} for ${unset.size === 1 ? "its reference" : "their references"} (\${env:NAME}); where the file needs a value of a form (an ARN, a URL, a domain prefix), set the variable\n`);
    }
    throw error;
  }
}

/** `iam-policy`: the least-privilege policy a command needs for the file, as IAM JSON on stdout. Offline. */
export async function iamPolicyCommand(options: IamPolicyOptions, io: Output): Promise<number> {
  const unset = new Set<string>();
  const config = await loadWithStandIns(unset, io, () => loadConfig(options.files, { env: unsetStandsForItself(process.env, (name) => unset.add(name)) }));
  const policy = policyFor(config.state, options.for, {
    ...(options.account !== undefined ? { account: options.account } : {}),
    ...(options.region !== undefined ? { region: options.region } : {}),
    showSecrets: options.showSecrets,
    withUsers: options.withUsers,
    ...(options.outputsTo ? { outputsTo: options.outputsTo } : {}),
    ...(options.kmsKeyId !== undefined ? { kmsKeyId: options.kmsKeyId } : {}),
    prune: options.prune,
  });
  io.out(`${JSON.stringify(policy, null, 2)}\n`);
  return 0;
}

export async function exportCommand(options: ExportOptions, io: Output, logger: Logger): Promise<number> {
  const { exportPool, writeUserFile } = await import("./export.js");
  const yaml = await exportPool(options, logger, io.err);
  if (options.output === undefined) io.out(yaml);
  else await writeUserFile(options.output, yaml);
  return 0;
}
