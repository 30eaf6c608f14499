// What waits for what inside one pool, from the kinds' declarations: a domain that goes away is
// deleted only after the classic hosted UI customization that needs it is removed, and a renamed
// domain does not wait on its referrers (they wait for the new domain, which waits for this delete).
import { describe, expect, it } from "vitest";
import type { Step } from "../../src/core/step.js";
import { CHILD_KINDS } from "../../src/kinds/registry.js";
import { orderChildren } from "../../src/plan/order.js";

const POOL = "userPool.P";
const step = (kind: string, name: string, action: Step["change"]["action"]): Step =>
  ({ kind, region: "us-east-1", dependsOn: [], change: { address: `${POOL}/${kind}.${name}`, kind, action, reason: "", fields: [] } }) as unknown as Step;
const pool = step("userPool", "", "no-op");
pool.change.address = POOL;
const depsOf = (steps: Step[], address: string) => orderChildren(pool, steps, CHILD_KINDS).find((s) => s.change.address === `${POOL}/${address}`)?.dependsOn;

describe("orderChildren", () => {
  it("deletes a domain only after the customizations that need it are removed", () => {
    const steps = [step("domain", "login", "delete"), step("uiCustomization", "pool", "delete"), step("clientUiCustomization", "web", "delete")];
    expect(depsOf(steps, "domain.login")).toEqual([POOL, `${POOL}/uiCustomization.pool`, `${POOL}/clientUiCustomization.web`]);
    expect(depsOf(steps, "uiCustomization.pool")).toEqual([POOL]);
  });

  it("lets a renamed domain's deletion go first, with no cycle: the new domain waits for it, the customization for the new domain", () => {
    const steps = [step("domain", "old", "delete"), step("domain", "new", "create"), step("uiCustomization", "pool", "update")];
    expect(depsOf(steps, "domain.old")).toEqual([POOL]);
    expect(depsOf(steps, "domain.new")).toEqual([POOL, `${POOL}/domain.old`]);
    expect(depsOf(steps, "uiCustomization.pool")).toEqual([POOL, `${POOL}/domain.new`]);
  });
});
