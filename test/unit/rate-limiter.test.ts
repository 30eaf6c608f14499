import { describe, expect, it } from "vitest";
import { QuotaLimiter, type Clock } from "../../src/aws/rate-limiter.js";

/** A clock that moves only when told, waking sleepers in time order. */
class FakeClock implements Clock {
  private t = 0;
  private sleepers: { at: number; wake: () => void }[] = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number): Promise<void> {
    return new Promise((wake) => this.sleepers.push({ at: this.t + Math.max(0, ms), wake }));
  }

  /** Moves to `until`, letting every sleeper due on the way run at its own time. */
  async runUntil(until: number): Promise<void> {
    for (;;) {
      await settle();
      this.sleepers.sort((a, b) => a.at - b.at);
      const next = this.sleepers[0];
      if (!next || next.at > until) break;
      this.sleepers.shift();
      this.t = Math.max(this.t, next.at);
      next.wake();
    }
    this.t = until;
    await settle();
  }
}

const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The most releases within any window of `ms` starting at a release. */
function busiest(times: readonly number[], ms: number): number {
  return Math.max(0, ...times.map((start) => times.filter((t) => t >= start && t - start < ms).length));
}

function limiterWithLog(quota: number) {
  const clock = new FakeClock();
  const releases: number[] = [];
  const limiter = new QuotaLimiter({ quota, clock, onRelease: (at) => releases.push(at) });
  const request = (count: number) => Array.from({ length: count }, () => limiter.acquire());
  return { clock, limiter, releases, request };
}

describe("QuotaLimiter pacing (fake clock)", () => {
  it("releases a whole second's quota at once, then the quota each second, never more within any second", async () => {
    const { clock, releases, request } = limiterWithLog(30);
    const all = Promise.all(request(100));
    await clock.runUntil(10_000);
    await all;
    expect(releases).toHaveLength(100);
    expect(releases.filter((t) => t === 0)).toHaveLength(30);
    expect(busiest(releases, 1000)).toBe(30);
    // 100 calls at 30 a second: the 100th goes in the fourth second, as a quota of 30/s allows.
    expect(releases.at(-1)).toBeGreaterThanOrEqual(3000);
    expect(releases.at(-1)).toBeLessThan(3 * 1025 + 1);
  });

  it("serves callers in arrival order and resolves each with its release time", async () => {
    const { clock, releases, limiter } = limiterWithLog(2);
    const order: number[] = [];
    const waits = Array.from({ length: 5 }, (_, i) => limiter.acquire().then((at) => order.push(i) && at));
    await clock.runUntil(5000);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(await Promise.all(waits)).toEqual(releases);
  });

  it("below one call a second, spaces calls 1/rate seconds apart", async () => {
    const { clock, releases, request } = limiterWithLog(0.5);
    const all = Promise.all(request(3));
    await clock.runUntil(10_000);
    await all;
    expect(releases[1]! - releases[0]!).toBeGreaterThanOrEqual(2000);
    expect(releases[2]! - releases[1]!).toBeGreaterThanOrEqual(2000);
    expect(releases[2]! - releases[0]!).toBeLessThan(4100);
  });
});

describe("QuotaLimiter under throttling (fake clock)", () => {
  it("drops to 70% on a throttled call, once per window, ignoring calls sent before the drop", async () => {
    const { clock, limiter } = limiterWithLog(30);
    const sentEarly = await limiter.acquire();
    await clock.runUntil(100);
    const sentLater = await limiter.acquire();
    await clock.runUntil(200);
    limiter.throttled(sentLater);
    expect(limiter.rate()).toBeCloseTo(21, 5);
    // In the same window, and for a call released before the drop: no further decrease.
    limiter.throttled(sentLater);
    await clock.runUntil(1500);
    limiter.throttled(sentEarly);
    expect(limiter.decreases).toBe(1);
    expect(limiter.throttles).toBe(3);
    // A call released after the drop, a window later: a second decrease, from the recovered rate.
    const sentAfter = await limiter.acquire();
    const recovered = limiter.rate();
    limiter.throttled(sentAfter);
    expect(limiter.decreases).toBe(2);
    expect(limiter.rate()).toBeCloseTo(recovered * 0.7, 5);
  });

  it("lowers the rate at most once a window, even for calls sent after the drop", async () => {
    const { clock, limiter } = limiterWithLog(30);
    await clock.runUntil(200);
    limiter.throttled(await limiter.acquire());
    await clock.runUntil(300);
    const sentAfterDrop = await limiter.acquire();
    await clock.runUntil(400);
    limiter.throttled(sentAfterDrop);
    expect(limiter.decreases).toBe(1);
    await clock.runUntil(1200);
    limiter.throttled(sentAfterDrop);
    expect(limiter.decreases).toBe(2);
  });

  it("a caller whose turn fails does not stop the callers after it", async () => {
    const clock = new FakeClock();
    let calls = 0;
    const limiter = new QuotaLimiter({
      quota: 10,
      clock,
      onRelease: () => {
        calls += 1;
        if (calls === 2) throw new Error("boom");
      },
    });
    const turns = await Promise.allSettled([limiter.acquire(), limiter.acquire(), limiter.acquire(), limiter.acquire()]);
    expect(turns.map((t) => t.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    await expect(limiter.acquire()).resolves.toBeTypeOf("number");
  });

  it("recovers by a tenth of the quota a second, back to the quota and no further", async () => {
    const { clock, limiter } = limiterWithLog(30);
    limiter.throttled(await limiter.acquire());
    expect(limiter.rate()).toBeCloseTo(21, 5);
    await clock.runUntil(1000);
    expect(limiter.rate()).toBeCloseTo(24, 5);
    await clock.runUntil(2000);
    expect(limiter.rate()).toBeCloseTo(27, 5);
    await clock.runUntil(3000);
    expect(limiter.rate()).toBeCloseTo(30, 5);
    await clock.runUntil(60_000);
    expect(limiter.rate()).toBe(30);
  });

  it("paces at the lowered rate after a throttle, then climbs back to the quota", async () => {
    const { clock, limiter, releases, request } = limiterWithLog(30);
    limiter.throttled(await limiter.acquire());
    releases.length = 0;
    const all = Promise.all(request(200));
    await clock.runUntil(20_000);
    await all;
    const perSecond = (from: number) => releases.filter((t) => t >= from && t < from + 1000).length;
    // The first second runs at the lowered rate (21 less the call already sent, then one more each
    // time the recovering rate passes a whole number: 22 and 23), the last ones at the quota.
    expect(perSecond(0)).toBeGreaterThanOrEqual(20);
    expect(perSecond(0)).toBeLessThanOrEqual(22);
    const seconds = Math.floor(releases.at(-1)! / 1000);
    expect(perSecond((seconds - 1) * 1000)).toBeGreaterThanOrEqual(28);
    expect(busiest(releases, 1000)).toBeLessThanOrEqual(30);
    // Never faster than the recovering rate allowed by the end of each second (24, 27, 30).
    expect(perSecond(1000)).toBeLessThanOrEqual(27);
    expect(perSecond(1000)).toBeGreaterThan(perSecond(0));
  });

  it("under constant throttling settles at 7/30 of the quota after each drop: slowed, never stalled", async () => {
    const { clock, limiter } = limiterWithLog(60);
    const afterDrop: number[] = [];
    for (let second = 1; second <= 30; second++) {
      limiter.throttled(await limiter.acquire());
      afterDrop.push(limiter.rate());
      await clock.runUntil(second * 1000);
    }
    expect(limiter.decreases).toBe(30);
    // r' = 0.7 × (r + 6) has its fixed point at 14 = 7/30 of 60.
    expect(afterDrop.at(-1)).toBeCloseTo(14, 2);
    expect(Math.min(...afterDrop)).toBeGreaterThanOrEqual(14);
  });
});

describe("QuotaLimiter on the real clock", () => {
  it("releases at most the quota in any second, in arrival order, even when the event loop stalls", async () => {
    const releases: number[] = [];
    const limiter = new QuotaLimiter({ quota: 5, onRelease: (at) => releases.push(at) });
    const released: number[] = [];
    const waiting = Array.from({ length: 11 }, (_, i) => limiter.acquire().then(() => released.push(i)));
    // Block the event loop for a while, as a busy machine does.
    const until = performance.now() + 250;
    while (performance.now() < until) {
      /* busy */
    }
    await Promise.all(waiting);
    expect(released).toEqual([...Array(11).keys()]);
    expect(busiest(releases, 1000)).toBeLessThanOrEqual(5);
    // 11 callers at 5 a second need two more windows after the first.
    expect(releases.at(-1)! - releases[0]!).toBeGreaterThanOrEqual(2000);
  });
});
