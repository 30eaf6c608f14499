import { describe, expect, it } from "vitest";
import { SlidingWindowLimiter } from "../../src/aws/rate-limiter.js";

describe("SlidingWindowLimiter", () => {
  it("releases at most `limit` callers in any window, in arrival order, even when the event loop stalls", async () => {
    const releases: number[] = [];
    const limiter = new SlidingWindowLimiter(5, 200, (at) => releases.push(at));
    const released: { i: number; at: number }[] = [];
    const waiting = Array.from({ length: 16 }, (_, i) => limiter.acquire().then(() => released.push({ i, at: releases[i]! })));
    // Block the event loop for a while, as a busy machine does.
    const until = performance.now() + 250;
    while (performance.now() < until) {
      /* busy */
    }
    await Promise.all(waiting);
    expect(released.map((r) => r.i)).toEqual([...Array(16).keys()]);
    for (let a = 0; a < released.length; a++) {
      const inWindow = released.filter((r) => r.at >= released[a]!.at && r.at - released[a]!.at < 200).length;
      expect(inWindow).toBeLessThanOrEqual(5);
    }
    // 16 callers at 5 a window need at least three more windows after the first.
    expect(released.at(-1)!.at - released[0]!.at).toBeGreaterThanOrEqual(600);
  });
});
