import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import { ConfigError } from "../../src/core/errors.js";

/** A file with one pool and one client whose entry ends with `lines`; returns the parse outcome. */
function parseClient(lines: string[]): { error?: string } {
  const yaml = ["version: 1", "stack: s", "region: us-east-1", "userPools:", "  - name: P", "    clients:", "      - name: c", ...lines.map((l) => `        ${l}`), ""].join("\n");
  try {
    parseConfig("f.yaml", Buffer.from(yaml), {});
    return {};
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { error: error.message };
  }
}

describe("durations AWS cannot store exactly", () => {
  it("an auth session that is not a whole number of minutes is refused, naming the minutes either side", () => {
    expect(parseClient(["authSessionValidity: 200s"]).error).toBe(
      "f.yaml:8:30: userPools[0].clients[0].authSessionValidity: 200s is not a whole number of minutes; use 3m or 4m",
    );
    expect(parseClient(["authSessionValidity: 870s"]).error).toBe(
      "f.yaml:8:30: userPools[0].clients[0].authSessionValidity: 870s is not a whole number of minutes; use 14m or 15m",
    );
  });

  it("a whole number of minutes in any unit is accepted, and out of range says only the range", () => {
    expect(parseClient(["authSessionValidity: 240s"]).error).toBeUndefined();
    expect(parseClient(["authSessionValidity: 15m"]).error).toBeUndefined();
    expect(parseClient(["authSessionValidity: 1000s"]).error).toBe("f.yaml:8:30: userPools[0].clients[0].authSessionValidity must be between 3m and 15m");
  });

  it("token validities are sent in seconds when they need to be, so any whole number of seconds in range is accepted", () => {
    expect(parseClient(["tokenValidity: { accessToken: 301s, idToken: 3601s, refreshToken: 3601s }"]).error).toBeUndefined();
  });
});

describe("legacy auth flow names", () => {
  it("are accepted alone (AWS still returns them for old clients)", () => {
    expect(parseClient(["authFlows: [ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_AUTH_FLOW_ONLY]"]).error).toBeUndefined();
  });

  it("mixed with ALLOW_ names are refused in one message, as AWS refuses them", () => {
    expect(parseClient(["authFlows: [ALLOW_REFRESH_TOKEN_AUTH, ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH]"]).error).toBe(
      "f.yaml:8:20: userPools[0].clients[0].authFlows: mixes legacy names (ADMIN_NO_SRP_AUTH, USER_PASSWORD_AUTH) with ALLOW_ names, which AWS refuses; use only ALLOW_ names (ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH)",
    );
  });
});

describe("oauth with enabled: false", () => {
  it("keeps callback and logout URLs with OAuth off", () => {
    expect(
      parseClient(["oauth:", "  enabled: false", "  callbackUrls: [https://app.example.com/cb]", "  logoutUrls: [https://app.example.com/bye]", "  defaultRedirectUri: https://app.example.com/cb"]).error,
    ).toBeUndefined();
  });

  it("refuses flows or scopes while OAuth is off", () => {
    expect(parseClient(["oauth: { enabled: false, flows: [code], scopes: [openid], callbackUrls: [https://app.example.com/cb] }"]).error).toBe(
      [
        "f.yaml:8:41: userPools[0].clients[0].oauth.flows: apply only while OAuth is on; leave them out or set enabled: true",
        "f.yaml:8:57: userPools[0].clients[0].oauth.scopes: apply only while OAuth is on; leave them out or set enabled: true",
      ].join("\n"),
    );
  });

  it("still needs flows when OAuth is on (enabled defaults to true)", () => {
    expect(parseClient(["oauth: { scopes: [openid], callbackUrls: [https://app.example.com/cb] }"]).error).toBe(
      "f.yaml:8:16: userPools[0].clients[0].oauth.flows: is required while OAuth is on: code, implicit or client_credentials (or set enabled: false)",
    );
  });
});
