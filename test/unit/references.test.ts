import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import { ConfigError } from "../../src/core/errors.js";

const parse = (text: string, env: Record<string, string> = {}) => parseConfig("f.yaml", Buffer.from(text), env);

/** The file's problems as "LINE:COLUMN message", or a failure when the file is accepted. */
function diagnosticsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parse(text, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    throw error;
  }
  throw new Error("expected the file to be rejected");
}

// Lines 1-5; the pool's own keys start on line 6, indented 4.
const HEAD = "version: 1\nstack: s\nregion: us-east-1\nuserPools:\n  - name: P\n";
const pool = (...lines: string[]) => `${HEAD}${lines.join("\n")}\n`;

const API_SERVER = [
  "    resourceServers:", // 6
  "      - identifier: https://api.example.com", // 7
  "        name: API", // 8
  "        scopes:", // 9
  "          - { name: read, description: Read }", // 10
];

describe("what clients name", () => {
  it("accepts a client naming declared scopes, built-in scopes and declared providers", () => {
    const state = parse(
      pool(
        ...API_SERVER,
        "    identityProviders:",
        "      - { name: Google, type: Google, details: { client_id: abc } }",
        "    clients:",
        "      - name: web",
        "        identityProviders: [COGNITO, Google]",
        "        oauth: { flows: [code], scopes: [openid, https://api.example.com/read], callbackUrls: [https://app.example.com/cb] }",
      ),
    );
    expect(state.userPools[0]!.clients![0]!.oauth!.scopes).toEqual(["openid", "https://api.example.com/read"]);
  });

  it("a scope no resource server declares is an error at the scope", () => {
    const text = pool(
      ...API_SERVER,
      "    clients:", // 11
      "      - name: svc", // 12
      "        generateSecret: true", // 13
      "        oauth:", // 14
      "          flows: [client_credentials]", // 15
      "          scopes:", // 16
      "            - https://api.example.com/read", // 17
      "            - https://api.example.com/write", // 18
    );
    expect(diagnosticsOf(text)).toEqual([
      '18:15 scope "https://api.example.com/write" is neither a built-in scope nor declared by a resource server of this pool (declared: https://api.example.com/read)',
    ]);
  });

  it("says none are declared when the pool has no resource servers", () => {
    const text = pool(
      "    clients:", // 6
      "      - name: web", // 7
      "        oauth: { flows: [code], scopes: [openid, api/read], callbackUrls: [https://app.example.com/cb] }", // 8
    );
    expect(diagnosticsOf(text)).toEqual([
      '8:50 scope "api/read" is neither a built-in scope nor declared by a resource server of this pool (declared: none declared)',
    ]);
  });

  it("a built-in scope in a client_credentials client is an error at the scope", () => {
    const text = pool(
      ...API_SERVER,
      "    clients:", // 11
      "      - name: svc", // 12
      "        generateSecret: true", // 13
      "        oauth: { flows: [client_credentials], scopes: [https://api.example.com/read, openid] }", // 14
    );
    expect(diagnosticsOf(text)).toEqual([
      '14:86 scope "openid" is for users; the client_credentials flow takes only resource server scopes (IDENTIFIER/SCOPE)',
    ]);
  });

  it("a provider the pool does not declare is an error at the name", () => {
    const text = pool(
      "    identityProviders:", // 6
      "      - { name: Google, type: Google, details: { client_id: abc } }", // 7
      "    clients:", // 8
      "      - name: web", // 9
      "        identityProviders: [COGNITO, Google, Facebook]", // 10
    );
    expect(diagnosticsOf(text)).toEqual(['10:46 identity provider "Facebook" is not declared in this pool\'s identityProviders (COGNITO is built in)']);
  });

  it("a provider is checked even when the pool leaves identityProviders out", () => {
    const text = pool(
      "    clients:", // 6
      "      - { name: web, identityProviders: [Google] }", // 7
    );
    expect(diagnosticsOf(text)).toEqual(['7:42 identity provider "Google" is not declared in this pool\'s identityProviders (COGNITO is built in)']);
  });
});

describe("duplicates among a pool's children", () => {
  it("two resource servers with one identifier", () => {
    const text = pool(
      "    resourceServers:", // 6
      "      - { identifier: urn:api, name: A }", // 7
      "      - { identifier: urn:other, name: B }", // 8
      "      - { identifier: urn:api, name: C }", // 9
    );
    expect(diagnosticsOf(text)).toEqual(['9:9 duplicate resource server identifier "urn:api" (first declared at entry 1)']);
  });

  it("two scopes with one name in a server", () => {
    const text = pool(
      "    resourceServers:", // 6
      "      - identifier: urn:api", // 7
      "        name: API", // 8
      "        scopes:", // 9
      "          - { name: read, description: Read }", // 10
      "          - { name: read, description: Read again }", // 11
    );
    expect(diagnosticsOf(text)).toEqual(['11:13 duplicate scope "read" (first declared at entry 1)']);
  });

  it("the same scope name in two servers is fine", () => {
    expect(() =>
      parse(pool("    resourceServers:", "      - { identifier: urn:a, name: A, scopes: [{ name: read, description: R }] }", "      - { identifier: urn:b, name: B, scopes: [{ name: read, description: R }] }")),
    ).not.toThrow();
  });

  it("two clients with one name", () => {
    const text = pool(
      "    clients:", // 6
      "      - name: web", // 7
      "      - name: mobile", // 8
      "      - name: web", // 9
    );
    expect(diagnosticsOf(text)).toEqual(['9:9 duplicate client name "web" (first declared at entry 1)']);
  });

  it("two identity providers with one name", () => {
    const text = pool(
      "    identityProviders:", // 6
      "      - { name: corp, type: OIDC, details: { client_id: a, oidc_issuer: https://id.example.com } }", // 7
      "      - { name: corp, type: OIDC, details: { client_id: b, oidc_issuer: https://id.example.com } }", // 8
    );
    expect(diagnosticsOf(text)).toEqual(['8:9 duplicate identity provider name "corp" (first declared at entry 1)']);
  });
});

describe("client rules", () => {
  it("client_credentials needs generateSecret", () => {
    const text = pool(
      ...API_SERVER,
      "    clients:", // 11
      "      - name: svc", // 12
      "        oauth: { flows: [client_credentials], scopes: [https://api.example.com/read] }", // 13
    );
    expect(diagnosticsOf(text)).toEqual(["12:9 userPools[0].clients[0].generateSecret: the client_credentials flow needs generateSecret: true"]);
  });

  it("client_credentials cannot be combined with a user flow", () => {
    const text = pool(
      "    clients:", // 6
      "      - name: svc", // 7
      "        generateSecret: true", // 8
      "        oauth: { flows: [code, client_credentials], scopes: [openid], callbackUrls: [https://app.example.com/cb] }", // 9
    );
    expect(diagnosticsOf(text)).toEqual(["9:25 userPools[0].clients[0].oauth.flows: client_credentials cannot be combined with code or implicit"]);
  });

  it("the code flow needs a callback URL", () => {
    const text = pool(
      "    clients:", // 6
      "      - name: web", // 7
      "        oauth:", // 8
      "          flows: [code]", // 9
      "          scopes: [openid]", // 10
    );
    expect(diagnosticsOf(text)).toEqual(["9:11 userPools[0].clients[0].oauth.callbackUrls: the code and implicit flows need at least one callback URL"]);
  });

  it("defaultRedirectUri must be one of the callback URLs", () => {
    const text = pool(
      "    clients:", // 6
      "      - name: web", // 7
      "        oauth:", // 8
      "          flows: [code]", // 9
      "          scopes: [openid]", // 10
      "          callbackUrls: [https://app.example.com/cb]", // 11
      "          defaultRedirectUri: https://app.example.com/other", // 12
    );
    expect(diagnosticsOf(text)).toEqual(["12:31 userPools[0].clients[0].oauth.defaultRedirectUri must be one of callbackUrls"]);
  });

  it("token validity out of range", () => {
    const text = pool(
      "    clients:", // 6
      "      - name: web", // 7
      "        tokenValidity:", // 8
      "          accessToken: 2d", // 9
      "          idToken: 4m", // 10
      "          refreshToken: 30m", // 11
      "        authSessionValidity: 20m", // 12
    );
    expect(diagnosticsOf(text)).toEqual([
      "9:24 userPools[0].clients[0].tokenValidity.accessToken must be between 5m and 1d",
      "10:20 userPools[0].clients[0].tokenValidity.idToken must be between 5m and 1d",
      "11:25 userPools[0].clients[0].tokenValidity.refreshToken must be between 1h and 3650d",
      "12:30 userPools[0].clients[0].authSessionValidity must be between 3m and 15m",
    ]);
  });

  it("a duration that is not one gets one message, saying how to write one", () => {
    const text = pool(
      "    clients:", // 6
      "      - name: web", // 7
      "        tokenValidity: { idToken: 1 hour }", // 8
    );
    // Only the format: a range message about a value that is not a duration would mislead.
    expect(diagnosticsOf(text)).toEqual(["8:35 userPools[0].clients[0].tokenValidity.idToken must be a duration such as 15m, 1h or 30d (s, m, h, d)"]);
  });

  it("a duration at a bound, in any unit, is accepted", () => {
    const state = parse(
      pool("    clients:", "      - name: web", "        tokenValidity: { accessToken: 300s, idToken: 24h, refreshToken: 3650d }", "        authSessionValidity: 900s"),
    );
    expect(state.userPools[0]!.clients![0]!.tokenValidity).toEqual({ accessToken: "300s", idToken: "24h", refreshToken: "3650d" });
  });
});

describe("identity provider rules", () => {
  it("a Google provider must be named Google", () => {
    const text = pool(
      "    identityProviders:", // 6
      "      - name: google-login", // 7
      "        type: Google", // 8
      "        details: { client_id: abc }", // 9
    );
    expect(diagnosticsOf(text)).toEqual(['7:15 userPools[0].identityProviders[0].name: a Google provider must be named "Google"']);
  });

  it("a secret written into details.client_secret is refused where it is written", () => {
    const text = pool(
      "    identityProviders:", // 6
      "      - name: Google", // 7
      "        type: Google", // 8
      "        details:", // 9
      "          client_id: abc", // 10
      "          client_secret: hunter2", // 11
    );
    expect(diagnosticsOf(text)).toEqual([
      "11:26 userPools[0].identityProviders[0].details.client_secret: put the secret in clientSecret (from ${env:...}), not in details, so it is never printed",
    ]);
  });

  it("a SignInWithApple key written into details.private_key is refused too", () => {
    const text = pool(
      "    identityProviders:", // 6
      "      - { name: SignInWithApple, type: SignInWithApple, details: { client_id: com.example, private_key: k } }", // 7
    );
    expect(diagnosticsOf(text)[0]).toMatch(/^7:\d+ userPools\[0\]\.identityProviders\[0\]\.details\.private_key: put the secret in clientSecret/);
  });
});

describe("domain rules", () => {
  it("prefix and custom together", () => {
    const text = pool(
      "    domain:", // 6
      "      prefix: myapp-auth", // 7
      "      custom: auth.example.com", // 8
      "      certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/abc-123", // 9
    );
    expect(diagnosticsOf(text)).toEqual(["7:7 userPools[0].domain: set exactly one of prefix or custom"]);
  });

  it("a prefix containing cognito", () => {
    const text = pool(
      "    domain:", // 6
      "      prefix: my-cognito-login", // 7
    );
    expect(diagnosticsOf(text)).toEqual(["7:15 userPools[0].domain.prefix may not contain aws, amazon or cognito"]);
  });

  it("a custom domain without its certificate", () => {
    const text = pool(
      "    domain: { custom: auth.example.com }", // 6
    );
    expect(diagnosticsOf(text)).toEqual(["6:13 userPools[0].domain: certificateArn goes with custom, and custom needs it"]);
  });

  it("domain: null means no domain and is accepted", () => {
    expect(parse(pool("    domain: null")).userPools[0]!.domain).toBeNull();
  });
});
