import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListGroupsCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  ListUsersInGroupCommand,
  TooManyRequestsException,
  type AdminAddUserToGroupRequest,
  type AdminCreateUserRequest,
  type CreateGroupRequest,
  type ListUsersInGroupRequest,
  type ListUsersRequest,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyCommand } from "../../src/cli/commands.js";
import { captureOutput, commonFlags, silentLogger } from "../helpers/in-process.js";
import { tempDir } from "../helpers/temp-files.js";

/**
 * A stateful fake of one pool's users and groups behind aws-sdk-client-mock, which answers 30% of
 * all calls with TooManyRequestsException (a fixed pseudo-random sequence, so runs repeat) and
 * records when each call arrived.
 */
const POOL_ID = "us-east-1_Throttle";
const idp = mockClient(CognitoIdentityProviderClient);
const dir = tempDir();

interface Fake {
  users: Map<string, UserType>;
  groups: Map<string, Set<string>>;
  arrivals: { operation: string; at: number }[];
  throttled: number;
}

function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function wireFake(throttleShare: number): Fake {
  const fake: Fake = { users: new Map(), groups: new Map(), arrivals: [], throttled: 0 };
  const random = seededRandom(42);
  const answer =
    <I, O>(operation: string, handler: (input: I) => O) =>
    (input: I): O => {
      fake.arrivals.push({ operation, at: performance.now() });
      if (random() < throttleShare) {
        fake.throttled += 1;
        throw new TooManyRequestsException({ message: "Rate exceeded", $metadata: { httpStatusCode: 400 } });
      }
      return handler(input);
    };
  const page = <T>(items: T[], token: string | undefined, size: number) => {
    const start = Number(token ?? 0);
    const next = start + size < items.length ? String(start + size) : undefined;
    return { items: items.slice(start, start + size), next };
  };
  idp.on(ListUserPoolsCommand).callsFake(answer("ListUserPools", () => ({ UserPools: [{ Id: POOL_ID, Name: "Throttled" }] })));
  idp.on(DescribeUserPoolCommand).callsFake(
    answer("DescribeUserPool", () => ({
      UserPool: { Id: POOL_ID, Name: "Throttled", DeletionProtection: "INACTIVE", UsernameAttributes: ["email"], UserPoolTags: { "cognito-reconcile:stack": "throttle" } },
    })),
  );
  idp.on(GetUserPoolMfaConfigCommand).callsFake(answer("GetUserPoolMfaConfig", () => ({ MfaConfiguration: "OFF" })));
  idp.on(ListGroupsCommand).callsFake(answer("ListGroups", () => ({ Groups: [...fake.groups.keys()].map((GroupName) => ({ GroupName, UserPoolId: POOL_ID })) })));
  idp.on(CreateGroupCommand).callsFake(
    answer("CreateGroup", (input: CreateGroupRequest) => {
      fake.groups.set(input.GroupName!, new Set());
      return { Group: { GroupName: input.GroupName } };
    }),
  );
  idp.on(ListUsersCommand).callsFake(
    answer("ListUsers", (input: ListUsersRequest) => {
      const { items, next } = page([...fake.users.values()], input.PaginationToken, input.Limit ?? 60);
      return { Users: items, PaginationToken: next };
    }),
  );
  idp.on(ListUsersInGroupCommand).callsFake(
    answer("ListUsersInGroup", (input: ListUsersInGroupRequest) => {
      const members = [...(fake.groups.get(input.GroupName!) ?? [])].map((u) => fake.users.get(u)!);
      const { items, next } = page(members, input.NextToken, input.Limit ?? 60);
      return { Users: items, NextToken: next };
    }),
  );
  idp.on(AdminCreateUserCommand).callsFake(
    answer("AdminCreateUser", (input: AdminCreateUserRequest) => {
      const user: UserType = { Username: `sub-${input.Username}`, Attributes: input.UserAttributes, Enabled: true, UserStatus: "FORCE_CHANGE_PASSWORD" };
      fake.users.set(user.Username!, user);
      return { User: user };
    }),
  );
  idp.on(AdminAddUserToGroupCommand).callsFake(
    answer("AdminAddUserToGroup", (input: AdminAddUserToGroupRequest) => {
      const user = [...fake.users.values()].find((u) => u.Attributes?.some((a) => a.Name === "email" && a.Value === input.Username));
      fake.groups.get(input.GroupName!)!.add(user!.Username!);
      return {};
    }),
  );
  return fake;
}

/** The most calls of one operation that arrived within any window of `windowMs`. */
function busiestWindow(arrivals: Fake["arrivals"], operation: string, windowMs: number): number {
  const times = arrivals.filter((a) => a.operation === operation).map((a) => a.at);
  let busiest = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start += 1;
    busiest = Math.max(busiest, end - start + 1);
  }
  return busiest;
}

function usersFile(count: number): string {
  const users = Array.from({ length: count }, (_, i) => `      - { username: u${i}@example.com, attributes: { email: u${i}@example.com }, groups: [${i % 2 ? "odd" : "even"}] }`);
  return ["version: 1", "stack: throttle", "region: us-east-1", "userPools:", "  - name: Throttled", "    deletionProtection: false", "    groups: [{ name: even }, { name: odd }]", "    users:", ...users, ""].join("\n");
}

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  idp.reset();
});
afterEach(() => idp.reset());

describe("throttling and the rate limiter", () => {
  it("converges when 30% of calls are throttled, creating each user exactly once", async () => {
    const fake = wireFake(0.3);
    const io = captureOutput();
    const code = await applyCommand({ ...commonFlags, concurrency: 8, files: [dir.write("throttled.yaml", usersFile(60))], autoApprove: true }, io, silentLogger);
    expect(io.stdout()).toContain("live state matches the file");
    expect(code).toBe(0);
    expect(fake.throttled).toBeGreaterThan(30);
    expect(fake.users.size).toBe(60);
    expect(fake.groups.get("even")!.size).toBe(30);
    expect(fake.groups.get("odd")!.size).toBe(30);
  }, 60_000);

  it("never sends more calls of a category in any second than its configured rate, retries included", async () => {
    const fake = wireFake(0.3);
    const limits = { UserCreation: 10, UserUpdate: 8 };
    const code = await applyCommand(
      { ...commonFlags, concurrency: 16, rateLimit: limits, files: [dir.write("limited.yaml", usersFile(40))], autoApprove: true },
      captureOutput(),
      silentLogger,
    );
    expect(code).toBe(0);
    const creates = fake.arrivals.filter((a) => a.operation === "AdminCreateUser").length;
    expect(creates).toBeGreaterThan(40);
    expect(busiestWindow(fake.arrivals, "AdminCreateUser", 1000)).toBeLessThanOrEqual(limits.UserCreation);
    expect(busiestWindow(fake.arrivals, "AdminAddUserToGroup", 1000)).toBeLessThanOrEqual(limits.UserUpdate);
  }, 60_000);
});
