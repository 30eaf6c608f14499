import pRetry from "p-retry";
import { UserError } from "../core/errors.js";
import type { Logger } from "pino";
import { categoryOf, DEFAULT_RATE_LIMITS, SERVICE_RATE_LIMITS, type AllRateLimits, type AwsService, type QuotaCategory, type RateLimits } from "./quotas.js";
import { QuotaLimiter, type Clock } from "./rate-limiter.js";

const THROTTLING = new Set(["TooManyRequestsException", "ThrottlingException", "Throttling", "RequestLimitExceeded"]);
const TRANSIENT = new Set(["InternalErrorException", "InternalFailure", "ServiceUnavailable", "ServiceUnavailableException", "TimeoutError", "RequestTimeout"]);
/**
 * IAM (409) and both Cognito services refuse a change that collides with another one in flight
 * on the same object, and Parameter Store does the same with TooManyUpdates ("concurrent updates
 * for a resource that supports one update at a time"). The request was rejected, not carried out,
 * so sending it again is safe; unlike throttling it is not a matter of quota, so it spends the
 * ordinary attempt budget.
 */
const CONFLICTING = new Set(["ConcurrentModificationException", "ConcurrentModification", "TooManyUpdates"]);
/** Codes Node gives a socket or DNS failure: the request got no answer at all. */
const SOCKET_CODES = new Set(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "EAI_AGAIN"]);
/** Messages of a failure with no answer (the SDK does not always keep Node's code). */
const NO_ANSWER_MESSAGE = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up|EAI_AGAIN|network/i;

type ErrorShape = { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };

/**
 * The connection failed before an answer came. An error that carries an HTTP status is the
 * service's answer, whatever its message says (an InvalidParameterException about a "network
 * configuration" is final), so the message is read only when no status came back.
 */
function isNetworkFailure(e: ErrorShape): boolean {
  if (SOCKET_CODES.has(e.code ?? "")) return true;
  if (e.$metadata?.httpStatusCode !== undefined) return false;
  return NO_ANSWER_MESSAGE.test(`${e.code ?? ""} ${e.message ?? ""}`);
}

/** Worth another try: throttling, a concurrent change, a 5xx, or a connection that dropped. Everything else is final. */
export function isRetryable(error: unknown): boolean {
  // The tool's own verdicts (a conflict found, a refusal) are final, whatever words they contain.
  if (error instanceof UserError) return false;
  const e = (error ?? {}) as ErrorShape;
  const name = e.name ?? "";
  if (THROTTLING.has(name) || TRANSIENT.has(name) || CONFLICTING.has(name)) return true;
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500) return true;
  return isNetworkFailure(e);
}

function isThrottling(error: unknown): boolean {
  return THROTTLING.has((error as ErrorShape).name ?? "");
}

/**
 * A retryable failure after which the request may still have been carried out: a 5xx, a timeout or
 * a connection lost after sending. Throttling, a concurrent change and a refused connection prove
 * it was not.
 */
export function mayHaveBeenCarriedOut(error: unknown): boolean {
  const e = (error ?? {}) as ErrorShape;
  if (!isRetryable(error) || isThrottling(error) || CONFLICTING.has(e.name ?? "")) return false;
  return !/ECONNREFUSED/.test(`${e.code ?? ""} ${e.message ?? ""}`);
}

/**
 * Creates that AWS carries out again when sent again, making a second resource of the same name
 * (names of pools, clients and identity pools are not unique), and AdminCreateUser, whose
 * "already exists" means something else on a first attempt than on a retry. A failure that may have been carried
 * out is handed back to the caller, which looks for what the attempt made before sending it again
 * (createOnce); everything else about them is retried here like any call.
 */
export const NOT_REPEATABLE: ReadonlySet<string> = new Set(["CreateUserPool", "CreateUserPoolClient", "CreateIdentityPool", "AdminCreateUser"]);

/** Default attempts per call, the first included, for failures other than throttling. */
export const DEFAULT_MAX_ATTEMPTS = 8;
/**
 * Attempts per call while AWS throttles. Throttling proves the request was refused and asks only
 * for patience; a pipeline that shares its account's quotas with other callers can be throttled
 * many times in a row, and giving up there would fail an apply that a little more waiting finishes.
 */
export const THROTTLED_MAX_ATTEMPTS = 20;

export interface CallPolicyOptions {
  rateLimits?: Partial<RateLimits>;
  /** Attempts per call, the first included. */
  maxAttempts?: number;
  /**
   * Wait before the first retry, before jitter. The wait before retry n is baseDelayMs × 2^(n-1)
   * × a random 1-2, then cut to maxDelayMs: p-retry caps after randomising, so no wait exceeds
   * maxDelayMs, and once the doubling reaches it every wait is maxDelayMs exactly.
   */
  baseDelayMs?: number;
  /** The longest single wait between two attempts. */
  maxDelayMs?: number;
  /** The limiters' clock (tests). */
  clock?: Clock;
  logger: Logger;
}

type Send = (command: unknown, ...rest: unknown[]) => Promise<unknown>;

/**
 * Every AWS call passes through here: first the limiter of its quota category (shared by all
 * clients of this run, as AWS counts per account and region), which paces calls at the quota and
 * slows down while AWS throttles, then retries with exponential backoff and jitter for throttling
 * and transient errors. Installed on each client instance's `send`, so paginators and every kind
 * get it without knowing.
 */
export class CallPolicy {
  private readonly limiters = new Map<string, QuotaLimiter>();
  readonly limits: AllRateLimits;
  /** Calls retried so far, by operation: shown in debug logs and used by tests. */
  readonly retries = new Map<string, number>();

  constructor(private readonly options: CallPolicyOptions) {
    this.limits = { ...DEFAULT_RATE_LIMITS, ...SERVICE_RATE_LIMITS, ...options.rateLimits };
  }

  /** The limiter of a quota category in a region, made on first use. */
  limiter(region: string, category: QuotaCategory): QuotaLimiter {
    const key = `${region}:${category}`;
    let limiter = this.limiters.get(key);
    if (!limiter) {
      limiter = new QuotaLimiter({ quota: this.limits[category], ...(this.options.clock ? { clock: this.options.clock } : {}) });
      this.limiters.set(key, limiter);
    }
    return limiter;
  }

  install<T extends object>(client: T, region: string, service: AwsService): T {
    const target = client as unknown as { send: Send };
    const prototypeSend = (): Send => (Object.getPrototypeOf(client) as { send: Send }).send;
    const { logger } = this.options;
    target.send = (command: unknown, ...rest: unknown[]) => {
      const operation = (command as object).constructor.name.replace(/Command$/, "");
      const category = categoryOf(operation, service);
      const maxAttempts = this.options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
      let failures = 0;
      let retry = false;
      const worthRetrying = (error: unknown): boolean => {
        if (!isRetryable(error)) return false;
        if (isThrottling(error)) return true;
        if (NOT_REPEATABLE.has(operation) && mayHaveBeenCarriedOut(error)) return false;
        return ++failures < maxAttempts;
      };
      return pRetry(
        async () => {
          const limiter = this.limiter(region, category);
          const releasedAt = await limiter.acquire();
          try {
            // Looked up on each call (not captured once) so a test's mock of the prototype applies.
            return await prototypeSend().call(client, command, ...rest);
          } catch (error) {
            if (isThrottling(error)) limiter.throttled(releasedAt);
            throw error;
          }
        },
        {
          retries: Math.max(THROTTLED_MAX_ATTEMPTS, maxAttempts) - 1,
          factor: 2,
          minTimeout: this.options.baseDelayMs ?? 100,
          maxTimeout: this.options.maxDelayMs ?? 5000,
          randomize: true,
          // Decided once per failure, in onFailedAttempt (which p-retry calls first), so the count
          // of non-throttling failures is kept exactly once.
          onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
            retry = worthRetrying(error) && retriesLeft > 0;
            if (!retry) return;
            this.retries.set(operation, (this.retries.get(operation) ?? 0) + 1);
            logger.debug({ operation, attempt: attemptNumber, error: error.name }, "retrying aws call");
          },
          shouldRetry: () => retry,
        },
      );
    };
    return client;
  }
}
