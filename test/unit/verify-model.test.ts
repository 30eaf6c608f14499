import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import {
  accessKeyPrefix,
  challengeReason,
  compareGroups,
  decodeTokenPayload,
  describeGroups,
  groupsClaim,
  loginsKey,
  secretHash,
  selectTarget,
} from "../../src/kinds/user/verify-model.js";
import { desiredStateSchema, type DesiredState } from "../../src/schema/root.js";

/**
 * HMAC-SHA256 written out from its definition (RFC 2104) on top of plain SHA-256, so the expected
 * SECRET_HASH does not come from the same createHmac call the code under test uses.
 */
function hmacSha256(key: Buffer, message: Buffer): Buffer {
  const blockSize = 64;
  const shortKey = key.length > blockSize ? createHash("sha256").update(key).digest() : key;
  const padded = Buffer.concat([shortKey, Buffer.alloc(blockSize - shortKey.length)]);
  const xor = (byte: number) => Buffer.from(padded.map((b) => b ^ byte));
  const inner = createHash("sha256").update(Buffer.concat([xor(0x36), message])).digest();
  return createHash("sha256").update(Buffer.concat([xor(0x5c), inner])).digest();
}

function jwt(payload: unknown): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256", kid: "k" })}.${part(payload)}.c2lnbmF0dXJl`;
}

function state(document: unknown): DesiredState {
  return desiredStateSchema.parse(document);
}

const userAuth = { name: "Web", authFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] };
const machine = { name: "Machine", generateSecret: true, authFlows: ["ALLOW_REFRESH_TOKEN_AUTH"] };

const file = state({
  version: 1,
  stack: "s",
  userPools: [
    {
      name: "Pool",
      clients: [machine, { name: "Srp", authFlows: ["ALLOW_USER_SRP_AUTH"] }, userAuth, { name: "Second", authFlows: ["ALLOW_USER_PASSWORD_AUTH"] }],
      users: [
        { username: "admin@example.com", groups: ["admin", "ops"] },
        { username: "free@example.com" },
      ],
    },
    { name: "NoPasswordClients", clients: [machine], users: [{ username: "m@example.com" }] },
    { name: "CaseSensitive", signIn: { caseSensitive: true }, clients: [userAuth], users: [{ username: "Bob" }] },
  ],
  identityPools: [
    { name: "Other", providers: [{ userPool: "Pool", client: "Second" }] },
    { name: "Ids", providers: [{ userPool: "CaseSensitive", client: "Web" }, { userPool: "Pool", client: "Web" }] },
    { name: "Ids2", providers: [{ userPool: "Pool", client: "Web" }] },
  ],
});

describe("secretHash", () => {
  it("is base64(HMAC-SHA256(client secret, username + client id))", () => {
    const secret = "1example23456789abcdefghijklmnopqrstuvwxyz0123456789abc";
    const username = "admin@example.com";
    const clientId = "7example23456789";
    const expected = hmacSha256(Buffer.from(secret), Buffer.from(username + clientId)).toString("base64");
    expect(secretHash(secret, username, clientId)).toBe(expected);
    // The message is username then client id, not the other way round.
    expect(secretHash(secret, username, clientId)).not.toBe(hmacSha256(Buffer.from(secret), Buffer.from(clientId + username)).toString("base64"));
  });

  it("hashes non-ASCII usernames as UTF-8, and keys longer than a block", () => {
    const secret = "k".repeat(100);
    expect(secretHash(secret, "zoë", "cid")).toBe(hmacSha256(Buffer.from(secret), Buffer.from("zoëcid", "utf8")).toString("base64"));
  });
});

describe("decodeTokenPayload", () => {
  it("reads the base64url JSON payload, including characters base64 would write as + and /", () => {
    const claims = { sub: "u-1", "cognito:groups": ["admin"], note: "??>>~~\u00ff" };
    const token = jwt(claims);
    expect(token.split(".")[1]).toMatch(/[-_]/);
    expect(decodeTokenPayload(token)).toEqual(claims);
  });

  it("rejects what is not a JWT with a JSON object payload", () => {
    expect(() => decodeTokenPayload("abc")).toThrow(/three dot-separated parts/);
    expect(() => decodeTokenPayload("a..c")).toThrow(/three dot-separated parts/);
    expect(() => decodeTokenPayload("a.!!!notjson.c")).toThrow(/not base64url-encoded JSON/);
    expect(() => decodeTokenPayload(jwt([1, 2]))).toThrow(/not a JSON object/);
  });
});

describe("groups", () => {
  it("groupsClaim reads cognito:groups sorted; no claim is no groups", () => {
    expect(groupsClaim({ "cognito:groups": ["user", "admin"] })).toEqual(["admin", "user"]);
    expect(groupsClaim({})).toEqual([]);
    expect(() => groupsClaim({ "cognito:groups": "admin" })).toThrow(/not a list/);
  });

  it("compareGroups compares as sets", () => {
    expect(compareGroups(["b", "a"], ["a", "b"])).toMatchObject({ ok: true, managed: true, token: ["a", "b"] });
    expect(compareGroups(["a", "a"], ["a"]).ok).toBe(true);
    expect(compareGroups([], [])).toMatchObject({ ok: true, managed: true });
    expect(compareGroups(["a", "c"], ["a", "b"])).toEqual({ ok: false, managed: true, token: ["a", "c"], missing: ["b"], extra: ["c"] });
    expect(compareGroups(["x"], undefined)).toEqual({ ok: true, managed: false, token: ["x"], missing: [], extra: [] });
  });

  it("describeGroups prints the groups, and what differs", () => {
    expect(describeGroups(compareGroups(["admin"], ["admin"]))).toBe("[admin], as the file declares");
    expect(describeGroups(compareGroups(["x"], undefined))).toBe("[x] (memberships not managed by the file)");
    expect(describeGroups(compareGroups(["a", "c"], ["a", "b"]))).toBe("the token has [a, c]; missing [b], not declared [c]; run plan to see the membership drift");
  });
});

describe("selectTarget", () => {
  it("finds the user, the first client allowing ALLOW_USER_PASSWORD_AUTH, and the identity pools accepting it", () => {
    const target = selectTarget(file, "f.yaml", "admin@example.com");
    expect(target.pool.name).toBe("Pool");
    expect(target.user.groups).toEqual(["admin", "ops"]);
    expect(target.client.name).toBe("Web");
    expect(target.identityPools.map((p) => p.name)).toEqual(["Ids", "Ids2"]);
  });

  it("takes --client, and then the identity pools of that client", () => {
    const target = selectTarget(file, "f.yaml", "admin@example.com", "Second");
    expect(target.client.name).toBe("Second");
    expect(target.identityPools.map((p) => p.name)).toEqual(["Other"]);
  });

  it("matches usernames case-insensitively unless the pool is case sensitive", () => {
    expect(selectTarget(file, "f.yaml", "Admin@Example.com").user.username).toBe("admin@example.com");
    expect(selectTarget(file, "f.yaml", "Bob").pool.name).toBe("CaseSensitive");
    expect(() => selectTarget(file, "f.yaml", "bob")).toThrow(UserError);
  });

  it("explains, in one line naming the file, what the file lacks", () => {
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(UserError);
        return (error as Error).message;
      }
      throw new Error("expected an error");
    };
    expect(message(() => selectTarget(file, "f.yaml", "nobody@example.com"))).toBe(
      "user nobody@example.com is not declared in f.yaml; verify checks users the file declares (under a user pool's users:)",
    );
    expect(message(() => selectTarget(file, "f.yaml", "m@example.com"))).toBe(
      "no client of user pool NoPasswordClients in f.yaml allows ALLOW_USER_PASSWORD_AUTH; add that flow to a client's authFlows, or pass --client",
    );
    expect(message(() => selectTarget(file, "f.yaml", "admin@example.com", "Nope"))).toMatch(/^client Nope is not declared in user pool Pool of f\.yaml \(declared: Machine, Srp, Web, Second\)$/);
    expect(message(() => selectTarget(file, "f.yaml", "admin@example.com", "Machine"))).toMatch(/does not allow ALLOW_USER_PASSWORD_AUTH; add it to the client's authFlows/);
    for (const text of [message(() => selectTarget(file, "f.yaml", "nobody@example.com")), message(() => selectTarget(file, "f.yaml", "m@example.com"))]) {
      expect(text).not.toContain("\n");
    }
  });

  it("a user declared in two pools needs --client to tell them apart", () => {
    const twice = state({
      version: 1,
      stack: "s",
      userPools: [
        { name: "A", clients: [{ ...userAuth, name: "WebA" }], users: [{ username: "u" }] },
        { name: "B", clients: [{ ...userAuth, name: "WebB" }], users: [{ username: "u" }] },
      ],
    });
    expect(() => selectTarget(twice, "f.yaml", "u")).toThrow(/declared in several user pools of f\.yaml \(A, B\); pass --client/);
    expect(selectTarget(twice, "f.yaml", "u", "WebB").pool.name).toBe("B");
    expect(() => selectTarget(twice, "f.yaml", "u", "WebC")).toThrow(/none of them declares client WebC/);
  });
});

describe("small helpers", () => {
  it("challengeReason explains a temporary password", () => {
    expect(challengeReason("NEW_PASSWORD_REQUIRED")).toBe(
      "the user still has a temporary password; sign in once and set a permanent one (or set it with aws cognito-idp admin-set-user-password --permanent)",
    );
    expect(challengeReason("SOFTWARE_TOKEN_MFA")).toMatch(/multi-factor authentication/);
    expect(challengeReason("CUSTOM_CHALLENGE")).toMatch(/CUSTOM_CHALLENGE challenge/);
  });

  it("loginsKey and accessKeyPrefix", () => {
    expect(loginsKey("eu-west-1", "eu-west-1_AbC")).toBe("cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC");
    expect(accessKeyPrefix("ASIAEXAMPLEKEY123456")).toBe("ASIA");
  });
});
