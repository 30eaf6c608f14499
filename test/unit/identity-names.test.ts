import { describe, expect, it } from "vitest";
import { accountOfArn, roleArnFor } from "../../src/kinds/iam-role/model.js";
import { ProviderNaming, rolesSpecFromView, withIgnoredKeyed, type Resolver } from "../../src/kinds/identity-pool/model.js";
import { identityPoolSchema } from "../../src/schema/identity-pool.js";
import { isFieldPath } from "../../src/schema/field-paths.js";

const POOL = "us-east-1_Abc123";
const resolver: Resolver = {
  poolId: (pool) => (pool === "My.Pool" ? POOL : undefined),
  poolRegion: () => "us-east-1",
  clientId: (pool, client) => (pool === "My.Pool" && client === "Web" ? "webclient1" : undefined),
  roleArn: () => undefined,
};

describe("identity pool names in field paths", () => {
  it("ignoreChanges takes USERPOOL/CLIENT keys, also when a name holds dots", () => {
    expect(isFieldPath("identityPool", "roleMappings.MyApp-UserPool/MyApp-UserAuth.rules")).toBe(true);
    expect(isFieldPath("identityPool", "providers.MyApp-UserPool/MyApp-UserAuth.serverSideTokenCheck")).toBe(true);
    expect(isFieldPath("identityPool", "roleMappings.My.Pool/Web.ambiguousRoleResolution")).toBe(true);
    expect(isFieldPath("identityPool", "roles.authenticated")).toBe(true);
    expect(isFieldPath("identityPool", "roleMappings.MyApp-UserPool/Web.rulez")).toBe(false);
    expect(isFieldPath("identityPool", "roleMappings.Pool/Web.v2.rules")).toBe(true);
    expect(isFieldPath("identityPool", "roleMappings.My.Pool/Web")).toBe(true);
  });

  it("live providers are named through the ids the plan knows; others keep POOLID/CLIENTID", () => {
    const naming = new ProviderNaming([{ userPool: "My.Pool", client: "Web" }, { userPool: "New", client: "Web" }], resolver);
    expect(naming.keyOf(`cognito-idp.us-east-1.amazonaws.com/${POOL}`, "webclient1")).toBe("My.Pool/Web");
    expect(naming.keyOf(`cognito-idp.us-east-1.amazonaws.com/${POOL}`, "other")).toBe(`${POOL}/other`);
    expect(naming.keyOfMapping(`cognito-idp.us-east-1.amazonaws.com/${POOL}:webclient1`)).toBe("My.Pool/Web");
    expect(naming.keyOfMapping("graph.facebook.com")).toBe("graph.facebook.com");
  });

  it("an ignored path under a dotted key takes the live value; the request turns keys and roles back into ids and ARNs", () => {
    const desired = { roles: { authenticated: "arn:aws:iam::123456789012:role/A" }, roleMappings: { "My.Pool/Web": { type: "Rules", ambiguousRoleResolution: "Deny", rules: [{ claim: "c", matchType: "Equals", value: "x", role: "authenticated" }] } } };
    const live = { roles: {}, roleMappings: { "My.Pool/Web": { type: "Rules", ambiguousRoleResolution: "AuthenticatedRole", rules: [{ claim: "c", matchType: "Equals", value: "y", role: "authenticated" }] }, [`${POOL}/old`]: { type: "Token", ambiguousRoleResolution: "Deny" } } };
    const kept = withIgnoredKeyed(desired, live, ["roleMappings.My.Pool/Web.rules", `roleMappings.${POOL}/old`]);
    expect(kept.roleMappings["My.Pool/Web"]).toEqual({ ...desired.roleMappings["My.Pool/Web"], rules: live.roleMappings["My.Pool/Web"].rules });
    const config = identityPoolSchema.parse({ name: "Ids", providers: [{ userPool: "My.Pool", client: "Web" }], roleMappings: [{ provider: { userPool: "My.Pool", client: "Web" }, type: "Token" }] });
    const spec = rolesSpecFromView(kept, config, resolver, { roles: {}, roleMappings: {} });
    expect(Object.keys(spec.roleMappings!).sort()).toEqual([`cognito-idp.us-east-1.amazonaws.com/${POOL}:old`, `cognito-idp.us-east-1.amazonaws.com/${POOL}:webclient1`]);
    expect(spec.roleMappings![`cognito-idp.us-east-1.amazonaws.com/${POOL}:webclient1`]!.rules![0]!.roleArn).toBe("arn:aws:iam::123456789012:role/A");
  });

  it("a new role's ARN follows from the account any ARN of the run names", () => {
    const where = accountOfArn(`arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL}`)!;
    expect(roleArnFor(where, "/app/", "Auth")).toBe("arn:aws:iam::123456789012:role/app/Auth");
    expect(accountOfArn("not an arn")).toBeUndefined();
  });
});
