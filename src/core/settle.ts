/**
 * Runs tasks at once and, when any fails, lets the others see it through `stopping` (so a long
 * listing can stop early) and throws the failure of the earliest task in the given order once all
 * have settled: the error reported does not depend on which call happened to fail first.
 * A task that stopped because another failed throws `Stopped`, which is never the one reported.
 */
export class Stopped extends Error {
  constructor() {
    super("stopped: another read failed");
    this.name = "Stopped";
  }
}

export interface Stopping {
  readonly stopped: boolean;
}

/** `within`: the Stopping of an enclosing allOrFirstFailure, whose stop these tasks see too. */
export async function allOrFirstFailure<T>(tasks: readonly ((stopping: Stopping) => Promise<T>)[], within?: Stopping): Promise<T[]> {
  let failed = false;
  const stopping: Stopping = {
    get stopped() {
      return failed || (within?.stopped ?? false);
    },
  };
  const settled = await Promise.allSettled(
    tasks.map(async (task) => {
      try {
        return await task(stopping);
      } catch (error) {
        failed = true;
        throw error;
      }
    }),
  );
  const failures = settled.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown);
  if (failures.length > 0) throw failures.find((e) => !(e instanceof Stopped)) ?? failures[0];
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}
