import { UserError } from "../../core/errors.js";
import type { ClientConfig } from "../../schema/client.js";
import { formatDuration } from "../../schema/duration.js";
import type { DesiredState } from "../../schema/root.js";
import type { UserPoolConfig } from "../../schema/user-pool.js";
import { domainUrl } from "../domain/model.js";

/**
 * The pure part of `verify --client NAME` for a client-credentials client: which client of the file
 * is checked, where its token request goes, the request itself, the scope comparison and what an
 * OAuth error from the token endpoint means for the user. No I/O, no logging.
 */

export const CLIENT_CREDENTIALS = "client_credentials";

export interface ClientTarget {
  pool: UserPoolConfig;
  client: ClientConfig;
  /** The client's declared scopes, sorted; what the token request asks for. */
  scopes: string[];
}

/**
 * The declared client `name` when it allows the client_credentials flow. Throws a one-line
 * UserError naming the file otherwise.
 */
export function selectClientTarget(state: DesiredState, file: string, name: string): ClientTarget {
  const found = state.userPools.flatMap((pool) => (pool.clients ?? []).filter((c) => c.name === name).map((client) => ({ pool, client })));
  if (found.length === 0) {
    const declared = state.userPools.flatMap((p) => (p.clients ?? []).map((c) => c.name));
    throw new UserError(`client ${name} is not declared in ${file} (declared: ${declared.join(", ") || "none"})`);
  }
  if (found.length > 1) {
    throw new UserError(`client ${name} is declared in several user pools of ${file} (${found.map((f) => f.pool.name).join(", ")}); verify cannot tell which one to check`);
  }
  const { pool, client } = found[0]!;
  if (!client.oauth?.flows.includes(CLIENT_CREDENTIALS)) {
    throw new UserError(
      `client ${name} of user pool ${pool.name} in ${file} does not allow the ${CLIENT_CREDENTIALS} flow (oauth.flows), so verify --client alone has nothing to check; pass --user USERNAME to check a user's sign-in with it`,
    );
  }
  return { pool, client, scopes: [...new Set(client.oauth.scopes)].sort() };
}

/**
 * The endpoint the AWS SDK would send Cognito calls to instead of AWS's: --endpoint-url, else
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, else AWS_ENDPOINT_URL (both ignored, as the SDK
 * ignores them, when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true). Undefined: talk to AWS itself.
 */
export function endpointOverride(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (flag) return flag;
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === "true") return undefined;
  return env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER || env.AWS_ENDPOINT_URL || undefined;
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, "");

export interface HttpTarget {
  /** Where the request is sent. */
  url: string;
  /** The Host header to send instead of the URL's (an emulator serving every domain on one address). */
  host?: string;
}

/**
 * The token endpoint of a pool's domain (a prefix or a custom host) and where to send the request:
 * the domain itself, or the endpoint override with the domain as the Host header.
 */
export function tokenEndpoint(domain: string, region: string, endpoint: string | undefined): { shown: string; target: HttpTarget } {
  const base = domainUrl(domain, region);
  const shown = `${base}/oauth2/token`;
  if (endpoint === undefined) return { shown, target: { url: shown } };
  return { shown, target: { url: `${withoutTrailingSlash(endpoint)}/oauth2/token`, host: new URL(base).host } };
}

/** Where the pool's signing keys are published: AWS's issuer URL, or the same path on the override. */
export function jwksUrl(poolId: string, region: string, endpoint: string | undefined): string {
  const base = endpoint === undefined ? `https://cognito-idp.${region}.amazonaws.com` : withoutTrailingSlash(endpoint);
  return `${base}/${poolId}/.well-known/jwks.json`;
}

/** The form body of a client-credentials token request (application/x-www-form-urlencoded). */
export function tokenRequestBody(scopes: readonly string[]): string {
  const form = new URLSearchParams({ grant_type: CLIENT_CREDENTIALS });
  if (scopes.length > 0) form.set("scope", scopes.join(" "));
  return form.toString();
}

/** HTTP Basic client authentication, as Cognito's token endpoint documents it: base64(id:secret). */
export function basicAuthorization(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`, "utf8").toString("base64")}`;
}

export type TokenAnswer =
  | { kind: "token"; accessToken: string; expiresIn: number | undefined; tokenType: string | undefined }
  | { kind: "error"; error: string; description: string | undefined }
  | { kind: "unexpected"; detail: string };

/**
 * Reads the token endpoint's answer. Nothing of the body but the OAuth error fields ever reaches
 * the detail of an unexpected answer: a body may hold a token.
 */
export function parseTokenAnswer(status: number, contentType: string | undefined, body: string): TokenAnswer {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  const object = typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  if (status === 200 && object && typeof object.access_token === "string" && object.access_token !== "") {
    return {
      kind: "token",
      accessToken: object.access_token,
      expiresIn: typeof object.expires_in === "number" ? object.expires_in : undefined,
      tokenType: typeof object.token_type === "string" ? object.token_type : undefined,
    };
  }
  if (status >= 400 && object && typeof object.error === "string" && /^[\w.-]{1,64}$/.test(object.error)) {
    const description = typeof object.error_description === "string" ? oneLine(object.error_description) : undefined;
    return { kind: "error", error: object.error, description: description || undefined };
  }
  const what = status === 200 ? "an answer without an access token" : `HTTP ${status}`;
  const type = contentType ? `, ${contentType.split(";")[0]!.trim()}` : "";
  return { kind: "unexpected", detail: `${what}${type}` };
}

/** An error text from elsewhere as one short line. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

export interface ErrorContext {
  clientName: string;
  /** The environment variable the secret came from, when not from AWS. */
  secretEnv?: string;
  /** The scopes the file declares for the client. */
  declaredScopes: readonly string[];
  /** The scopes the live client allows (DescribeUserPoolClient). */
  liveScopes: readonly string[];
}

/** What an OAuth error of the token endpoint means for the user, as the text of a FAIL line. */
export function explainTokenError(error: string, description: string | undefined, context: ErrorContext): string {
  const said = description ? ` (${description})` : "";
  switch (error) {
    case "invalid_client": {
      const why = context.secretEnv
        ? `the secret in ${context.secretEnv} is not the live client's; deploy the client's current secret (cognito-reconcile outputs --show-secrets)`
        : "the id and secret were read from AWS just now; check that the domain belongs to the client's user pool";
      return `invalid_client: the token endpoint rejected client ${context.clientName}'s id and secret (${why})`;
    }
    case "unauthorized_client":
      return `unauthorized_client: the live client does not allow the ${CLIENT_CREDENTIALS} flow; run plan/apply`;
    case "invalid_scope": {
      const live = new Set(context.liveScopes);
      const notAllowed = context.declaredScopes.filter((s) => !live.has(s));
      if (notAllowed.length > 0) {
        return `invalid_scope: the live client does not allow scope${notAllowed.length > 1 ? "s" : ""} ${notAllowed.join(", ")} of the file; run plan`;
      }
      return `invalid_scope: the token endpoint refused the file's scopes ${formatList(context.declaredScopes)} although the live client allows them; check that the pool's resource servers still define them (run plan)`;
    }
    case "unsupported_grant_type":
      return `unsupported_grant_type: the token endpoint does not accept the ${CLIENT_CREDENTIALS} grant${said}`;
    case "invalid_request":
      return `invalid_request: the token endpoint found the request malformed${said}`;
    case "invalid_grant":
      return `invalid_grant: the token endpoint refused the grant${said}`;
    default:
      return `${error}: the token endpoint refused the request${said}`;
  }
}

export interface ScopeComparison {
  ok: boolean;
  token: string[];
  /** Declared but not in the token. */
  missing: string[];
  /** In the token but not declared. */
  extra: string[];
}

/** The token's `scope` claim (space-separated) against the declared scopes, as sets. */
export function compareScopes(claim: unknown, declared: readonly string[]): ScopeComparison {
  const token = [...new Set(typeof claim === "string" ? claim.split(/\s+/).filter(Boolean) : [])].sort();
  const tokenSet = new Set(token);
  const declaredSet = new Set(declared);
  const missing = [...declaredSet].filter((s) => !tokenSet.has(s)).sort();
  const extra = token.filter((s) => !declaredSet.has(s));
  return { ok: missing.length === 0 && extra.length === 0, token, missing, extra };
}

export function formatList(items: readonly string[]): string {
  return `[${items.join(", ")}]`;
}

/** The one-line detail of the scope step. */
export function describeScopes(comparison: ScopeComparison): string {
  const scopes = formatList(comparison.token);
  if (comparison.ok) return `${scopes}, as the file declares`;
  const parts = [
    ...(comparison.missing.length > 0 ? [`missing ${formatList(comparison.missing)}`] : []),
    ...(comparison.extra.length > 0 ? [`not declared ${formatList(comparison.extra)}`] : []),
  ];
  return `the token has ${scopes}; ${parts.join(", ")}; run plan`;
}

/** The FAIL text when the live pool has no domain, so no token endpoint. */
export function noDomainReason(poolName: string, declaresDomain: boolean): string {
  const todo = declaresDomain ? "run apply to create the domain the file declares" : `declare domain: (prefix or custom) under user pool ${poolName} and apply`;
  return `user pool ${poolName} has no domain, and the token endpoint lives on the pool's domain; ${todo}`;
}

/** An expires_in as the file writes durations: 3600 -> 1h, 900 -> 15m. */
export function formatSeconds(seconds: number): string {
  return Number.isInteger(seconds) && seconds > 0 ? formatDuration(seconds) : `${seconds}s`;
}
