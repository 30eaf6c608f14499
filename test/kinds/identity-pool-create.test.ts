import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  DeleteIdentityPoolCommand,
  DescribeIdentityPoolCommand,
  InternalErrorException,
  ListIdentityPoolsCommand,
  type CreateIdentityPoolInput,
  type IdentityPool,
} from "@aws-sdk/client-cognito-identity";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatCreateStamp, parseCreateStamp } from "../../src/aws/create-stamp.js";
import { createIdentityPool, IDENTITY_POOL_SETTLE_MS } from "../../src/kinds/identity-pool/aws.js";
import type { IdentityPoolSpec } from "../../src/kinds/identity-pool/model.js";
import { CREATED_TAG, STACK_TAG } from "../../src/schema/cognito-defaults.js";
import { behindCallPolicy } from "../helpers/policy-client.js";

/**
 * Identity pools carry no creation date and have no idempotency token, so the create stamps its
 * own: these pin what is sent when an answer is lost or another apply creates the same pool.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const identityMock = mockClient(CognitoIdentityClient);
const STACK = "ip-create";
const SPEC: IdentityPoolSpec = { name: "Shared", allowUnauthenticated: false, classicFlow: false, providers: [], tags: {} };

const client = (): CognitoIdentityClient => behindCallPolicy(CognitoIdentityClient, "identity");

/** A copy made by another apply of the stack, stamped at `at` with its own token. */
const racersCopy = (id: string, at: Date): IdentityPool => ({
  IdentityPoolId: id,
  IdentityPoolName: SPEC.name,
  AllowUnauthenticatedIdentities: false,
  IdentityPoolTags: { [STACK_TAG]: STACK, [CREATED_TAG]: formatCreateStamp({ token: "racer", at }) },
});

/**
 * A region of identity pools; `onCreate` runs for each CreateIdentityPool after the pool is made.
 * A pool this create makes is left out of the next `listLag` ListIdentityPools answers, as an
 * eventually consistent list may do.
 */
function fakeRegion(onCreate: (made: IdentityPool, attempt: number) => void = () => {}, listLag = 0): { pools: IdentityPool[] } {
  const pools: IdentityPool[] = [];
  const hiddenFor = new Map<string, number>();
  let attempt = 0;
  identityMock.on(CreateIdentityPoolCommand).callsFake((input: CreateIdentityPoolInput) => {
    const made: IdentityPool = { ...input, IdentityPoolId: `us-east-1:ours-${++attempt}`, AllowUnauthenticatedIdentities: input.AllowUnauthenticatedIdentities ?? false };
    pools.push(made);
    hiddenFor.set(made.IdentityPoolId ?? "", listLag);
    onCreate(made, attempt);
    return made;
  });
  identityMock.on(ListIdentityPoolsCommand).callsFake(() => {
    const listed = pools.filter((p) => (hiddenFor.get(p.IdentityPoolId ?? "") ?? 0) === 0);
    for (const [id, left] of hiddenFor) hiddenFor.set(id, Math.max(0, left - 1));
    return { IdentityPools: listed.map((p) => ({ IdentityPoolId: p.IdentityPoolId, IdentityPoolName: p.IdentityPoolName })) };
  });
  identityMock.on(DescribeIdentityPoolCommand).callsFake((input: { IdentityPoolId: string }) => pools.find((p) => p.IdentityPoolId === input.IdentityPoolId));
  identityMock.on(DeleteIdentityPoolCommand).callsFake((input: { IdentityPoolId: string }) => {
    pools.splice(
      pools.findIndex((p) => p.IdentityPoolId === input.IdentityPoolId),
      1,
    );
    return {};
  });
  return { pools };
}

const lostAnswer = () => new InternalErrorException({ message: "Internal error", $metadata: { httpStatusCode: 500 } });
const sentTags = () => identityMock.commandCalls(CreateIdentityPoolCommand).map((c) => c.args[0].input.IdentityPoolTags ?? {});

beforeEach(() => identityMock.reset());
afterEach(() => identityMock.reset());

describe("creating an identity pool", () => {
  it("stamps the stack tag and a create stamp on the pool", async () => {
    const fake = fakeRegion();
    const id = await createIdentityPool(client(), SPEC, STACK, "us-east-1");
    const [tags] = sentTags();
    expect({ id, pools: fake.pools.length, stack: tags?.[STACK_TAG], stamped: parseCreateStamp(tags?.[CREATED_TAG]) !== undefined }).toEqual({
      id: "us-east-1:ours-1",
      pools: 1,
      stack: STACK,
      stamped: true,
    });
  });

  it("after a lost answer, takes the copy with its own token even when a racer's copy is newer", async () => {
    // Our first attempt is carried out but its answer is lost; meanwhile another apply's copy
    // (later stamp, higher id) appears. The retry must find our copy, not send a second create.
    const fake = fakeRegion((_made, attempt) => {
      if (attempt === 1) {
        fake.pools.push(racersCopy("us-east-1:racer", new Date(Date.now() + 60_000)));
        throw lostAnswer();
      }
    });
    const id = await createIdentityPool(client(), SPEC, STACK, "us-east-1");
    expect({ id, creates: identityMock.commandCalls(CreateIdentityPoolCommand).length, deletes: identityMock.commandCalls(DeleteIdentityPoolCommand).length }).toEqual({
      id: "us-east-1:ours-1",
      creates: 1,
      deletes: 0,
    });
  });

  it("after a lost answer the list did not show at first, takes its own copy when it shows (one create)", async () => {
    // Hidden from the one list findMade makes; the next attempt's look sees it, with this create's token.
    fakeRegion((_made, attempt) => {
      if (attempt === 1) throw lostAnswer();
    }, 1);
    const id = await createIdentityPool(client(), SPEC, STACK, "us-east-1");
    expect({ id, creates: identityMock.commandCalls(CreateIdentityPoolCommand).length, deletes: identityMock.commandCalls(DeleteIdentityPoolCommand).length }).toEqual({
      id: "us-east-1:ours-1",
      creates: 1,
      deletes: 0,
    });
  });

  it("when a lagging list made it create twice, keeps the first copy and deletes the second, without failing", async () => {
    const fake = fakeRegion((_made, attempt) => {
      if (attempt === 1) throw lostAnswer();
    }, 2);
    const id = await createIdentityPool(client(), SPEC, STACK, "us-east-1");
    expect({ id, creates: identityMock.commandCalls(CreateIdentityPoolCommand).length, left: fake.pools.map((p) => p.IdentityPoolId) }).toEqual({
      id: "us-east-1:ours-1",
      creates: 2,
      left: ["us-east-1:ours-1"],
    });
  });

  it("a copy that already exists is a final answer, even for a stack whose name looks like a network error", async () => {
    const fake = fakeRegion();
    fake.pools.push({ ...racersCopy("us-east-1:racer", new Date()), IdentityPoolTags: { [STACK_TAG]: "corp-network", [CREATED_TAG]: formatCreateStamp({ token: "racer", at: new Date() }) } });
    await expect(createIdentityPool(client(), SPEC, "corp-network", "us-east-1")).rejects.toThrow(/did not create another/);
    expect({ lists: identityMock.commandCalls(ListIdentityPoolsCommand).length, creates: identityMock.commandCalls(CreateIdentityPoolCommand).length }).toEqual({ lists: 1, creates: 0 });
  });

  it("does not create when a copy of the stack appeared since the plan was read, and says which", async () => {
    const fake = fakeRegion();
    fake.pools.push(racersCopy("us-east-1:racer", new Date()));
    await expect(createIdentityPool(client(), SPEC, STACK, "us-east-1")).rejects.toThrow(/another apply of stack "ip-create" created identity pool Shared \(us-east-1:racer\).*did not create another/);
    expect(identityMock.commandCalls(CreateIdentityPoolCommand)).toHaveLength(0);
  });

  it(`yields to a racer whose create landed after the first look but was stamped earlier (second look after ${IDENTITY_POOL_SETTLE_MS} ms)`, async () => {
    // The racer read AWS's clock before we did, but its create reached AWS after our first look:
    // only the second look can see it, and its earlier stamp makes it the copy that stays.
    const fake = fakeRegion((made) => {
      const ourTime = parseCreateStamp(made.IdentityPoolTags?.[CREATED_TAG])!.at;
      setTimeout(() => fake.pools.push(racersCopy("us-east-1:racer", new Date(ourTime.getTime() - 1000))), IDENTITY_POOL_SETTLE_MS / 3);
    });
    await expect(createIdentityPool(client(), SPEC, STACK, "us-east-1")).rejects.toThrow(/created identity pool Shared \(us-east-1:racer\).*removed its own copy/);
    expect({ deleted: identityMock.commandCalls(DeleteIdentityPoolCommand).map((c) => c.args[0].input.IdentityPoolId), left: fake.pools.map((p) => p.IdentityPoolId) }).toEqual({
      deleted: ["us-east-1:ours-1"],
      left: ["us-east-1:racer"],
    });
  });

  it("keeps its copy when the racer's copy is stamped later (the racer yields)", async () => {
    const fake = fakeRegion(() => {
      setTimeout(() => fake.pools.push(racersCopy("us-east-1:racer", new Date(Date.now() + 5000))), IDENTITY_POOL_SETTLE_MS / 3);
    });
    const id = await createIdentityPool(client(), SPEC, STACK, "us-east-1");
    expect({ id, deletes: identityMock.commandCalls(DeleteIdentityPoolCommand).length }).toEqual({ id: "us-east-1:ours-1", deletes: 0 });
  });
});
