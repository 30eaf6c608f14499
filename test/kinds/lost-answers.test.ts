import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GroupExistsException,
  InternalErrorException,
  ListUserPoolsCommand,
  TooManyRequestsException,
  UpdateGroupCommand,
  type CreateUserPoolRequest,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_MAX_ATTEMPTS, THROTTLED_MAX_ATTEMPTS } from "../../src/aws/call-policy.js";
import { createGroup } from "../../src/kinds/group/aws.js";
import { createPool } from "../../src/kinds/user-pool/aws.js";
import { behindCallPolicy } from "../helpers/policy-client.js";

/**
 * What is sent to AWS when answers are lost or calls are refused: the emulator cannot lose an
 * answer after doing the work, so a stateful fake behind aws-sdk-client-mock does.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const idpMock = mockClient(CognitoIdentityProviderClient);
const STACK = "lost-answers";
const internalError = () => new InternalErrorException({ message: "Internal error", $metadata: { httpStatusCode: 500 } });
const throttled = () => new TooManyRequestsException({ message: "Rate exceeded", $metadata: { httpStatusCode: 400 } });

const client = (): CognitoIdentityProviderClient => behindCallPolicy(CognitoIdentityProviderClient, "idp");

/** A fake region whose CreateUserPool runs `fate` for each attempt: "ok", "lost" (done, answer lost) or "throttled". */
function fakePools(fates: ("ok" | "lost" | "throttled")[]): { pools: UserPoolType[]; creates: () => number } {
  const pools: UserPoolType[] = [];
  let attempt = 0;
  idpMock.on(CreateUserPoolCommand).callsFake((input: CreateUserPoolRequest) => {
    const fate = fates[attempt++] ?? "ok";
    if (fate === "throttled") throw throttled();
    const pool: UserPoolType = { Id: `us-east-1_${pools.length + 1}`, Name: input.PoolName, UserPoolTags: input.UserPoolTags, CreationDate: new Date(1_700_000_000_000 + pools.length * 1000) };
    pools.push(pool);
    if (fate === "lost") throw internalError();
    return { UserPool: pool };
  });
  idpMock.on(ListUserPoolsCommand).callsFake(() => ({ UserPools: pools.map(({ Id, Name }) => ({ Id, Name })) }));
  idpMock.on(DescribeUserPoolCommand).callsFake((input: { UserPoolId: string }) => ({ UserPool: pools.find((p) => p.Id === input.UserPoolId) }));
  return { pools, creates: () => idpMock.commandCalls(CreateUserPoolCommand).length };
}

beforeEach(() => idpMock.reset());
afterEach(() => idpMock.reset());

describe("a create whose answer was lost", () => {
  it("CreateUserPool is not sent again when the first attempt made the pool: the pool is found and used", async () => {
    const fake = fakePools(["lost"]);
    const id = await createPool(client(), { name: "Lost", deletionProtection: false }, STACK);
    expect({ id, creates: fake.creates(), pools: fake.pools.length }).toEqual({ id: "us-east-1_1", creates: 1, pools: 1 });
  });

  it("CreateUserPool is sent again after throttling, which proves nothing was made", async () => {
    const fake = fakePools(["throttled", "throttled", "ok"]);
    const id = await createPool(client(), { name: "Throttled", deletionProtection: false }, STACK);
    expect({ id, creates: fake.creates(), pools: fake.pools.length }).toEqual({ id: "us-east-1_1", creates: 3, pools: 1 });
  });

  it("a pool of the same name that another stack owns is not taken for the lost one", async () => {
    const fake = fakePools(["lost", "ok"]);
    fake.pools.push({ Id: "us-east-1_other", Name: "Shared", UserPoolTags: { "cognito-reconcile:stack": "someone-else" }, CreationDate: new Date(1_600_000_000_000) });
    // The lost attempt made us-east-1_2 (tagged ours): that one is used, the other stack's is not.
    const id = await createPool(client(), { name: "Shared", deletionProtection: false }, STACK);
    expect({ id, creates: fake.creates() }).toEqual({ id: "us-east-1_2", creates: 1 });
  });

  it("after a lost answer, the pool carrying this create's token is used, not a racer's newer pool", async () => {
    const fake = fakePools(["lost"]);
    idpMock.on(CreateUserPoolCommand).callsFake((input: CreateUserPoolRequest) => {
      // Ours is made, then another apply's copy of the stack (later, its own token); our answer is lost.
      fake.pools.push({ Id: "us-east-1_ours", Name: input.PoolName, UserPoolTags: input.UserPoolTags, CreationDate: new Date(1_700_000_000_000) });
      fake.pools.push({
        Id: "us-east-1_racer",
        Name: input.PoolName,
        UserPoolTags: { "cognito-reconcile:stack": STACK, "cognito-reconcile:created": "2023-11-14T22:13:21.000Z racer-token" },
        CreationDate: new Date(1_700_000_001_000),
      });
      throw internalError();
    });
    const id = await createPool(client(), { name: "Raced", deletionProtection: false }, STACK);
    expect({ id, creates: idpMock.commandCalls(CreateUserPoolCommand).length }).toEqual({ id: "us-east-1_ours", creates: 1 });
  });

  it("CreateGroup meeting the group its lost attempt made brings it to the file's values instead of failing", async () => {
    let made = false;
    idpMock.on(CreateGroupCommand).callsFake(() => {
      if (made) throw new GroupExistsException({ message: "A group with the name already exists", $metadata: { httpStatusCode: 400 } });
      made = true;
      throw internalError();
    });
    idpMock.on(UpdateGroupCommand).resolves({});
    await createGroup(client(), "us-east-1_1", { name: "admin", description: "Admins", precedence: 1 });
    expect(idpMock.commandCalls(CreateGroupCommand)).toHaveLength(2);
    expect(idpMock.commandCalls(UpdateGroupCommand).map((c) => c.args[0].input)).toEqual([{ UserPoolId: "us-east-1_1", GroupName: "admin", Description: "Admins", Precedence: 1 }]);
  });
});

describe("the retry budget", () => {
  it(`throttling is retried up to ${THROTTLED_MAX_ATTEMPTS} attempts, other failures up to ${DEFAULT_MAX_ATTEMPTS}`, async () => {
    const idp = client();
    let calls = 0;
    idpMock.on(ListUserPoolsCommand).callsFake(() => {
      calls++;
      if (calls < 15) throw throttled();
      return { UserPools: [] };
    });
    await expect(idp.send(new ListUserPoolsCommand({ MaxResults: 1 }))).resolves.toMatchObject({ UserPools: [] });
    expect(calls).toBe(15);

    calls = 0;
    idpMock.on(ListUserPoolsCommand).callsFake(() => {
      calls++;
      throw internalError();
    });
    await expect(idp.send(new ListUserPoolsCommand({ MaxResults: 1 }))).rejects.toMatchObject({ name: "InternalErrorException" });
    expect(calls).toBe(DEFAULT_MAX_ATTEMPTS);

    calls = 0;
    idpMock.on(ListUserPoolsCommand).callsFake(() => {
      calls++;
      throw throttled();
    });
    await expect(idp.send(new ListUserPoolsCommand({ MaxResults: 1 }))).rejects.toMatchObject({ name: "TooManyRequestsException" });
    expect(calls).toBe(THROTTLED_MAX_ATTEMPTS);
  }, 60_000);
});
