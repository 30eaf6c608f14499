// Which secrets a client's rotation keeps, adds and retires, and the clock ages are measured by.
import { describe, expect, it } from "vitest";
import { rotationClock } from "../../src/kinds/client-secret/aws.js";
import { rotationDecision, type LiveClientSecret } from "../../src/kinds/client-secret/model.js";

const DAY = 86_400;
const rotation = { maxAge: "90d", overlap: "7d" };
const secret = (id: string, ageDays: number): LiveClientSecret => ({ clientName: "api", clientId: "apiid", secretId: id, created: "2026-01-01T00:00:00.000Z", ageSeconds: ageDays * DAY });
const kept = (decision: ReturnType<typeof rotationDecision>) => decision.keep.map((s) => s.secretId);

describe("rotationDecision", () => {
  it("keeps a young secret and adds nothing", () => {
    expect(rotationDecision(rotation, [secret("a", 89)])).toEqual({ keep: [secret("a", 89)] });
  });

  it("adds a secret once the newest is older than maxAge", () => {
    const decision = rotationDecision(rotation, [secret("a", 91)]);
    expect(kept(decision)).toEqual(["a"]);
    expect(decision.add).toBe("rotate: add a secret (the newest is 91d old; maxAge 90d)");
  });

  it("keeps the older secret while the newest is within overlap, and retires it after", () => {
    expect(kept(rotationDecision(rotation, [secret("old", 97), secret("new", 7)]))).toEqual(["new", "old"]);
    expect(kept(rotationDecision(rotation, [secret("old", 98), secret("new", 8)]))).toEqual(["new"]);
  });

  it("never asks for a third secret: when one is added, the older ones are retired in the same plan", () => {
    const decision = rotationDecision(rotation, [secret("older", 200), secret("newest", 100)]);
    expect(kept(decision)).toEqual(["newest"]);
    expect(decision.add).toBeDefined();
  });

  it("has nothing to keep or add for a client without secrets", () => {
    expect(rotationDecision(rotation, [])).toEqual({ keep: [] });
  });
});

describe("rotationClock", () => {
  it("is now, unless COGNITO_RECONCILE_NOW sets another time", () => {
    const before = Date.now();
    expect(rotationClock({})).toBeGreaterThanOrEqual(before);
    expect(rotationClock({ COGNITO_RECONCILE_NOW: "2027-03-01T00:00:00Z" })).toBe(Date.parse("2027-03-01T00:00:00Z"));
  });

  it("refuses a time it cannot read, in one line", () => {
    expect(() => rotationClock({ COGNITO_RECONCILE_NOW: "next tuesday" })).toThrow(/COGNITO_RECONCILE_NOW="next tuesday" is not a date; use ISO 8601/);
  });
});
