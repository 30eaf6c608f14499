import pRetry from "p-retry";
import { DEFAULT_MAX_ATTEMPTS, mayHaveBeenCarriedOut } from "./call-policy.js";
import { describeAwsError } from "./errors.js";

export interface CreateOnce<T> {
  operation: string;
  resource: string;
  /** Sends the create (through the call policy, which hands back failures that may have been carried out). */
  send: () => Promise<T>;
  /** Looks for what an earlier attempt of this create made: undefined when there is none. */
  findMade: () => Promise<T | undefined>;
}

/**
 * A create without an idempotency token, made safe to retry: after a failure that may have been
 * carried out (the answer was lost, not the request), it looks for the resource before sending the
 * create again, so a lost answer never becomes a second pool, client or identity pool. Retries are
 * spaced like the call policy's.
 */
export function createOnce<T>(create: CreateOnce<T>): Promise<T> {
  return pRetry(
    async (attempt) => {
      if (attempt > 1) {
        const made = await create.findMade();
        if (made !== undefined) return made;
      }
      return create.send();
    },
    {
      retries: DEFAULT_MAX_ATTEMPTS - 1,
      factor: 2,
      minTimeout: 100,
      maxTimeout: 5000,
      randomize: true,
      shouldRetry: ({ error }) => mayHaveBeenCarriedOut(error),
    },
  ).catch((error: unknown) => {
    throw describeAwsError(error, create.operation, create.resource);
  });
}
