// SetIdentityPoolRoles / GetIdentityPoolRoles: roles, token and rules role mappings.
import { randomUUID } from "node:crypto";
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  GetIdentityPoolRolesCommand,
  SetIdentityPoolRolesCommand,
  type RoleMapping,
} from "@aws-sdk/client-cognito-identity";
import { beforeAll, describe, expect, inject, it } from "vitest";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const identity = new CognitoIdentityClient({
  endpoint: inject("emulatorUrl"),
  region: "us-east-1",
  credentials: { accessKeyId: "test", secretAccessKey: "test" },
});

const roles = {
  authenticated: "arn:aws:iam::123456789012:role/app-authenticated",
  unauthenticated: "arn:aws:iam::123456789012:role/app-guest",
};
const roleMappings: Record<string, RoleMapping> = {
  "cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:client1": { Type: "Token", AmbiguousRoleResolution: "AuthenticatedRole" },
  "cognito-idp.us-east-1.amazonaws.com/us-east-1_abc:client2": {
    Type: "Rules",
    AmbiguousRoleResolution: "Deny",
    RulesConfiguration: {
      Rules: [
        { Claim: "custom:tier", MatchType: "Equals", Value: "gold", RoleARN: "arn:aws:iam::123456789012:role/gold" },
        { Claim: "email", MatchType: "Contains", Value: "@example.com", RoleARN: "arn:aws:iam::123456789012:role/staff" },
      ],
    },
  },
};

describe("identity pool roles", () => {
  let poolId: string;

  beforeAll(async () => {
    const created = await identity.send(
      new CreateIdentityPoolCommand({ IdentityPoolName: `roles_${randomUUID().slice(0, 8)}`, AllowUnauthenticatedIdentities: true }),
    );
    poolId = created.IdentityPoolId!;
  });

  it("starts with no roles and no role mappings", async () => {
    const got = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }));
    expect(got.IdentityPoolId).toBe(poolId);
    expect(got.Roles ?? {}).toEqual({});
    expect(got.RoleMappings).toBeUndefined();
  });

  it("returns what SetIdentityPoolRoles set, and a later set replaces the mappings", async () => {
    await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: roles, RoleMappings: roleMappings }));
    const got = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }));
    expect({ IdentityPoolId: got.IdentityPoolId, Roles: got.Roles, RoleMappings: got.RoleMappings }).toEqual({
      IdentityPoolId: poolId,
      Roles: roles,
      RoleMappings: roleMappings,
    });

    await identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: { authenticated: roles.authenticated } }));
    const replaced = await identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: poolId }));
    expect(replaced.Roles).toEqual({ authenticated: roles.authenticated });
    expect(replaced.RoleMappings).toBeUndefined();
  });

  it("rejects a Rules mapping without RulesConfiguration", async () => {
    const bad = { "accounts.google.com": { Type: "Rules", AmbiguousRoleResolution: "Deny" } } as const;
    await expect(
      identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: poolId, Roles: roles, RoleMappings: bad })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("answers ResourceNotFoundException for an unknown identity pool", async () => {
    const unknown = "us-east-1:00000000-0000-0000-0000-000000000000";
    await expect(identity.send(new GetIdentityPoolRolesCommand({ IdentityPoolId: unknown }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(
      identity.send(new SetIdentityPoolRolesCommand({ IdentityPoolId: unknown, Roles: roles })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
