import { describe, expect, it } from "vitest";
import { allOrFirstFailure, Stopped } from "../../src/core/settle.js";

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("allOrFirstFailure", () => {
  it("returns every result in order when all succeed", async () => {
    await expect(allOrFirstFailure([async () => 1, async () => 2, async () => 3])).resolves.toEqual([1, 2, 3]);
  });

  it("reports the failure of the earliest task in order, not the first to happen, once all have settled", async () => {
    let settledLast = false;
    const run = allOrFirstFailure([
      async () => {
        await later(30);
        throw new Error("first in order");
      },
      async () => {
        throw new Error("first in time");
      },
      async () => {
        await later(60);
        settledLast = true;
        return 3;
      },
    ]);
    await expect(run).rejects.toThrow("first in order");
    expect(settledLast).toBe(true);
  });

  it("tells the other tasks to stop, and never reports their Stopped", async () => {
    const pagesRead: number[] = [];
    const run = allOrFirstFailure([
      async (stopping) => {
        for (let page = 1; page <= 20; page++) {
          if (stopping.stopped) throw new Stopped();
          pagesRead.push(page);
          await later(5);
        }
      },
      async () => {
        await later(12);
        throw new Error("AccessDenied");
      },
    ]);
    await expect(run).rejects.toThrow("AccessDenied");
    expect(pagesRead.length).toBeLessThan(20);
  });

  it("tasks nested in one task see a failure beside it", async () => {
    let nestedPages = 0;
    const run = allOrFirstFailure<unknown>([
      (outer) =>
        allOrFirstFailure(
          [
            async (stopping) => {
              for (let page = 1; page <= 20; page++) {
                if (stopping.stopped) throw new Stopped();
                nestedPages += 1;
                await later(5);
              }
            },
          ],
          outer,
        ),
      async () => {
        await later(12);
        throw new Error("ListGroups failed");
      },
    ]);
    await expect(run).rejects.toThrow("ListGroups failed");
    expect(nestedPages).toBeLessThan(20);
  });
});
