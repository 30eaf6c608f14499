import { createInterface } from "node:readline/promises";
import type { Logger } from "pino";
import { applyRefusals } from "../apply/guards.js";
import type { StepResult } from "../apply/execute.js";
import { loadConfig } from "../config/load.js";
import { UserError } from "../core/errors.js";
import { hasChanges } from "../core/plan-types.js";
import { renderJson } from "../render/json.js";
import { renderOutputs, type OutputsFormat } from "../render/outputs.js";
import { renderText } from "../render/text.js";
import type { OutputsOptions } from "./outputs.js";
import { Progress } from "./progress.js";

/** Applies with fewer operations than this finish before progress would tell anything. */
const PROGRESS_THRESHOLD = 20;
import type { CommonOptions, PlannedRun } from "./pipeline.js";

/** The AWS SDK is loaded only by commands that talk to AWS, so validate starts fast. */
async function planFromFile(options: CommonOptions, logger: Logger): Promise<PlannedRun> {
  const pipeline = await import("./pipeline.js");
  return pipeline.planFromFile(options, logger);
}

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  color: boolean;
  interactive: boolean;
}

export interface PlanCommandOptions extends CommonOptions {
  format: "text" | "json";
  detailedExitcode: boolean;
}

export async function validateCommand(file: string, io: Output): Promise<number> {
  const config = await loadConfig(file);
  const pools = config.state.userPools.length;
  io.out(`${file} is valid: stack "${config.state.stack}", ${pools} user pool${pools === 1 ? "" : "s"}.\n`);
  return 0;
}

export async function planCommand(options: PlanCommandOptions, io: Output, logger: Logger): Promise<number> {
  const run = await planFromFile(options, logger);
  try {
    io.out(options.format === "json" ? renderJson(run.plan, "plan") : renderText(run.plan, { color: io.color, mode: "plan" }));
    for (const refusal of applyRefusals(run.steps, options)) io.err(`warning: apply will refuse: ${refusal}\n`);
    return options.detailedExitcode && hasChanges(run.plan) ? 2 : 0;
  } finally {
    run.aws.destroy();
  }
}

export async function driftCommand(options: PlanCommandOptions, io: Output, logger: Logger): Promise<number> {
  const run = await planFromFile(options, logger);
  try {
    io.out(options.format === "json" ? renderJson(run.plan, "drift") : renderText(run.plan, { color: io.color, mode: "drift" }));
    return hasChanges(run.plan) ? 2 : 0;
  } finally {
    run.aws.destroy();
  }
}

export interface ApplyCommandOptions extends CommonOptions {
  autoApprove: boolean;
}

const SYMBOLS: Record<string, string> = { create: "+", update: "~", replace: "-/+", delete: "-" };

function describeResult(result: StepResult): string {
  const verb = { create: "created", update: "updated", replace: "replaced", delete: "deleted", "no-op": "unchanged" }[result.action];
  const symbol = (SYMBOLS[result.action] ?? " ").padStart(3);
  if (result.status === "done") return `${symbol} ${result.address}: ${verb}${result.detail ? ` (${result.detail})` : ""} [${(result.ms / 1000).toFixed(1)}s]`;
  if (result.status === "skipped") return `  ! ${result.address}: skipped, because ${result.detail}`;
  return `  ! ${result.address}: FAILED: ${result.detail}`;
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

export async function applyCommand(options: ApplyCommandOptions, io: Output, logger: Logger): Promise<number> {
  if (!options.autoApprove && !io.interactive) {
    throw new UserError("apply needs --auto-approve when it is not run on a terminal (it cannot ask for confirmation)");
  }
  const run = await planFromFile(options, logger);
  try {
    io.out(renderText(run.plan, { color: io.color, mode: "plan" }));
    if (!hasChanges(run.plan)) return 0;
    const refusals = applyRefusals(run.steps, options);
    if (refusals.length > 0) throw new UserError(`apply refused, nothing was changed:\n${refusals.map((r) => `  ${r}`).join("\n")}`);
    if (!options.autoApprove && !(await confirm(io, run.plan.stack))) {
      io.out("Apply cancelled; nothing was changed.\n");
      return 1;
    }
    io.out("\nApplying:\n");
    const { executeSteps } = await import("../apply/execute.js");
    const total = run.steps.filter((s) => s.change.action !== "no-op").length;
    const progress = total >= PROGRESS_THRESHOLD ? new Progress({ total, terminal: io.interactive, write: io.err, logger }) : undefined;
    const results = await executeSteps(run.aws, run.steps, {
      concurrency: options.concurrency,
      stack: run.plan.stack,
      regionOf: run.regionOf,
      onResult: (result) => {
        progress?.tick();
        progress?.clear();
        io.out(`${describeResult(result)}\n`);
      },
    }).finally(() => progress?.stop());
    const failed = results.filter((r) => r.status !== "done");
    if (failed.length > 0) {
      throw new UserError(`apply did not finish: ${failed.length} of ${results.length} operations failed or were skipped (listed above); fix the cause and run apply again, it continues from where it stopped`);
    }
    return await verifyConverged(options, io, logger, results.length);
  } finally {
    run.aws.destroy();
  }
}

/** Reads live state again after applying: anything still different is reported as an error. */
async function verifyConverged(options: ApplyCommandOptions, io: Output, logger: Logger, applied: number): Promise<number> {
  const check = await planFromFile({ ...options, adopt: false }, logger);
  try {
    const remaining = check.plan.changes.filter((c) => c.action !== "no-op");
    if (remaining.length > 0) {
      const lines = remaining.flatMap((c) => [`  ${c.address} (${c.action})`, ...c.fields.map((f) => `      ${f.path}`)]);
      throw new UserError(`apply finished but live state still differs from the file:\n${lines.join("\n")}\nAWS may have rejected or adjusted a value; run plan to see the difference`);
    }
    io.out(`\nApply complete: ${applied} operation${applied === 1 ? "" : "s"}; live state matches the file.\n`);
    return 0;
  } finally {
    check.aws.destroy();
  }
}

export async function outputsCommand(options: OutputsOptions & { format: OutputsFormat }, io: Output, logger: Logger): Promise<number> {
  const { collectOutputs } = await import("./outputs.js");
  const document = await collectOutputs(options, logger);
  io.out(renderOutputs(document, options.format));
  return 0;
}
