// The call counter and reset, on an emulator of this file's own: other test files share the
// global one, so exact counts and a full reset are only safe here.
import { randomUUID } from "node:crypto";
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  ListUserPoolsCommand,
  TagResourceCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { IAMClient, ListRolesCommand } from "@aws-sdk/client-iam";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const credentials = { accessKeyId: "test", secretAccessKey: "test" };

describe("emulator call counter and reset", () => {
  let emulator: Emulator;
  let idp: CognitoIdentityProviderClient;
  let iam: IAMClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    idp = new CognitoIdentityProviderClient({ endpoint: emulator.url, region: "us-east-1", credentials });
    iam = new IAMClient({ endpoint: emulator.url, region: "us-east-1", credentials });
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  it("counts requests by operation, for JSON (X-Amz-Target) and query (Action) protocols", async () => {
    await emulator.resetCalls();

    await idp.send(new CreateUserPoolCommand({ PoolName: `calls-${randomUUID().slice(0, 8)}` }));
    await idp.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    await idp.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    await iam.send(new ListRolesCommand({}));
    // Failed calls are calls too.
    await expect(
      idp.send(new TagResourceCommand({ ResourceArn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_none", Tags: {} })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });

    expect(await emulator.calls()).toEqual({ CreateUserPool: 1, ListUserPools: 2, ListRoles: 1, TagResource: 1 });

    await emulator.resetCalls();
    expect(await emulator.calls()).toEqual({});
  });

  it("reset() clears the emulated state and the counts", async () => {
    await idp.send(new CreateUserPoolCommand({ PoolName: `reset-${randomUUID().slice(0, 8)}` }));

    await emulator.reset();

    expect(await emulator.calls()).toEqual({});
    const listed = await idp.send(new ListUserPoolsCommand({ MaxResults: 60 }));
    expect(listed.UserPools).toEqual([]);
    expect(await emulator.calls()).toEqual({ ListUserPools: 1 });
  });
});
