import { describe, expect, it } from "vitest";
import { UserError } from "../../src/core/errors.js";
import {
  basicAuthorization,
  compareScopes,
  describeScopes,
  endpointOverride,
  explainTokenError,
  formatSeconds,
  jwksUrl,
  noDomainReason,
  parseTokenAnswer,
  selectClientTarget,
  tokenEndpoint,
  tokenRequestBody,
} from "../../src/kinds/client/token-check.js";
import { desiredStateSchema, type DesiredState } from "../../src/schema/root.js";

const READ = "https://api.example.com/read";
const WRITE = "https://api.example.com/write";

const machine = { name: "Machine", generateSecret: true, authFlows: ["ALLOW_REFRESH_TOKEN_AUTH"], oauth: { flows: ["client_credentials"], scopes: [WRITE, READ] } };
const web = { name: "Web", authFlows: ["ALLOW_USER_PASSWORD_AUTH"] };

function state(pools: unknown[]): DesiredState {
  return desiredStateSchema.parse({ version: 1, stack: "s", region: "us-east-1", userPools: pools });
}

const pool = (name: string, clients: unknown[]) => ({
  name,
  resourceServers: [{ identifier: "https://api.example.com", name: "API", scopes: [{ name: "read", description: "r" }, { name: "write", description: "w" }] }],
  clients,
});

describe("selectClientTarget", () => {
  it("finds the client_credentials client and its declared scopes, sorted", () => {
    const target = selectClientTarget(state([pool("P", [machine, web])]), "f.yaml", "Machine");
    expect(target.pool.name).toBe("P");
    expect(target.client.name).toBe("Machine");
    expect(target.scopes).toEqual([READ, WRITE]);
  });

  it("a client without client_credentials is a one-line error that points at --user", () => {
    expect(() => selectClientTarget(state([pool("P", [machine, web])]), "f.yaml", "Web")).toThrow(
      new UserError(
        "client Web of user pool P in f.yaml does not allow the client_credentials flow (oauth.flows), so verify --client alone has nothing to check; pass --user USERNAME to check a user's sign-in with it",
      ),
    );
  });

  it("an undeclared client names the declared ones; a client in several pools cannot be told apart", () => {
    expect(() => selectClientTarget(state([pool("P", [machine, web])]), "f.yaml", "Nope")).toThrow(new UserError("client Nope is not declared in f.yaml (declared: Machine, Web)"));
    expect(() => selectClientTarget(state([pool("P", [machine]), pool("Q", [machine])]), "f.yaml", "Machine")).toThrow(
      new UserError("client Machine is declared in several user pools of f.yaml (P, Q); verify cannot tell which one to check"),
    );
  });
});

describe("endpointOverride", () => {
  it("takes the flag, then the Cognito-specific variable, then AWS_ENDPOINT_URL, as the SDK does", () => {
    const env = { AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: "http://idp:1", AWS_ENDPOINT_URL: "http://all:2" };
    expect(endpointOverride("http://flag:3", env)).toBe("http://flag:3");
    expect(endpointOverride(undefined, env)).toBe("http://idp:1");
    expect(endpointOverride(undefined, { AWS_ENDPOINT_URL: "http://all:2" })).toBe("http://all:2");
    expect(endpointOverride(undefined, {})).toBeUndefined();
    expect(endpointOverride(undefined, { AWS_ENDPOINT_URL: "" })).toBeUndefined();
  });

  it("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true drops the variables, not the flag", () => {
    const env = { AWS_ENDPOINT_URL: "http://all:2", AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "true" };
    expect(endpointOverride(undefined, env)).toBeUndefined();
    expect(endpointOverride("http://flag:3", env)).toBe("http://flag:3");
  });
});

describe("tokenEndpoint and jwksUrl", () => {
  it("the prefix domain's token endpoint, sent to the domain itself without an override", () => {
    expect(tokenEndpoint("myapp", "eu-west-1", undefined)).toEqual({
      shown: "https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/token",
      target: { url: "https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/token" },
    });
  });

  it("a custom domain is its own host", () => {
    expect(tokenEndpoint("auth.example.com", "us-east-1", undefined).target).toEqual({ url: "https://auth.example.com/oauth2/token" });
  });

  it("with an override, the request goes to the endpoint with the domain as Host", () => {
    expect(tokenEndpoint("myapp", "us-east-1", "http://127.0.0.1:4566/")).toEqual({
      shown: "https://myapp.auth.us-east-1.amazoncognito.com/oauth2/token",
      target: { url: "http://127.0.0.1:4566/oauth2/token", host: "myapp.auth.us-east-1.amazoncognito.com" },
    });
    expect(tokenEndpoint("auth.example.com", "us-east-1", "http://localhost:4566").target.host).toBe("auth.example.com");
  });

  it("the JWKS of AWS's issuer, or the same path on the override", () => {
    expect(jwksUrl("us-east-1_Abc", "us-east-1", undefined)).toBe("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc/.well-known/jwks.json");
    expect(jwksUrl("us-east-1_Abc", "us-east-1", "http://127.0.0.1:4566/")).toBe("http://127.0.0.1:4566/us-east-1_Abc/.well-known/jwks.json");
  });
});

describe("the request", () => {
  it("form body: grant_type and the scopes joined by spaces, form-encoded", () => {
    const body = tokenRequestBody([READ, WRITE]);
    expect(body).toBe("grant_type=client_credentials&scope=https%3A%2F%2Fapi.example.com%2Fread+https%3A%2F%2Fapi.example.com%2Fwrite");
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({ grant_type: "client_credentials", scope: `${READ} ${WRITE}` });
    expect(tokenRequestBody([])).toBe("grant_type=client_credentials");
  });

  it("HTTP Basic is base64 of id:secret", () => {
    expect(basicAuthorization("abc", "s3cret")).toBe(`Basic ${Buffer.from("abc:s3cret").toString("base64")}`);
    expect(basicAuthorization("abc", "s3cret")).toBe("Basic YWJjOnMzY3JldA==");
  });
});

describe("parseTokenAnswer", () => {
  it("a token response", () => {
    expect(parseTokenAnswer(200, "application/json", '{"access_token":"a.b.c","expires_in":3600,"token_type":"Bearer"}')).toEqual({
      kind: "token",
      accessToken: "a.b.c",
      expiresIn: 3600,
      tokenType: "Bearer",
    });
  });

  it("an OAuth error, with its description on one line", () => {
    expect(parseTokenAnswer(400, "application/json", '{"error":"invalid_scope"}')).toEqual({ kind: "error", error: "invalid_scope", description: undefined });
    expect(parseTokenAnswer(400, "application/json", '{"error":"invalid_request","error_description":"grant_type\\n is required"}')).toEqual({
      kind: "error",
      error: "invalid_request",
      description: "grant_type is required",
    });
  });

  it("anything else is unexpected and quotes nothing of the body", () => {
    expect(parseTokenAnswer(404, "text/html; charset=utf-8", "<html>secret stuff</html>")).toEqual({ kind: "unexpected", detail: "HTTP 404, text/html" });
    expect(parseTokenAnswer(200, "application/json", '{"id_token":"eyJhbGciOi.x.y"}')).toEqual({ kind: "unexpected", detail: "an answer without an access token, application/json" });
    expect(parseTokenAnswer(500, undefined, "")).toEqual({ kind: "unexpected", detail: "HTTP 500" });
    // An "error" that is not an error code is not trusted as one.
    expect(parseTokenAnswer(400, undefined, '{"error":"eyJhbGciOiJSUzI1NiJ9 and more"}').kind).toBe("unexpected");
  });
});

describe("explainTokenError", () => {
  const context = { clientName: "Machine", declaredScopes: [READ, WRITE], liveScopes: [READ, WRITE] };

  it("invalid_client: blames the secret from the variable, or points at the domain when the secret is AWS's", () => {
    expect(explainTokenError("invalid_client", undefined, { ...context, secretEnv: "MY_SECRET" })).toBe(
      "invalid_client: the token endpoint rejected client Machine's id and secret (the secret in MY_SECRET is not the live client's; deploy the client's current secret (cognito-reconcile outputs --show-secrets))",
    );
    expect(explainTokenError("invalid_client", undefined, context)).toBe(
      "invalid_client: the token endpoint rejected client Machine's id and secret (the id and secret were read from AWS just now; check that the domain belongs to the client's user pool)",
    );
  });

  it("unauthorized_client: the live client lacks the flow", () => {
    expect(explainTokenError("unauthorized_client", undefined, context)).toBe("unauthorized_client: the live client does not allow the client_credentials flow; run plan/apply");
  });

  it("invalid_scope: names the declared scopes the live client lacks", () => {
    expect(explainTokenError("invalid_scope", undefined, { ...context, liveScopes: [READ] })).toBe(`invalid_scope: the live client does not allow scope ${WRITE} of the file; run plan`);
    expect(explainTokenError("invalid_scope", undefined, { ...context, liveScopes: [] })).toBe(`invalid_scope: the live client does not allow scopes ${READ}, ${WRITE} of the file; run plan`);
    expect(explainTokenError("invalid_scope", undefined, context)).toBe(
      `invalid_scope: the token endpoint refused the file's scopes [${READ}, ${WRITE}] although the live client allows them; check that the pool's resource servers still define them (run plan)`,
    );
  });

  it("other errors keep the endpoint's description", () => {
    expect(explainTokenError("invalid_request", "grant_type is required", context)).toBe("invalid_request: the token endpoint found the request malformed (grant_type is required)");
    expect(explainTokenError("unsupported_grant_type", undefined, context)).toBe("unsupported_grant_type: the token endpoint does not accept the client_credentials grant");
    expect(explainTokenError("temporarily_unavailable", undefined, context)).toBe("temporarily_unavailable: the token endpoint refused the request");
  });
});

describe("compareScopes", () => {
  it("the same scopes in any order pass", () => {
    const comparison = compareScopes(`${WRITE} ${READ}`, [READ, WRITE]);
    expect(comparison).toEqual({ ok: true, token: [READ, WRITE], missing: [], extra: [] });
    expect(describeScopes(comparison)).toBe(`[${READ}, ${WRITE}], as the file declares`);
  });

  it("reports missing and extra scopes", () => {
    const comparison = compareScopes(`${READ} https://api.example.com/admin`, [READ, WRITE]);
    expect(comparison).toEqual({ ok: false, token: ["https://api.example.com/admin", READ], missing: [WRITE], extra: ["https://api.example.com/admin"] });
    expect(describeScopes(comparison)).toBe(`the token has [https://api.example.com/admin, ${READ}]; missing [${WRITE}], not declared [https://api.example.com/admin]; run plan`);
  });

  it("a token without a scope claim has no scopes", () => {
    expect(compareScopes(undefined, [READ])).toEqual({ ok: false, token: [], missing: [READ], extra: [] });
  });
});

describe("messages", () => {
  it("no domain: declare one, or apply the declared one", () => {
    expect(noDomainReason("P", false)).toBe("user pool P has no domain, and the token endpoint lives on the pool's domain; declare domain: (prefix or custom) under user pool P and apply");
    expect(noDomainReason("P", true)).toBe("user pool P has no domain, and the token endpoint lives on the pool's domain; run apply to create the domain the file declares");
  });

  it("expiry in the shortest exact unit", () => {
    expect(formatSeconds(3600)).toBe("1h");
    expect(formatSeconds(900)).toBe("15m");
    expect(formatSeconds(86_400)).toBe("1d");
    expect(formatSeconds(0)).toBe("0s");
    expect(formatSeconds(61)).toBe("61s");
  });
});
