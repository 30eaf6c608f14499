// The token endpoint's client-credentials grant, on an emulator of this file's own (the call count
// is checked exactly): a signed access token with Cognito's claims, and each OAuth error.
import { createPublicKey, createVerify, type JsonWebKey } from "node:crypto";
import { request } from "node:http";
import {
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolClientRequest,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/emulator.js";
import { idpClient, uniqueSuffix } from "../helpers/cli.js";

const API = "https://api.example.com";
const READ = `${API}/read`;
const WRITE = `${API}/write`;
const CERTIFICATE = "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

let emulator: Emulator;
let idp: CognitoIdentityProviderClient;
const suffix = uniqueSuffix();
const prefix = `token-${suffix}`;
const prefixHost = `${prefix}.auth.us-east-1.amazoncognito.com`;
const customHost = `auth-${suffix}.example.com`;
const otherHost = `other-${suffix}.auth.us-east-1.amazoncognito.com`;

let poolId: string;
/** client_credentials with both scopes, a secret, and an access token validity of 15 minutes. */
let machine: { id: string; secret: string };
/** The same, with the default token validity. */
let plain: { id: string; secret: string };
let noSecret: string;
let codeFlow: { id: string; secret: string };
let oauthOff: { id: string; secret: string };
/** Allows only openid: no resource-server scope to issue by default. */
let noCustomScopes: { id: string; secret: string };

interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
}

/** POST /oauth2/token to the emulator, with the Host header of a pool's domain when given. */
function postToken(form: Record<string, string>, options: { host?: string; basic?: [string, string]; authorization?: string; contentType?: string; raw?: string } = {}): Promise<TokenAnswer> {
  const body = options.raw ?? new URLSearchParams(form).toString();
  const headers: Record<string, string> = {
    "Content-Type": options.contentType ?? "application/x-www-form-urlencoded",
    "Content-Length": String(Buffer.byteLength(body)),
  };
  if (options.host) headers.Host = options.host;
  if (options.basic) headers.Authorization = `Basic ${Buffer.from(`${options.basic[0]}:${options.basic[1]}`).toString("base64")}`;
  if (options.authorization) headers.Authorization = options.authorization;
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.url}/oauth2/token`, { method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>, headers: res.headers }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

const grant = (extra: Record<string, string> = {}) => ({ grant_type: "client_credentials", ...extra });

function decodePart(part: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

async function createClient(request: Omit<CreateUserPoolClientRequest, "UserPoolId">): Promise<{ id: string; secret: string }> {
  const created = (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ...request }))).UserPoolClient!;
  return { id: created.ClientId!, secret: created.ClientSecret ?? "" };
}

const clientCredentials = { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ["client_credentials" as const], AllowedOAuthScopes: [READ, WRITE] };

beforeAll(async () => {
  emulator = await startEmulator();
  idp = idpClient(emulator.url);
  poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: `token-${suffix}` }))).UserPool!.Id!;
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: customHost, CustomDomainConfig: { CertificateArn: CERTIFICATE } }));
  await idp.send(
    new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: API,
      Name: "API",
      Scopes: [
        { ScopeName: "read", ScopeDescription: "Read" },
        { ScopeName: "write", ScopeDescription: "Write" },
      ],
    }),
  );
  machine = await createClient({
    ClientName: "machine",
    GenerateSecret: true,
    ...clientCredentials,
    AccessTokenValidity: 15,
    TokenValidityUnits: { AccessToken: "minutes" },
  });
  plain = await createClient({ ClientName: "plain", GenerateSecret: true, ...clientCredentials });
  noSecret = (await createClient({ ClientName: "no-secret", GenerateSecret: false, ...clientCredentials })).id;
  codeFlow = await createClient({
    ClientName: "code",
    GenerateSecret: true,
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ["code"],
    AllowedOAuthScopes: ["openid", READ],
    CallbackURLs: ["https://app.example.com/callback"],
  });
  oauthOff = await createClient({ ClientName: "oauth-off", GenerateSecret: true, ...clientCredentials, AllowedOAuthFlowsUserPoolClient: false });
  noCustomScopes = await createClient({ ClientName: "openid-only", GenerateSecret: true, ...clientCredentials, AllowedOAuthScopes: ["openid"] });

  // A second pool with a domain of its own, for requests sent to the wrong pool's domain.
  const other = (await idp.send(new CreateUserPoolCommand({ PoolName: `token-other-${suffix}` }))).UserPool!.Id!;
  await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: other, Domain: `other-${suffix}` }));
});

afterAll(async () => {
  idp?.destroy();
  await emulator?.stop();
});

describe("token endpoint: client_credentials", () => {
  it("issues an RS256 access token with Cognito's claims, signed with the key the pool's JWKS publishes", async () => {
    const before = Math.floor(Date.now() / 1000);
    const answer = await postToken(grant({ scope: `${READ} ${WRITE}` }), { host: prefixHost, basic: [machine.id, machine.secret] });
    expect(answer.status).toBe(200);
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(Object.keys(answer.body).sort()).toEqual(["access_token", "expires_in", "token_type"]);
    expect(answer.body.token_type).toBe("Bearer");
    // AccessTokenValidity 15 with TokenValidityUnits.AccessToken minutes.
    expect(answer.body.expires_in).toBe(900);

    const token = answer.body.access_token as string;
    const [header, payload, signature] = token.split(".") as [string, string, string];
    expect(decodePart(header)).toEqual({ kid: "dummy", alg: "RS256" });
    const claims = decodePart(payload);
    expect(Object.keys(claims).sort()).toEqual(["auth_time", "client_id", "exp", "iat", "iss", "jti", "scope", "sub", "token_use", "version"]);
    expect(claims).toMatchObject({
      sub: machine.id,
      client_id: machine.id,
      token_use: "access",
      scope: `${READ} ${WRITE}`,
      iss: `https://cognito-idp.us-east-1.amazonaws.com/${poolId}`,
      version: 2,
    });
    expect(claims.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const iat = claims.iat as number;
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(claims.auth_time).toBe(iat);
    expect(claims.exp).toBe(iat + 900);

    // The signature, checked here with node:crypto against the JWKS the emulator serves.
    const jwksResponse = await fetch(`${emulator.url}/${poolId}/.well-known/jwks.json`);
    expect(jwksResponse.status).toBe(200);
    const jwks = (await jwksResponse.json()) as { keys: (JsonWebKey & { kid: string })[] };
    const key = jwks.keys.find((k) => k.kid === "dummy")!;
    expect(key).toBeDefined();
    const verifier = createVerify("RSA-SHA256").update(`${header}.${payload}`);
    expect(verifier.verify(createPublicKey({ key, format: "jwk" }), Buffer.from(signature, "base64url"))).toBe(true);
    // A changed claim no longer matches the signature.
    const forged = Buffer.from(JSON.stringify({ ...claims, scope: "admin" })).toString("base64url");
    expect(createVerify("RSA-SHA256").update(`${header}.${forged}`).verify(createPublicKey({ key, format: "jwk" }), Buffer.from(signature, "base64url"))).toBe(false);
  });

  it("each token has its own jti", async () => {
    const first = await postToken(grant(), { host: prefixHost, basic: [machine.id, machine.secret] });
    const second = await postToken(grant(), { host: prefixHost, basic: [machine.id, machine.secret] });
    const jti = (answer: TokenAnswer) => decodePart((answer.body.access_token as string).split(".")[1]!).jti;
    expect(jti(first)).not.toBe(jti(second));
  });

  it("without a scope parameter grants every resource-server scope of the client; expires_in defaults to 3600", async () => {
    const answer = await postToken(grant(), { host: prefixHost, basic: [plain.id, plain.secret] });
    expect(answer.status).toBe(200);
    expect(answer.body.expires_in).toBe(3600);
    expect(decodePart((answer.body.access_token as string).split(".")[1]!).scope).toBe(`${READ} ${WRITE}`);
  });

  it("grants a requested subset of the allowed scopes", async () => {
    const answer = await postToken(grant({ scope: WRITE }), { host: prefixHost, basic: [plain.id, plain.secret] });
    expect(answer.status).toBe(200);
    expect(decodePart((answer.body.access_token as string).split(".")[1]!).scope).toBe(WRITE);
  });

  it("accepts the client id and secret as form fields (client_secret_post) as well as HTTP Basic", async () => {
    const answer = await postToken(grant({ client_id: plain.id, client_secret: plain.secret }), { host: prefixHost });
    expect(answer.status).toBe(200);
    expect(decodePart((answer.body.access_token as string).split(".")[1]!).client_id).toBe(plain.id);
    // Basic with the same client_id repeated in the form is one client.
    const both = await postToken(grant({ client_id: plain.id }), { host: prefixHost, basic: [plain.id, plain.secret] });
    expect(both.status).toBe(200);
  });

  it("is served on the pool's custom domain, and on the emulator's own address for the client's pool", async () => {
    expect((await postToken(grant(), { host: customHost, basic: [plain.id, plain.secret] })).status).toBe(200);
    expect((await postToken(grant(), { basic: [plain.id, plain.secret] })).status).toBe(200);
  });

  it("counts requests as operation oauth2/token", async () => {
    await emulator.resetCalls();
    await postToken(grant(), { host: prefixHost, basic: [plain.id, plain.secret] });
    await postToken(grant(), { host: prefixHost, basic: [plain.id, "wrong"] });
    expect(await emulator.calls()).toEqual({ "oauth2/token": 2 });
  });
});

describe("token endpoint: errors (HTTP 400, {error})", () => {
  const expectError = (answer: TokenAnswer, error: string) => {
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe(error);
    expect(answer.body.access_token).toBeUndefined();
  };

  it("invalid_request: no grant_type, a form that is not form-encoded, a repeated parameter, two authentication methods", async () => {
    expectError(await postToken({}, { host: prefixHost, basic: [plain.id, plain.secret] }), "invalid_request");
    expectError(await postToken({}, { host: prefixHost, basic: [plain.id, plain.secret], contentType: "application/json", raw: '{"grant_type":"client_credentials"}' }), "invalid_request");
    expectError(
      await postToken({}, { host: prefixHost, basic: [plain.id, plain.secret], raw: "grant_type=client_credentials&grant_type=client_credentials" }),
      "invalid_request",
    );
    expectError(await postToken(grant({ client_secret: plain.secret }), { host: prefixHost, basic: [plain.id, plain.secret] }), "invalid_request");
  });

  it("unsupported_grant_type: any grant but client_credentials", async () => {
    for (const grantType of ["authorization_code", "refresh_token", "password", "urn:example"]) {
      expectError(await postToken({ grant_type: grantType }, { host: prefixHost, basic: [plain.id, plain.secret] }), "unsupported_grant_type");
    }
  });

  it("invalid_client: unknown client, wrong or missing secret, a client without a secret, no authentication, a malformed header", async () => {
    expectError(await postToken(grant(), { host: prefixHost, basic: ["nosuchclient", "secret"] }), "invalid_client");
    expectError(await postToken(grant(), { host: prefixHost, basic: [plain.id, `${plain.secret}x`] }), "invalid_client");
    expectError(await postToken(grant({ client_id: plain.id }), { host: prefixHost }), "invalid_client");
    expectError(await postToken(grant({ client_id: plain.id, client_secret: "wrong" }), { host: prefixHost }), "invalid_client");
    expectError(await postToken(grant({ client_id: noSecret }), { host: prefixHost }), "invalid_client");
    expectError(await postToken(grant({ client_id: noSecret, client_secret: "anything" }), { host: prefixHost }), "invalid_client");
    expectError(await postToken(grant(), { host: prefixHost }), "invalid_client");
    expectError(await postToken(grant(), { host: prefixHost, authorization: "Basic not-base64!" }), "invalid_client");
    expectError(await postToken(grant(), { host: prefixHost, authorization: `Bearer ${plain.secret}` }), "invalid_client");
    // Basic naming one client and the form another.
    expectError(await postToken(grant({ client_id: machine.id }), { host: prefixHost, basic: [plain.id, plain.secret] }), "invalid_client");
  });

  it("invalid_client: a domain of another pool than the client's, or a Cognito domain no pool has", async () => {
    expectError(await postToken(grant(), { host: otherHost, basic: [plain.id, plain.secret] }), "invalid_client");
    expectError(await postToken(grant(), { host: `nobody-${suffix}.auth.us-east-1.amazoncognito.com`, basic: [plain.id, plain.secret] }), "invalid_client");
    // The right prefix in another region is another domain.
    expectError(await postToken(grant(), { host: `${prefix}.auth.eu-west-1.amazoncognito.com`, basic: [plain.id, plain.secret] }), "invalid_client");
  });

  it("unauthorized_client: the client's flows lack client_credentials, or OAuth is off for it", async () => {
    expectError(await postToken(grant({ scope: READ }), { host: prefixHost, basic: [codeFlow.id, codeFlow.secret] }), "unauthorized_client");
    expectError(await postToken(grant(), { host: prefixHost, basic: [oauthOff.id, oauthOff.secret] }), "unauthorized_client");
  });

  it("invalid_scope: a scope the client does not allow, a built-in scope, or no custom scope to grant", async () => {
    expectError(await postToken(grant({ scope: `${READ} ${API}/admin` }), { host: prefixHost, basic: [plain.id, plain.secret] }), "invalid_scope");
    expectError(await postToken(grant({ scope: "https://other.example.com/read" }), { host: prefixHost, basic: [plain.id, plain.secret] }), "invalid_scope");
    expectError(await postToken(grant({ scope: "openid" }), { host: prefixHost, basic: [noCustomScopes.id, noCustomScopes.secret] }), "invalid_scope");
    expectError(await postToken(grant(), { host: prefixHost, basic: [noCustomScopes.id, noCustomScopes.secret] }), "invalid_scope");
  });
});
