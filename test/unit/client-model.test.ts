import type { ResourceServerType, UserPoolClientType } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { clientSpecFromConfig, clientSpecFromLive, projectClient, type ClientSpec } from "../../src/kinds/client/model.js";
import { identityProviderSpecFromConfig, identityProviderSpecFromLive, projectIdentityProvider } from "../../src/kinds/identity-provider/model.js";
import { resourceServerRequest, resourceServerSpecFromConfig, resourceServerSpecFromLive } from "../../src/kinds/resource-server/model.js";
import { NO_RISK_CONFIGURATION } from "../../src/kinds/risk-configuration/model.js";
import { clientSchema } from "../../src/schema/client.js";
import { durationSeconds, formatDuration, inLargestUnit } from "../../src/schema/duration.js";
import { identityProviderSchema } from "../../src/schema/identity-provider.js";
import { resourceServerSchema } from "../../src/schema/resource-server.js";

describe("durations", () => {
  it("durationSeconds reads s, m, h and d, and nothing else", () => {
    expect(durationSeconds("45s")).toBe(45);
    expect(durationSeconds("15m")).toBe(900);
    expect(durationSeconds("1h")).toBe(3600);
    expect(durationSeconds("30d")).toBe(2_592_000);
    expect(durationSeconds("0m")).toBe(0);
    for (const text of ["1 hour", "1H", "1.5h", "h", "", " 1h", "1h ", "-1h", "1w", "60"]) expect(durationSeconds(text)).toBeUndefined();
  });

  it("formatDuration writes the largest unit that holds the duration exactly", () => {
    expect(formatDuration(durationSeconds("60m")!)).toBe("1h");
    expect(formatDuration(durationSeconds("1h")!)).toBe("1h");
    expect(formatDuration(durationSeconds("90m")!)).toBe("90m");
    expect(formatDuration(durationSeconds("86400s")!)).toBe("1d");
    expect(formatDuration(durationSeconds("24h")!)).toBe("1d");
    expect(formatDuration(durationSeconds("36h")!)).toBe("36h");
    expect(formatDuration(90)).toBe("90s");
    expect(formatDuration(180)).toBe("3m");
  });

  it("inLargestUnit gives AWS's unit name and the amount in it", () => {
    expect(inLargestUnit(3600)).toEqual({ amount: 1, unit: "hours" });
    expect(inLargestUnit(5400)).toEqual({ amount: 90, unit: "minutes" });
    expect(inLargestUnit(86_400)).toEqual({ amount: 1, unit: "days" });
    expect(inLargestUnit(30 * 86_400)).toEqual({ amount: 30, unit: "days" });
    expect(inLargestUnit(129_600)).toEqual({ amount: 36, unit: "hours" });
    expect(inLargestUnit(301)).toEqual({ amount: 301, unit: "seconds" });
  });
});

/** A client entry as the schema fills it in. */
const config = (entry: Record<string, unknown>) => clientSchema.parse(entry);

describe("clientSpecFromConfig", () => {
  it("fills the defaults, sorts set-like lists and writes durations canonically", () => {
    expect(
      clientSpecFromConfig(
        config({
          name: "web",
          authFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
          oauth: { flows: ["code"], scopes: ["openid", "email"], callbackUrls: ["https://b.example.com/cb", "https://a.example.com/cb"] },
          tokenValidity: { accessToken: "60m", idToken: "3600s", refreshToken: "720h" },
          authSessionValidity: "180s",
        }),
      ),
    ).toEqual({
      name: "web",
      generateSecret: false,
      authFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
      oauth: { flows: ["code"], scopes: ["email", "openid"], callbackUrls: ["https://a.example.com/cb", "https://b.example.com/cb"], logoutUrls: [] },
      identityProviders: ["COGNITO"],
      tokenValidity: { accessToken: "1h", idToken: "1h", refreshToken: "30d" },
      preventUserExistenceErrors: false,
      enableTokenRevocation: true,
      authSessionValidity: "3m",
    });
  });
});

describe("clientSpecFromLive", () => {
  it("reads missing units as hours (access, ID) and days (refresh), and missing values as Cognito's defaults", () => {
    const live: UserPoolClientType = { ClientName: "bare", ClientId: "abc", AccessTokenValidity: 2, IdTokenValidity: 3, RefreshTokenValidity: 10 };
    expect(clientSpecFromLive(live)).toEqual({
      name: "bare",
      generateSecret: false,
      authFlows: [],
      oauth: { flows: [], scopes: [], callbackUrls: [], logoutUrls: [] },
      identityProviders: [],
      tokenValidity: { accessToken: "2h", idToken: "3h", refreshToken: "10d" },
      readAttributes: [],
      writeAttributes: [],
      preventUserExistenceErrors: false,
      enableTokenRevocation: true,
      authSessionValidity: "3m",
      refreshTokenRotation: { enabled: false, retryGracePeriod: "0s" },
      riskConfiguration: NO_RISK_CONFIGURATION,
    });
    expect(clientSpecFromLive({ ClientName: "empty" }).tokenValidity).toEqual({ accessToken: "1h", idToken: "1h", refreshToken: "30d" });
  });

  it("applies the units AWS gives, each field with its own", () => {
    const live: UserPoolClientType = {
      ClientName: "c",
      AccessTokenValidity: 90,
      IdTokenValidity: 86_400,
      RefreshTokenValidity: 48,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "seconds", RefreshToken: "hours" },
      AuthSessionValidity: 15,
      EnableTokenRevocation: false,
      PreventUserExistenceErrors: "ENABLED",
    };
    const spec = clientSpecFromLive(live);
    expect(spec.tokenValidity).toEqual({ accessToken: "90m", idToken: "1d", refreshToken: "2d" });
    expect(spec.authSessionValidity).toBe("15m");
    expect(spec.enableTokenRevocation).toBe(false);
    expect(spec.preventUserExistenceErrors).toBe(true);
  });

  it("reads OAuth as off when AllowedOAuthFlowsUserPoolClient is false, and a secret as generateSecret", () => {
    const spec = clientSpecFromLive({
      ClientName: "c",
      ClientSecret: "(present)",
      AllowedOAuthFlowsUserPoolClient: false,
      AllowedOAuthFlows: ["code"],
      AllowedOAuthScopes: ["openid"],
      CallbackURLs: ["https://z.example.com/cb", "https://a.example.com/cb"],
      DefaultRedirectURI: "https://a.example.com/cb",
    });
    expect(spec.generateSecret).toBe(true);
    expect(spec.oauth).toEqual({
      flows: [],
      scopes: [],
      callbackUrls: ["https://a.example.com/cb", "https://z.example.com/cb"],
      logoutUrls: [],
      defaultRedirectUri: "https://a.example.com/cb",
    });
  });

  it("reads a client created from the file's defaults as equal to them", () => {
    const desired = clientSpecFromConfig(config({ name: "plain" }));
    const live = clientSpecFromLive({
      ClientName: "plain",
      ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      SupportedIdentityProviders: ["COGNITO"],
      AccessTokenValidity: 60,
      IdTokenValidity: 60,
      RefreshTokenValidity: 30,
      TokenValidityUnits: { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" },
      ReadAttributes: ["email"],
    });
    expect(projectClient(live, desired)).toEqual(desired);
  });
});

describe("projectClient", () => {
  const live: ClientSpec = clientSpecFromLive({ ClientName: "c", ReadAttributes: ["name", "email"], WriteAttributes: ["name"] });

  it("drops read and write attributes, refresh token rotation and the risk configuration the file does not list", () => {
    const projected = projectClient(live, clientSpecFromConfig(config({ name: "c" })));
    expect(projected).not.toHaveProperty("readAttributes");
    expect(projected).not.toHaveProperty("writeAttributes");
    expect(projected).not.toHaveProperty("refreshTokenRotation");
    expect(projected).not.toHaveProperty("riskConfiguration");
    const { readAttributes: _r, writeAttributes: _w, refreshTokenRotation: _t, riskConfiguration: _k, ...rest } = live;
    expect(projected).toEqual(rest);
  });

  it("keeps each one the file lists, sorted", () => {
    const projected = projectClient(live, clientSpecFromConfig(config({ name: "c", readAttributes: ["email"] })));
    expect(projected.readAttributes).toEqual(["email", "name"]);
    expect(projected).not.toHaveProperty("writeAttributes");
    const both = projectClient(live, clientSpecFromConfig(config({ name: "c", readAttributes: [], writeAttributes: [] })));
    expect(both.readAttributes).toEqual(["email", "name"]);
    expect(both.writeAttributes).toEqual(["name"]);
  });
});

describe("projectIdentityProvider", () => {
  const liveGoogle = identityProviderSpecFromLive({
    ProviderName: "Google",
    ProviderType: "Google",
    ProviderDetails: {
      client_id: "id",
      authorize_scopes: "openid email",
      client_secret: "live-secret",
      attributes_url: "https://people.googleapis.com/v1/people/me?personFields=",
      authorize_url: "https://accounts.google.com/o/oauth2/v2/auth",
      token_url: "https://www.googleapis.com/oauth2/v4/token",
    },
    AttributeMapping: { email: "email", username: "sub" },
    IdpIdentifiers: ["b", "a"],
  });

  it("reads the secret apart from the details", () => {
    expect(liveGoogle.clientSecret).toBe("live-secret");
    expect(liveGoogle.details).not.toHaveProperty("client_secret");
    expect(liveGoogle.idpIdentifiers).toEqual(["a", "b"]);
  });

  it("keeps the details keys the file names, the secret only when it declares one, username only when it maps it", () => {
    const desired = identityProviderSpecFromConfig(
      identityProviderSchema.parse({ name: "Google", type: "Google", details: { client_id: "id", authorize_scopes: "openid email" }, clientSecret: "s", attributeMapping: { email: "email" } }),
    );
    expect(projectIdentityProvider(liveGoogle, desired)).toEqual({
      name: "Google",
      type: "Google",
      details: { client_id: "id", authorize_scopes: "openid email" },
      clientSecret: "live-secret",
      attributeMapping: { email: "email" },
      idpIdentifiers: ["a", "b"],
    });

    const noSecret = identityProviderSpecFromConfig(
      identityProviderSchema.parse({ name: "Google", type: "Google", details: { client_id: "id" }, attributeMapping: { email: "email", username: "sub" } }),
    );
    expect(projectIdentityProvider(liveGoogle, noSecret)).toEqual({
      name: "Google",
      type: "Google",
      details: { client_id: "id" },
      attributeMapping: { email: "email", username: "sub" },
      idpIdentifiers: ["a", "b"],
    });
  });

  it("reads a SignInWithApple key as its secret", () => {
    const apple = identityProviderSpecFromLive({
      ProviderName: "SignInWithApple",
      ProviderType: "SignInWithApple",
      ProviderDetails: { client_id: "com.example", team_id: "T", key_id: "K", private_key: "-----BEGIN PRIVATE KEY-----" },
    });
    expect(apple.clientSecret).toBe("-----BEGIN PRIVATE KEY-----");
    expect(apple.details).toEqual({ client_id: "com.example", team_id: "T", key_id: "K" });
  });
});

describe("resource server spec", () => {
  it("survives config -> request -> live -> spec unchanged", () => {
    const parsed = resourceServerSchema.parse({
      identifier: "https://api.example.com",
      name: "Orders API",
      scopes: [
        { name: "orders.read", description: "Read orders" },
        { name: "orders.write", description: "Write orders" },
      ],
    });
    const spec = resourceServerSpecFromConfig(parsed);
    expect(spec).toEqual({ identifier: "https://api.example.com", name: "Orders API", scopes: { "orders.read": "Read orders", "orders.write": "Write orders" } });
    const request = resourceServerRequest("us-east-1_Pool1", spec);
    expect(request).toEqual({
      UserPoolId: "us-east-1_Pool1",
      Identifier: "https://api.example.com",
      Name: "Orders API",
      Scopes: [
        { ScopeName: "orders.read", ScopeDescription: "Read orders" },
        { ScopeName: "orders.write", ScopeDescription: "Write orders" },
      ],
    });
    // AWS answers with the same shape; the scope order it returns does not matter.
    const live: ResourceServerType = { ...request, Scopes: [...request.Scopes!].reverse() };
    expect(resourceServerSpecFromLive(live)).toEqual(spec);
  });

  it("a server without scopes round-trips too", () => {
    const spec = resourceServerSpecFromConfig(resourceServerSchema.parse({ identifier: "urn:api", name: "API" }));
    expect(spec).toEqual({ identifier: "urn:api", name: "API", scopes: {} });
    const request = resourceServerRequest("p", spec);
    expect(request.Scopes).toEqual([]);
    expect(resourceServerSpecFromLive({ UserPoolId: "p", Identifier: "urn:api", Name: "API" })).toEqual(spec);
  });
});
