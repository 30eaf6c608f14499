import { describe, expect, it } from "vitest";
import type { ChildKind } from "../../src/core/child-kind.js";
import type { LivePool } from "../../src/core/live-types.js";
import type { Step } from "../../src/core/step.js";
import { planChildren } from "../../src/plan/plan-children.js";
import type { PoolBinding } from "../../src/plan/match-pools.js";
import type { UserPoolConfig } from "../../src/schema/user-pool.js";

/**
 * A kind that lives inside a client, one per client, planned against its owner's step: only the
 * clients whose entry has its section are managed, and that section saying none deletes the live
 * one without --allow-destroy (it is no list that lost its items).
 */

interface Note {
  client: string;
  text: string;
}

/** Owners web and admin have the section; `declared` is what their entries declare (web's says `note: null`). */
const noteKind = (declared: { owner: string; text: string }[]): ChildKind<{ text: string }, Note> => ({
  kind: "note",
  section: "note",
  permissions: { read: [], write: [] },
  owner: { kind: "client", of: (live) => live.client, manages: () => ["web", "admin"] },
  isLive: (value): value is Note => typeof value === "object" && value !== null && "text" in value,
  declared: () => declared.map((d) => ({ name: d.owner, owner: d.owner, spec: { text: d.text } })),
  liveName: (live) => live.client,
  liveSpec: (live) => ({ text: live.text }),
  replaceOn: [],
  sensitive: [],
  prune: () => ({ allowed: true, setting: "note: null" }),
  exportSection: () => undefined,
  effects: () => Promise.reject(new Error("not in this test")),
});

const pool: LivePool = {
  id: "us-east-1_Owned1",
  name: "P",
  region: "us-east-1",
  raw: { Id: "us-east-1_Owned1" },
  stackTag: "s",
  children: {
    note: [
      { client: "web", text: "old" },
      { client: "admin", text: "hello" },
      { client: "other", text: "not managed" },
    ],
  },
};

const step = (address: string, action: Step["change"]["action"]): Step => ({
  kind: address.includes("/") ? "client" : "userPool",
  region: "us-east-1",
  dependsOn: [],
  operation: () => Promise.resolve({ detail: "" }),
  change: { address, kind: "client", action, reason: "", fields: [] },
});

const binding: PoolBinding = { desired: { name: "P" } as UserPoolConfig, region: "us-east-1", live: pool, adopt: false };
const clients = [step("userPool.P/client.web", "no-op"), step("userPool.P/client.admin", "no-op"), step("userPool.P/client.other", "no-op")];

describe("an owned kind", () => {
  it("deletes an owner's child when its section says none, without --allow-destroy, and leaves unmanaged owners' alone", () => {
    const problems: string[] = [];
    const { steps, unmanaged } = planChildren(binding, step("userPool.P", "no-op"), noteKind([{ owner: "admin", text: "hello" }]), problems, false, clients);
    expect(problems).toEqual([]);
    expect(steps.map((s) => [s.change.address, s.change.action])).toEqual([
      ["userPool.P/note.admin", "no-op"],
      ["userPool.P/note.web", "delete"],
    ]);
    expect(unmanaged).toEqual([]);
  });

  it("deletes them also when no owner declares one: each section said none", () => {
    const problems: string[] = [];
    const { steps } = planChildren(binding, step("userPool.P", "no-op"), noteKind([]), problems, false, clients);
    expect(problems).toEqual([]);
    expect(steps.map((s) => [s.change.address, s.change.action])).toEqual([
      ["userPool.P/note.web", "delete"],
      ["userPool.P/note.admin", "delete"],
    ]);
  });

  it("plans the child of an owner being replaced as new with it", () => {
    const replaced = [step("userPool.P/client.web", "no-op"), step("userPool.P/client.admin", "replace")];
    const { steps } = planChildren(binding, step("userPool.P", "no-op"), noteKind([{ owner: "admin", text: "hello" }]), [], false, replaced);
    expect(steps.map((s) => [s.change.address, s.change.action, s.change.reason])).toEqual([
      ["userPool.P/note.admin", "create", "client admin is being replaced"],
      ["userPool.P/note.web", "delete", "not in the file (note: null)"],
    ]);
  });
});
