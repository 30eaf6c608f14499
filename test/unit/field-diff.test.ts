import { describe, expect, it } from "vitest";
import { diffFields } from "../../src/diff/field-diff.js";

describe("diffFields", () => {
  it("compares only the sections the desired spec defines", () => {
    const changes = diffFields({ passwordPolicy: { minimumLength: 10 } }, { passwordPolicy: { minimumLength: 8 }, mfa: { mode: "ON" } });
    expect(changes).toEqual([{ path: "passwordPolicy.minimumLength", before: 8, after: 10, sensitive: false, forcesReplacement: false }]);
  });

  it("treats a present section as the whole truth: live-only keys are removals", () => {
    const changes = diffFields({ tags: { team: "a" } }, { tags: { team: "a", owner: "b" } });
    expect(changes.map((c) => [c.path, c.before, c.after])).toEqual([["tags.owner", "b", undefined]]);
  });

  it("compares lists whole", () => {
    expect(diffFields({ accountRecovery: ["verified_email"] }, { accountRecovery: ["verified_email"] })).toEqual([]);
    expect(diffFields({ accountRecovery: ["a", "b"] }, { accountRecovery: ["b", "a"] })).toHaveLength(1);
  });

  it("skips ignored paths and everything below them", () => {
    const desired = { triggers: { preSignUp: "x" }, tags: { a: "1" } };
    const live = { triggers: { preSignUp: "y", preTokenGeneration: "z" }, tags: { a: "2" } };
    expect(diffFields(desired, live, { ignore: ["triggers"] }).map((c) => c.path)).toEqual(["tags.a"]);
    expect(diffFields(desired, live, { ignore: ["triggers.preTokenGeneration"] }).map((c) => c.path)).toEqual(["tags.a", "triggers.preSignUp"]);
  });

  it("marks replacement-forcing paths and masks sensitive values", () => {
    const changes = diffFields({ signIn: { caseSensitive: false }, secret: "new" }, { signIn: { caseSensitive: true }, secret: "old" }, {
      replaceOn: ["signIn"],
      sensitive: ["secret"],
    });
    expect(changes).toEqual([
      { path: "secret", before: "(sensitive)", after: "(sensitive)", sensitive: true, forcesReplacement: false },
      { path: "signIn.caseSensitive", before: true, after: false, sensitive: false, forcesReplacement: true },
    ]);
  });
});
