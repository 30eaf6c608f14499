import { describe, expect, it } from "vitest";
import { formatCreateStamp, newCreateStamp, parseCreateStamp } from "../../src/aws/create-stamp.js";
import { identityPoolSpecFromLive, updateIdentityPoolRequest } from "../../src/kinds/identity-pool/model.js";
import { CREATED_TAG, STACK_TAG, withoutToolTags } from "../../src/schema/cognito-defaults.js";

describe("the create stamp", () => {
  it("reads back what it writes, and a value the tool did not write is no stamp", () => {
    const stamp = newCreateStamp(new Date("2026-11-27T03:40:12.000Z"));
    const written = formatCreateStamp(stamp);
    expect(written).toMatch(/^2026-11-27T03:40:12\.000Z [0-9a-f-]{36}$/);
    expect(parseCreateStamp(written)).toEqual(stamp);
    expect(newCreateStamp().token).not.toBe(stamp.token);
    expect([parseCreateStamp(undefined), parseCreateStamp("by hand"), parseCreateStamp("yesterday abc")]).toEqual([undefined, undefined, undefined]);
  });

  it("is the tool's: never among a file's tags, always kept by an update", () => {
    const live = { IdentityPoolId: "us-east-1:1", IdentityPoolName: "P", AllowUnauthenticatedIdentities: false, IdentityPoolTags: { [STACK_TAG]: "s", [CREATED_TAG]: "stamp", team: "a" } };
    expect(identityPoolSpecFromLive(live).tags).toEqual({ team: "a" });
    expect(withoutToolTags(live.IdentityPoolTags)).toEqual({ team: "a" });
    const spec = { ...identityPoolSpecFromLive(live), tags: { team: "b" } };
    expect(updateIdentityPoolRequest(live, spec, "s").IdentityPoolTags).toEqual({ [STACK_TAG]: "s", [CREATED_TAG]: "stamp", team: "b" });
  });
});
