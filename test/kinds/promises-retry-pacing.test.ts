import { CognitoIdentityProviderClient, InternalErrorException, ListUserPoolsCommand, TooManyRequestsException } from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CallPolicy } from "../../src/aws/call-policy.js";
import { silentLogger } from "../helpers/in-process.js";

/**
 * The numbers README's "Large pools" states, with the call policy's defaults: attempts (20 while
 * throttled, 8 for 5xx), the waits between them (from 100 ms, doubling, times a random 1-2, each at
 * most 5 s), recorded instead of waited, and calls per second never above a quota, counted from arrivals.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const idpMock = mockClient(CognitoIdentityProviderClient);
const throttled = () => new TooManyRequestsException({ message: "Rate exceeded", $metadata: { httpStatusCode: 400 } });
const internalError = () => new InternalErrorException({ message: "Internal error", $metadata: { httpStatusCode: 500 } });

function client(rateLimits: Record<string, number> = { UserPoolRead: 10_000 }): CognitoIdentityProviderClient {
  const sdk = new CognitoIdentityProviderClient({ region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
  return new CallPolicy({ logger: silentLogger, rateLimits }).install(sdk, "us-east-1", "idp");
}

/** Records the delay of every timer set while `run` runs, and fires each at once. */
async function recordWaits(run: () => Promise<unknown>): Promise<number[]> {
  const waits: number[] = [];
  const real = globalThis.setTimeout;
  const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((fn: () => void, ms?: number) => {
    waits.push(ms ?? 0);
    return real(fn, 0);
  }) as typeof setTimeout);
  try {
    await run().catch(() => undefined);
  } finally {
    spy.mockRestore();
  }
  return waits;
}

beforeEach(() => idpMock.reset());
afterEach(() => {
  idpMock.reset();
  vi.restoreAllMocks();
});

describe("retries with the defaults", () => {
  it("throttling: 20 attempts, waits from 100 ms doubling, each at most 5 s (random factor at its low end, 1)", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    idpMock.on(ListUserPoolsCommand).rejects(throttled());
    const waits = await recordWaits(() => client().send(new ListUserPoolsCommand({ MaxResults: 1 })));
    expect(idpMock.commandCalls(ListUserPoolsCommand)).toHaveLength(20);
    expect(waits).toEqual([100, 200, 400, 800, 1600, 3200, ...Array<number>(13).fill(5000)]);
  });

  it("the random factor at its high end doubles each wait, still at most 5 s", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    idpMock.on(ListUserPoolsCommand).rejects(throttled());
    const waits = await recordWaits(() => client().send(new ListUserPoolsCommand({ MaxResults: 1 })));
    expect(waits).toEqual([200, 400, 800, 1599, 3198, ...Array<number>(14).fill(5000)]);
  });

  it("5xx: 8 attempts, the same waits", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    idpMock.on(ListUserPoolsCommand).rejects(internalError());
    const waits = await recordWaits(() => client().send(new ListUserPoolsCommand({ MaxResults: 1 })));
    expect(idpMock.commandCalls(ListUserPoolsCommand)).toHaveLength(8);
    expect(waits).toEqual([100, 200, 400, 800, 1600, 3200, 5000]);
  });
});

describe("pacing", () => {
  it("a quota of 5 a second: at most 5 calls arrive in any second, the window's slack absorbing the way from limiter to arrival", async () => {
    const arrivals: number[] = [];
    idpMock.on(ListUserPoolsCommand).callsFake(() => {
      arrivals.push(performance.now());
      return { UserPools: [] };
    });
    const idp = client({ UserPoolRead: 5 });
    await Promise.all(Array.from({ length: 11 }, () => idp.send(new ListUserPoolsCommand({ MaxResults: 1 }))));
    expect(arrivals).toHaveLength(11);
    // An upper bound on the rate as AWS counts it, from recorded arrivals (a late machine only lowers it).
    for (const start of arrivals) expect(arrivals.filter((at) => at >= start && at - start < 1000).length).toBeLessThanOrEqual(5);
  });
});
