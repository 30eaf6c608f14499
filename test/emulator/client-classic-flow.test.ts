// Identity pools keep AllowClassicFlow (CreateIdentityPool, UpdateIdentityPool, DescribeIdentityPool)
// as AWS does; UpdateIdentityPool sets it from the request like every other field of the pool.
import { randomUUID } from "node:crypto";
import { CognitoIdentityClient, CreateIdentityPoolCommand, DescribeIdentityPoolCommand, UpdateIdentityPoolCommand } from "@aws-sdk/client-cognito-identity";
import { describe, expect, inject, it } from "vitest";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const identity = new CognitoIdentityClient({ endpoint: inject("emulatorUrl"), region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });

describe("AllowClassicFlow", () => {
  it("is stored by create, returned by describe and set by update", async () => {
    const created = await identity.send(
      new CreateIdentityPoolCommand({ IdentityPoolName: `classic${randomUUID().slice(0, 8)}`, AllowUnauthenticatedIdentities: false, AllowClassicFlow: true }),
    );
    expect(created.AllowClassicFlow).toBe(true);
    const id = created.IdentityPoolId!;
    expect((await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }))).AllowClassicFlow).toBe(true);

    const updated = await identity.send(
      new UpdateIdentityPoolCommand({ IdentityPoolId: id, IdentityPoolName: created.IdentityPoolName!, AllowUnauthenticatedIdentities: false, AllowClassicFlow: false }),
    );
    expect(updated.AllowClassicFlow).toBe(false);
    expect((await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: id }))).AllowClassicFlow).toBe(false);
  });

  it("is false for a pool created without it", async () => {
    const created = await identity.send(new CreateIdentityPoolCommand({ IdentityPoolName: `plain${randomUUID().slice(0, 8)}`, AllowUnauthenticatedIdentities: false }));
    expect((await identity.send(new DescribeIdentityPoolCommand({ IdentityPoolId: created.IdentityPoolId! }))).AllowClassicFlow).toBe(false);
  });
});
