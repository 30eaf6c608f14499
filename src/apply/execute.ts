import pLimit from "p-limit";
import type { AwsClients } from "../aws/clients.js";
import { AccessDeniedError } from "../aws/errors.js";
import type { Action } from "../core/plan-types.js";
import type { Step } from "../plan/steps.js";
import { Ids } from "./ids.js";

export interface StepResult {
  address: string;
  action: Action;
  status: "done" | "failed" | "skipped";
  detail: string;
  ms: number;
  /** A user pool's id after it was created or replaced (a pinned entry must then name it). */
  newId?: string;
  /** The IAM action AWS refused, when the step failed for want of permission. */
  denied?: string;
}

export interface ExecuteOptions {
  concurrency: number;
  stack: string;
  onResult?: (result: StepResult) => void;
}

/**
 * Runs the steps as a dependency graph: a step starts once everything it depends on is done, up to
 * `concurrency` at a time. A failure does not stop independent work; the steps that depend on it
 * are skipped, and every step ends with a result, so a rerun converges from wherever this stopped.
 */
export async function executeSteps(aws: AwsClients, steps: readonly Step[], options: ExecuteOptions): Promise<StepResult[]> {
  const pending = steps.filter((s) => s.change.action !== "no-op");
  const ids = Ids.fromSteps(steps);
  const ctx = { aws, ids, stack: options.stack };
  const limit = pLimit(Math.max(1, options.concurrency));
  const finished = new Map<string, Promise<StepResult>>();
  // Several steps can share an address only for distinct kinds; dependencies name pool addresses.
  const byAddress = new Map(pending.map((s) => [s.change.address, s]));

  const run = (step: Step): Promise<StepResult> => {
    const existing = finished.get(step.change.address);
    if (existing) return existing;
    const promise = (async (): Promise<StepResult> => {
      const deps = step.dependsOn.map((a) => byAddress.get(a)).filter((s): s is Step => s !== undefined);
      const depResults = await Promise.all(deps.map(run));
      const failedDep = depResults.find((r) => r.status !== "done");
      const base = { address: step.change.address, action: step.change.action };
      if (failedDep) return { ...base, status: "skipped", detail: `${failedDep.address} did not complete`, ms: 0 };
      return limit(async () => {
        const started = Date.now();
        try {
          const { detail, id } = await step.operation(ctx);
          // What a create or replacement made has a new id (a pool's, a client's): later steps of
          // this apply name it, and the report says it.
          if (id !== undefined) ids.set(step.change.address, id);
          const made = step.change.action === "create" || step.change.action === "replace" ? ids.get(step.change.address) : undefined;
          return { ...base, status: "done" as const, detail, ms: Date.now() - started, ...(made !== undefined ? { newId: made } : {}) };
        } catch (error) {
          const denied = error instanceof AccessDeniedError ? { denied: error.action } : {};
          return { ...base, status: "failed" as const, detail: (error as Error).message, ms: Date.now() - started, ...denied };
        }
      });
    })().then((result) => {
      options.onResult?.(result);
      return result;
    });
    finished.set(step.change.address, promise);
    return promise;
  };

  return Promise.all(pending.map(run));
}
