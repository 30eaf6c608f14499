import type { UserPoolType } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { userDeletionNotes, applyRefusals } from "../../src/apply/guards.js";
import { parseConfig } from "../../src/config/load.js";
import { ConfigError, PlanError } from "../../src/core/errors.js";
import type { LivePool } from "../../src/core/live-types.js";
import { liveUserOf, type LiveUser } from "../../src/kinds/user/model.js";
import { namingFromLive } from "../../src/kinds/user/naming.js";
import { USER_POOL_MATCH } from "../../src/kinds/user-pool/plan.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { resolveTargets } from "../../src/config/targets.js";
import { matchPools } from "../../src/plan/match-pools.js";
import { STACK_TAG } from "../../src/schema/cognito-defaults.js";

/**
 * How users are matched, named and guarded, planned against a live pool built in memory: the pool's
 * real naming (case sensitivity, email sign-in) decides, renames are updates, and deleting users
 * needs --allow-destroy.
 */

const POOL_ID = "us-east-1_Users1";

function liveUser(username: string, attributes: Record<string, string>, raw: UserPoolType, groups: string[] = []): LiveUser {
  const user = { Username: username, Attributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })), Enabled: true, UserStatus: "CONFIRMED" as const };
  const naming = namingFromLive(raw);
  return liveUserOf(user, groups, naming);
}

function livePool(raw: Partial<UserPoolType>, users: (raw: UserPoolType) => LiveUser[]): LivePool {
  const full: UserPoolType = { Id: POOL_ID, Name: "P", UserPoolTags: { [STACK_TAG]: "s" }, DeletionProtection: "INACTIVE", ...raw };
  return { id: POOL_ID, name: "P", region: "us-east-1", raw: full, stackTag: "s", children: { user: users(full), group: [{ GroupName: "admin" }] } };
}

function plan(yaml: string, pool: LivePool, options: { allowDestroy?: boolean } = {}) {
  const state = parseConfig("f.yaml", Buffer.from(`version: 1\nstack: s\nregion: us-east-1\nuserPools:\n  - name: P\n${yaml}`), {});
  const match = matchPools(resolveTargets(state, "us-east-1").userPools, [pool], { stack: "s", adopt: false, kind: USER_POOL_MATCH });
  return buildPlan(state, { live: { regions: ["us-east-1"], pools: [pool] }, match }, { allowDestroy: options.allowDestroy ?? false, allowReplace: false, defaultRegion: "us-east-1" });
}

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PlanError) return error.problems;
    if (error instanceof ConfigError) return error.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    throw error;
  }
  throw new Error("expected a refusal");
}

const emailPool = (users: (raw: UserPoolType) => LiveUser[]) => livePool({ UsernameAttributes: ["email"], UsernameConfiguration: { CaseSensitive: false } }, users);

describe("users in an email-sign-in pool", () => {
  const pool = emailPool((raw) => [
    liveUser("0b7e-sub-old", { sub: "0b7e-sub-old", email: "old@example.com", email_verified: "true" }, raw, ["admin"]),
    liveUser("9f1c-sub-other", { sub: "9f1c-sub-other", email: "other@example.com" }, raw),
  ]);

  it("plans an email change written with renamedFrom as one update of the same user", () => {
    const { plan: result, steps } = plan(
      "    signIn: { usernameAttributes: [email] }\n    groups: [{ name: admin }]\n    prune: { users: true }\n    users:\n      - username: new@example.com\n        renamedFrom: old@example.com\n        attributes: { email_verified: true }\n        groups: [admin]\n      - username: other@example.com\n",
      pool,
      { allowDestroy: true },
    );
    const users = result.changes.filter((c) => c.kind === "user");
    expect(users.map((c) => [c.address, c.action])).toEqual([
      ["userPool.P/user.new@example.com", "update"],
      ["userPool.P/user.other@example.com", "no-op"],
    ]);
    expect(users[0]!.fields.map((f) => [f.path, f.before, f.after])).toEqual([
      ["username", "old@example.com", "new@example.com"],
      ["attributes.email", "old@example.com", "new@example.com"],
    ]);
    // The executor updates the live user it was computed from (the old sub), never creates one.
    const step = steps.find((s) => s.change.address === "userPool.P/user.new@example.com")!;
    expect((step as { live?: LiveUser }).live?.user.Username).toBe("0b7e-sub-old");
  });

  it("once renamed, the same file plans no change for that user", () => {
    const renamed = emailPool((raw) => [liveUser("0b7e-sub-old", { email: "new@example.com", email_verified: "true" }, raw)]);
    const { plan: result } = plan("    users:\n      - username: new@example.com\n        renamedFrom: old@example.com\n", renamed);
    expect(result.changes.filter((c) => c.kind === "user").map((c) => c.action)).toEqual(["no-op"]);
  });

  it("names users by their email in deletions and unmanaged lists, not by their sub", () => {
    const pruned = plan("    prune: { users: true }\n    users:\n      - username: other@example.com\n", pool, { allowDestroy: true }).plan;
    expect(pruned.changes.filter((c) => c.action === "delete").map((c) => c.address)).toEqual(["userPool.P/user.old@example.com"]);
    const kept = plan("    users:\n      - username: other@example.com\n", pool).plan;
    expect(kept.unmanaged.map((u) => u.address)).toEqual(["userPool.P/user.old@example.com"]);
  });

  it("refuses, when the file leaves signIn to the pool, an email attribute that contradicts the username", () => {
    const problems = problemsOf(() => plan("    users:\n      - username: old@example.com\n        attributes: { email: changed@example.com }\n", pool));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^userPool\.P: user "old@example\.com": attributes\.email "changed@example\.com" differs from username .*renamedFrom/);
  });

  it("validate refuses the same contradiction when the file declares email sign-in", () => {
    const problems = problemsOf(() =>
      parseConfig("f.yaml", Buffer.from("version: 1\nstack: s\nuserPools:\n  - name: P\n    signIn: { usernameAttributes: [email] }\n    users:\n      - username: a@example.com\n        attributes: { email: b@example.com }\n"), {}),
    );
    expect(problems).toEqual([expect.stringMatching(/^8:21 attributes\.email "b@example\.com" differs from username "a@example\.com"/)]);
  });
});

describe("a create never takes another user's sign-in attribute", () => {
  it("refuses a new user whose verified email is already another user's alias", () => {
    const pool = livePool({ AliasAttributes: ["email"], UsernameConfiguration: { CaseSensitive: false } }, (raw) => [
      liveUser("bob", { email: "bob@example.com", email_verified: "true" }, raw),
    ]);
    const problems = problemsOf(() => plan("    users:\n      - username: robert\n        attributes: { email: BOB@example.com, email_verified: true }\n", pool));
    expect(problems).toEqual([expect.stringMatching(/^userPool\.P\/user\.robert: cannot create: email "BOB@example\.com" already belongs to live user "bob".*renamedFrom/)]);
    // An unverified alias is not unique in Cognito, so it is no conflict.
    expect(plan("    users:\n      - username: robert\n        attributes: { email: bob@example.com }\n", pool).plan.changes.some((c) => c.action === "create")).toBe(true);
  });
});

describe("usernames follow the pool's real case sensitivity", () => {
  it("matches a name written in another case to the live user in a case-insensitive pool", () => {
    const pool = livePool({ UsernameConfiguration: { CaseSensitive: false } }, (raw) => [liveUser("user000", {}, raw)]);
    const { plan: result } = plan("    users:\n      - username: USER000\n", pool);
    expect(result.changes.filter((c) => c.kind === "user").map((c) => [c.address, c.action])).toEqual([["userPool.P/user.USER000", "no-op"]]);
  });

  it("treats it as another user in a case-sensitive pool, and accepts both names in one file there", () => {
    const pool = livePool({}, (raw) => [liveUser("user000", {}, raw)]);
    const { plan: result } = plan("    users:\n      - username: user000\n      - username: USER000\n", pool);
    expect(result.changes.filter((c) => c.kind === "user").map((c) => [c.address, c.action])).toEqual([
      ["userPool.P/user.user000", "no-op"],
      ["userPool.P/user.USER000", "create"],
    ]);
  });

  it("refuses both names in one file where the pool is case-insensitive, in plan and in validate", () => {
    const pool = livePool({ UsernameConfiguration: { CaseSensitive: false } }, (raw) => [liveUser("user000", {}, raw)]);
    expect(problemsOf(() => plan("    users:\n      - username: user000\n      - username: USER000\n", pool))).toEqual([
      expect.stringMatching(/duplicate username "USER000".*case-insensitive in this pool \(pool us-east-1_Users1\)/),
    ]);
    const declared = "    signIn: { caseSensitive: false }\n    users:\n      - username: user000\n      - username: USER000\n";
    expect(problemsOf(() => parseConfig("f.yaml", Buffer.from(`version: 1\nstack: s\nuserPools:\n  - name: P\n${declared}`), {}))).toEqual([
      expect.stringMatching(/^8:9 duplicate username "USER000"/),
    ]);
  });
});

describe("creates show what they set", () => {
  it("lists every field of a new user, the temporary password masked", () => {
    const pool = livePool({}, () => []);
    const { plan: result } = plan(
      "    groups: [{ name: admin }]\n    users:\n      - username: ann\n        attributes: { email: ann@example.com }\n        groups: [admin]\n        temporaryPassword: Secret-123!\n",
      pool,
    );
    const create = result.changes.find((c) => c.address === "userPool.P/user.ann")!;
    expect(create.action).toBe("create");
    expect(create.fields.map((f) => [f.path, f.after])).toEqual([
      ["attributes.email", "ann@example.com"],
      ["enabled", true],
      ["groups", ["admin"]],
      ["temporaryPassword", "(sensitive)"],
      ["username", "ann"],
    ]);
    expect(JSON.stringify(result)).not.toContain("Secret-123!");
  });
});

describe("deleting users", () => {
  const pool = livePool({}, (raw) => Array.from({ length: 300 }, (_, i) => liveUser(`user${String(i).padStart(3, "0")}`, {}, raw)));
  const truncated = "    prune: { users: true }\n    users:\n      - username: user000\n";

  it("needs --allow-destroy as well as prune.users, in one line naming the count", () => {
    const { steps } = plan(truncated, pool);
    expect(steps.filter((s) => s.change.action === "delete")).toHaveLength(299);
    expect(applyRefusals(steps, { allowDestroy: false, allowReplace: false })).toEqual([
      "userPool.P: deleting 299 users not in the file (prune.users: true) needs --allow-destroy as well; deleted users and their passwords cannot be restored",
    ]);
    expect(applyRefusals(steps, { allowDestroy: true, allowReplace: false })).toEqual([]);
    expect(userDeletionNotes(steps)).toEqual(["userPool.P: apply would delete 299 users not in the file (prune.users: true)"]);
  });
});

describe("replacing a pool", () => {
  it("gives the new pool the live settings of every section the file leaves out", () => {
    const pool = livePool(
      {
        UsernameAttributes: ["email"],
        UsernameConfiguration: { CaseSensitive: false },
        LambdaConfig: { PreSignUp: "arn:aws:lambda:us-east-1:123456789012:function:pre" },
        SchemaAttributes: [{ Name: "email", AttributeDataType: "String", Required: false, Mutable: true }],
        UserPoolTags: { [STACK_TAG]: "s", team: "identity" },
      },
      () => [],
    );
    const state = parseConfig("f.yaml", Buffer.from("version: 1\nstack: s\nregion: us-east-1\nuserPools:\n  - name: P\n    deletionProtection: false\n    attributes: { required: [email] }\n"), {});
    const match = matchPools(resolveTargets(state, "us-east-1").userPools, [pool], { stack: "s", adopt: false, kind: USER_POOL_MATCH });
    const { steps } = buildPlan(state, { live: { regions: ["us-east-1"], pools: [pool] }, match }, { allowDestroy: true, allowReplace: true, defaultRegion: "us-east-1" });
    const step = steps.find((s) => s.kind === "userPool")!;
    expect(step.change.action).toBe("replace");
    const desired = (step as { desired?: Record<string, unknown> }).desired!;
    expect(desired.signIn).toEqual({ usernameAttributes: ["email"], aliasAttributes: [], caseSensitive: false });
    expect(desired.triggers).toEqual({ preSignUp: "arn:aws:lambda:us-east-1:123456789012:function:pre" });
    expect(desired.tags).toEqual({ team: "identity" });
    expect((desired.attributes as { required: string[] }).required).toEqual(["email"]);
  });
});
