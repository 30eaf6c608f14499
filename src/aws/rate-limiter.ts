import { setTimeout as sleep } from "node:timers/promises";

/**
 * At most `limit` releases in any window of `windowMs`, judged by the clock at the moment of each
 * release. Limiters that plan a timeline up front let calls bunch together when the event loop is
 * late (a busy machine fires their timers late, then all at once), and AWS counts calls as they
 * arrive; checking the real clock at release time keeps every window within the limit.
 */
export class SlidingWindowLimiter {
  private readonly released: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    /** Told the clock reading of each release, the one the limit is judged by (for measurement). */
    private readonly onRelease?: (at: number) => void,
  ) {}

  /** Resolves when the caller may send; callers are served in arrival order. */
  acquire(): Promise<void> {
    const turn = this.queue.then(() => this.waitForRoom());
    this.queue = turn;
    return turn;
  }

  private async waitForRoom(): Promise<void> {
    for (;;) {
      const now = performance.now();
      while (this.released.length > 0 && now - this.released[0]! >= this.windowMs) this.released.shift();
      if (this.released.length < this.limit) {
        this.released.push(now);
        this.onRelease?.(now);
        return;
      }
      await sleep(this.windowMs - (now - this.released[0]!) + 1);
    }
  }
}
