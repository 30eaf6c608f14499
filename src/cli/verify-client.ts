import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { CognitoJwtVerifier } from "aws-jwt-verify";
import type { Logger } from "pino";
import { describeAwsError } from "../aws/errors.js";
import { loadConfig } from "../config/load.js";
import { UserError } from "../core/errors.js";
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
  type HttpTarget,
} from "../kinds/client/token-check.js";
import type { Output } from "./commands.js";
import { awsClientsFor, resolveRegion, type CommonOptions } from "../run/plan-run.js";
import { findLivePool, readClient, reporter } from "./verify.js";

export interface VerifyClientOptions extends Pick<CommonOptions, "files" | "region" | "profile" | "endpointUrl"> {
  client: string;
  /** The environment variable holding the client secret to check, instead of the live client's. */
  clientSecretEnv?: string;
}

/** How long the token endpoint and the JWKS may take to answer. */
export const HTTP_TIMEOUT_MS = 15_000;
/** More than any token or JWKS answer; a larger body is not read to the end. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Checks a client-credentials client end to end: gets an access token from the pool's
 * /oauth2/token with the client's id and secret and the file's scopes, verifies its signature
 * against the pool's JWKS, and compares its client_id and scope claims with the file. Each step
 * prints one PASS/FAIL line; the first failure stops the run (exit 1). The client secret and the
 * token are never printed or logged.
 */
export async function verifyClientCommand(options: VerifyClientOptions, io: Output, logger: Logger): Promise<number> {
  const config = await loadConfig(options.files);
  const target = selectClientTarget(config.state, config.file, options.client);
  let envSecret: string | undefined;
  if (options.clientSecretEnv !== undefined) {
    envSecret = process.env[options.clientSecretEnv];
    if (!envSecret) {
      throw new UserError(
        `environment variable ${options.clientSecretEnv} is not set; put the secret of client ${target.client.name} in it, or leave --client-secret-env out to check with the live client's secret`,
      );
    }
  }
  const endpoint = endpointOverride(options.endpointUrl, process.env);

  const aws = awsClientsFor(options, logger);
  try {
    const region = await resolveRegion(config, options, aws);
    const pool = await findLivePool(aws, config.state, target.pool, region);
    const { clientId, described } = await readClient(aws.idp(pool.region), pool.id, target.client.name, target.pool.name);
    logger.info({ client: target.client.name, userPool: target.pool.name }, "verifying the client-credentials grant");
    const report = reporter(io);
    const clientName = target.client.name;

    // 1. token
    const domain = pool.raw.CustomDomain ?? pool.raw.Domain;
    if (!domain) {
      report("FAIL", "token", noDomainReason(target.pool.name, target.pool.domain !== undefined));
      return 1;
    }
    const secret = envSecret ?? (described.ClientSecret || undefined);
    if (secret === undefined) {
      report("FAIL", "token", `the live client ${clientName} has no secret, and the client_credentials grant needs one; run plan (generateSecret: true in the file replaces the client)`);
      return 1;
    }
    const { shown, target: http } = tokenEndpoint(domain, pool.region, endpoint);
    const body = tokenRequestBody(target.scopes);
    let accessToken: string;
    let expiresIn: number | undefined;
    try {
      const response = await send(http, "POST", { Authorization: basicAuthorization(clientId, secret), "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" }, body, logger, "oauth2/token");
      const answer = parseTokenAnswer(response.status, response.contentType, response.body);
      if (answer.kind === "error") {
        const context = { clientName, declaredScopes: target.scopes, liveScopes: described.AllowedOAuthScopes ?? [], ...(options.clientSecretEnv ? { secretEnv: options.clientSecretEnv } : {}) };
        report("FAIL", "token", explainTokenError(answer.error, answer.description, context));
        return 1;
      }
      if (answer.kind === "unexpected") {
        report("FAIL", "token", `${shown} answered ${answer.detail}, not a token response; check the pool's domain`);
        return 1;
      }
      accessToken = answer.accessToken;
      expiresIn = answer.expiresIn;
    } catch (error) {
      report("FAIL", "token", unreachable(error, `POST ${shown}`, `client ${clientName}`, http));
      return 1;
    }
    const via = http.host !== undefined ? ` (sent to ${http.url})` : "";
    const from = options.clientSecretEnv ? `, secret from ${options.clientSecretEnv}` : "";
    const expiry = expiresIn !== undefined ? `, expires in ${formatSeconds(expiresIn)}` : "";
    report("PASS", "token", `client ${clientName} (${clientId}${from}) got an access token from ${shown}${via}${expiry}`);

    // 2. signature (and iss, token_use, client_id, exp), against the JWKS fetched here
    const jwksAt = jwksUrl(pool.id, pool.region, endpoint);
    let jwks: unknown;
    try {
      const response = await send({ url: jwksAt }, "GET", { Accept: "application/json" }, undefined, logger, "jwks");
      if (response.status !== 200) {
        report("FAIL", "signature", `cannot fetch the pool's JWKS from ${jwksAt}: HTTP ${response.status}`);
        return 1;
      }
      jwks = JSON.parse(response.body);
    } catch (error) {
      if (error instanceof SyntaxError) {
        report("FAIL", "signature", `the pool's JWKS at ${jwksAt} is not JSON`);
        return 1;
      }
      report("FAIL", "signature", unreachable(error, `GET ${jwksAt}`, `user pool ${pool.id}`, { url: jwksAt }));
      return 1;
    }
    let claims: Record<string, unknown>;
    try {
      const verifier = CognitoJwtVerifier.create({ userPoolId: pool.id, tokenUse: "access", clientId });
      // The library is handed the keys, so it never fetches anything itself.
      verifier.cacheJwks(jwks as Parameters<typeof verifier.cacheJwks>[0]);
      claims = verifier.verifySync(accessToken) as unknown as Record<string, unknown>;
    } catch (error) {
      report("FAIL", "signature", verificationReason(error, accessToken));
      return 1;
    }
    report("PASS", "signature", `RS256 signature checks out with key ${keyId(accessToken)} of the pool's JWKS; iss, token_use, client_id and exp as expected`);

    // 3. client_id claim
    if (claims.client_id !== clientId) {
      report("FAIL", "client_id claim", `the token's client_id is ${String(claims.client_id)}, not the id of client ${clientName} (${clientId})`);
      return 1;
    }
    report("PASS", "client_id claim", `${clientId}, the id of client ${clientName}`);

    // 4. scope claim
    const scopes = compareScopes(claims.scope, target.scopes);
    report(scopes.ok ? "PASS" : "FAIL", "scope claim", describeScopes(scopes));
    return scopes.ok ? 0 : 1;
  } finally {
    aws.destroy();
  }
}

interface HttpAnswer {
  status: number;
  contentType: string | undefined;
  body: string;
}

class HttpTimeoutError extends Error {
  constructor(readonly url: string) {
    super(`no answer from ${url} within ${HTTP_TIMEOUT_MS / 1000} s`);
    this.name = "HttpTimeoutError";
  }
}

/**
 * One HTTP request with node:http(s), which sends the Host header it is given (fetch would not).
 * Only the operation, the duration and the status are logged: the request carries the secret and
 * the answer the token.
 */
function send(target: HttpTarget, method: "GET" | "POST", headers: Record<string, string>, body: string | undefined, logger: Logger, operation: string): Promise<HttpAnswer> {
  const url = new URL(target.url);
  const request = url.protocol === "https:" ? httpsRequest : httpRequest;
  const allHeaders: Record<string, string> = { ...headers, ...(target.host !== undefined ? { Host: target.host } : {}) };
  if (body !== undefined) allHeaders["Content-Length"] = String(Buffer.byteLength(body));
  const started = Date.now();
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = request(url, { method, headers: allHeaders }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      res.on("end", () => {
        clearTimeout(timer);
        logger.debug({ operation, ms: Date.now() - started, status: res.statusCode }, "http call");
        const type = res.headers["content-type"];
        resolve({ status: res.statusCode ?? 0, contentType: type, body: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", fail);
    });
    const timer = setTimeout(() => req.destroy(new HttpTimeoutError(target.url)), HTTP_TIMEOUT_MS);
    function fail(error: Error): void {
      clearTimeout(timer);
      logger.debug({ operation, ms: Date.now() - started, error: (error as NodeJS.ErrnoException).code ?? error.name }, "http call failed");
      reject(error);
    }
    req.on("error", fail);
    req.end(body);
  });
}

/** One line for a request that got no answer: a timeout, the usual unreachable-endpoint hint, or the network error. */
function unreachable(error: unknown, operation: string, resource: string, target: HttpTarget): string {
  if (error instanceof HttpTimeoutError) return `${error.message}; check the domain, --endpoint-url and your network`;
  const described = describeAwsError(error, operation, resource);
  if (described instanceof UserError) return described.message;
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code === "string") return `${operation} (${resource}): cannot reach ${target.url} (${e.code}: ${e.message.replace(/\s+/g, " ")})`;
  throw error;
}

/** The verifier's reason, without any part of the token (some messages quote what they parsed). */
function verificationReason(error: unknown, token: string): string {
  const e = error as { name?: string; message?: string };
  let message = (e?.message ?? String(error)).replace(/\s+/g, " ").trim();
  for (const part of [token, ...token.split(".")].filter((p) => p.length > 0)) message = message.split(part).join("(token)");
  message = message.replace(/eyJ[\w-]+(?:\.[\w-]*)*/g, "(token)");
  return `${e?.name ?? "error"}: ${message}`;
}

/** The key id in the token's header (checked by the verifier already). */
function keyId(token: string): string {
  try {
    const header = JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")) as { kid?: unknown };
    return typeof header.kid === "string" ? header.kid : "(none)";
  } catch {
    return "(unreadable)";
  }
}
