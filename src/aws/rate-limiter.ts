import { setTimeout as sleep } from "node:timers/promises";

/** Time as the limiter sees it: injectable, so pacing and recovery can be tested without waiting. */
export interface Clock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = { now: () => performance.now(), sleep: (ms) => sleep(ms) };

/** AWS counts a quota per second. */
const WINDOW_MS = 1000;
/**
 * A call still travels after it leaves here, and AWS counts it on arrival: two calls released a
 * window apart may arrive a little closer. This much more than a window absorbs the difference in
 * their travel times without running measurably under the quota (2.5%).
 */
const SLACK_MS = 25;
/** On throttling the rate drops to this share of what it was (multiplicative decrease). */
const DECREASE = 0.7;
/** Without throttling the rate climbs back by this share of the quota each second (additive increase). */
const RECOVERY_PER_SECOND = 0.1;
/** While below the quota the limiter looks again this often, so a recovering rate is used at once. */
const MAX_NAP_MS = 250;

export interface QuotaLimiterOptions {
  /** Calls a second the quota allows. */
  quota: number;
  clock?: Clock;
  /** Told the clock reading of each release, the one the limit is judged by (for measurement). */
  onRelease?: (at: number) => void;
}

/**
 * Paces the calls of one quota category at its quota, and below it while AWS throttles.
 *
 * Pacing: a token bucket whose tokens each come back one window after they were spent. A caller is
 * released when fewer calls than the current rate were released in the last window (judged by the
 * clock at the moment of release, so a late event loop cannot bunch calls together). Cognito does
 * not document a burst; this allows a whole second's quota at once and never more than the quota
 * within any second, the strictest reading of "N requests per second" that still runs at N.
 *
 * Adapting (additive increase, multiplicative decrease): a throttled call means others share the
 * quota, so the rate drops to 70% of what it was, at most once a window and only for calls released
 * after the last drop (the calls already in flight were sent at the old rate and say nothing new).
 * It then climbs back by a tenth of the quota each second until it reaches the quota again. As drops
 * are a window apart at least, even constant throttling leaves the rate at 0.7 × (r + 0.1 × quota)
 * after each drop, which settles at 7/30 of the quota: slowed, never stalled.
 */
export class QuotaLimiter {
  private readonly quota: number;
  private readonly clock: Clock;
  private readonly onRelease: ((at: number) => void) | undefined;
  /** Release times still inside the longest window that can matter, oldest first. */
  private readonly released: number[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  /** The rate right after the last decrease, and when that was. */
  private base: number;
  private baseAt = Number.NEGATIVE_INFINITY;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  /** Throttled answers seen, and how many of them lowered the rate. */
  throttles = 0;
  decreases = 0;

  constructor(options: QuotaLimiterOptions) {
    if (!(options.quota > 0)) throw new Error(`a quota must be above 0, not ${options.quota}`);
    this.quota = options.quota;
    this.clock = options.clock ?? realClock;
    this.onRelease = options.onRelease;
    this.base = options.quota;
  }

  /** The calls a second allowed now. */
  rate(now = this.clock.now()): number {
    if (this.baseAt === Number.NEGATIVE_INFINITY) return this.base;
    return Math.min(this.quota, this.base + (this.quota * RECOVERY_PER_SECOND * (now - this.baseAt)) / 1000);
  }

  /** Resolves with the release time when the caller may send; callers are served in arrival order. */
  acquire(): Promise<number> {
    const turn = this.queue.then(() => this.waitForRoom());
    // A caller's failure is its own: the next caller still gets its turn.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** A call released at `releasedAt` was throttled. */
  throttled(releasedAt: number): void {
    this.throttles += 1;
    const now = this.clock.now();
    if (releasedAt < this.lastDecreaseAt || now - this.lastDecreaseAt < WINDOW_MS) return;
    this.base = this.rate(now) * DECREASE;
    this.baseAt = now;
    this.lastDecreaseAt = now;
    this.decreases += 1;
  }

  private async waitForRoom(): Promise<number> {
    for (;;) {
      const now = this.clock.now();
      const rate = this.rate(now);
      // Below one call a second, one call per 1/rate seconds.
      const allowed = Math.max(1, Math.floor(rate));
      const windowMs = Math.max(WINDOW_MS, (WINDOW_MS * allowed) / rate) + SLACK_MS;
      while (this.released.length > 0 && now - this.released[0]! >= windowMs) this.released.shift();
      if (this.released.length < allowed) {
        this.released.push(now);
        this.onRelease?.(now);
        return now;
      }
      // Room comes when all but allowed - 1 of the calls in the window have left it.
      const freesAt = this.released[this.released.length - allowed]! + windowMs;
      const nap = freesAt - now;
      await this.clock.sleep(rate < this.quota ? Math.min(nap, MAX_NAP_MS) : nap);
    }
  }
}
