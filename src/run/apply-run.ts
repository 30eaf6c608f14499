import type { Logger } from "pino";
import type { StepResult } from "../apply/execute.js";
import type { LoadedConfig } from "../config/load.js";
import type { Change } from "../core/plan-types.js";
import { poolAddress } from "../core/addresses.js";
import { planFromConfig, type CommonOptions, type PlannedRun } from "./plan-run.js";

/**
 * Carrying out a plan, apart from how the command line asks and prints: the operations in
 * dependency order, then a fresh read that proves (or disproves) that live state now matches.
 */

export interface ApplyRunOptions {
  concurrency: number;
  /** Each operation's result, as it completes. */
  onResult(result: StepResult): void;
}

/** Runs every change of the plan; a failure is a result, and what depends on it is skipped. */
export async function applyPlanned(run: PlannedRun, options: ApplyRunOptions): Promise<StepResult[]> {
  const { executeSteps } = await import("../apply/execute.js");
  return executeSteps(run.aws, run.steps, {
    concurrency: options.concurrency,
    stack: run.plan.stack,
    onResult: options.onResult,
  });
}

/**
 * A pinned entry whose pool was replaced names a pool that no longer exists: the check after apply
 * reads the new pool instead, and the user is told which line of the file to change.
 */
export function withReplacedIds(config: LoadedConfig, results: readonly StepResult[]): { config: LoadedConfig; notes: string[] } {
  const notes: string[] = [];
  const userPools = config.state.userPools.map((pool) => {
    const made = results.find((r) => r.address === poolAddress(pool.name) && r.action === "replace" && r.newId !== undefined)?.newId;
    if (pool.id === undefined || made === undefined) return pool;
    notes.push(`${poolAddress(pool.name)} was replaced: its id is now ${made}; in ${config.file}, change "id: ${pool.id}" to "id: ${made}"`);
    return { ...pool, id: made };
  });
  return { config: { ...config, state: { ...config.state, userPools } }, notes };
}

/** Reads live state again and plans against the file as it was applied (even if edited meanwhile): what still differs. */
export async function remainingChanges(config: LoadedConfig, options: CommonOptions, logger: Logger): Promise<Change[]> {
  const check = await planFromConfig(config, { ...options, adopt: false }, logger);
  try {
    return check.plan.changes.filter((c) => c.action !== "no-op");
  } finally {
    check.aws.destroy();
  }
}
