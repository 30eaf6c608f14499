import { createHmac } from "node:crypto";
import { UserError } from "../../core/errors.js";
import type { ClientConfig } from "../../schema/client.js";
import type { IdentityPoolConfig } from "../../schema/identity-pool.js";
import type { DesiredState } from "../../schema/root.js";
import type { UserConfig } from "../../schema/user.js";
import type { UserPoolConfig } from "../../schema/user-pool.js";

/**
 * The pure part of `verify`: which user, client and identity pools of the file a check is about,
 * the SECRET_HASH of a client with a secret, the ID token's claims, and the groups comparison.
 * No AWS calls, no logging.
 */

export const PASSWORD_FLOW = "ALLOW_USER_PASSWORD_AUTH";
/** The flow names that allow a password sign-in: today's, and the legacy one old clients still carry. */
const allowsPassword = (flows: readonly string[]) => flows.includes(PASSWORD_FLOW) || flows.includes("USER_PASSWORD_AUTH");
export const DEFAULT_PASSWORD_ENV = "COGNITO_RECONCILE_VERIFY_PASSWORD";

export interface VerifyTarget {
  pool: UserPoolConfig;
  user: UserConfig;
  client: ClientConfig;
  /** The identity pools of the file whose providers name this pool and client, in file order. */
  identityPools: IdentityPoolConfig[];
}

function declaresUser(pool: UserPoolConfig, username: string): UserConfig | undefined {
  const users = pool.users ?? [];
  const exact = users.find((u) => u.username === username);
  if (exact) return exact;
  // A case-insensitive pool (the file's default) knows Admin@Example.com as admin@example.com.
  if (pool.signIn?.caseSensitive === true) return undefined;
  return users.find((u) => u.username.toLowerCase() === username.toLowerCase());
}

/**
 * Finds the declared user, the client to sign in with (`clientName`, else the first declared client
 * allowing ALLOW_USER_PASSWORD_AUTH) and the identity pools that accept that client. Throws a
 * one-line UserError naming the file when the file does not allow the check.
 */
export function selectTarget(state: DesiredState, file: string, username: string, clientName?: string): VerifyTarget {
  let candidates = state.userPools.flatMap((pool) => {
    const user = declaresUser(pool, username);
    return user ? [{ pool, user }] : [];
  });
  if (candidates.length === 0) {
    throw new UserError(`user ${username} is not declared in ${file}; verify checks users the file declares (under a user pool's users:)`);
  }
  if (candidates.length > 1) {
    const names = candidates.map(({ pool }) => pool.name).join(", ");
    if (clientName === undefined) {
      throw new UserError(`user ${username} is declared in several user pools of ${file} (${names}); pass --client naming a client of the pool to check`);
    }
    candidates = candidates.filter(({ pool }) => (pool.clients ?? []).some((c) => c.name === clientName));
    if (candidates.length !== 1) {
      const why = candidates.length === 0 ? "none of them declares" : "more than one of them declares";
      throw new UserError(`user ${username} is declared in several user pools of ${file} (${names}) and ${why} client ${clientName}; verify cannot tell which pool to check`);
    }
  }
  const { pool, user } = candidates[0]!;
  const client = clientName !== undefined ? namedClient(pool, file, clientName) : defaultClient(pool, file);
  const identityPools = state.identityPools.filter((ip) => ip.providers.some((p) => p.userPool === pool.name && p.client === client.name));
  return { pool, user, client, identityPools };
}

function namedClient(pool: UserPoolConfig, file: string, name: string): ClientConfig {
  const clients = pool.clients ?? [];
  const client = clients.find((c) => c.name === name);
  if (!client) {
    const declared = clients.map((c) => c.name).join(", ") || "none";
    throw new UserError(`client ${name} is not declared in user pool ${pool.name} of ${file} (declared: ${declared})`);
  }
  if (!allowsPassword(client.authFlows)) {
    throw new UserError(`client ${name} of user pool ${pool.name} in ${file} does not allow ${PASSWORD_FLOW}; add it to the client's authFlows (verify signs in with USER_PASSWORD_AUTH)`);
  }
  return client;
}

function defaultClient(pool: UserPoolConfig, file: string): ClientConfig {
  const client = (pool.clients ?? []).find((c) => allowsPassword(c.authFlows));
  if (!client) throw new UserError(`no client of user pool ${pool.name} in ${file} allows ${PASSWORD_FLOW}; add that flow to a client's authFlows, or pass --client`);
  return client;
}

/** Why a sign-in that Cognito answered with a challenge cannot be completed here. */
export function challengeReason(challenge: string): string {
  if (challenge === "NEW_PASSWORD_REQUIRED") {
    return "the user still has a temporary password; sign in once and set a permanent one (or set it with aws cognito-idp admin-set-user-password --permanent)";
  }
  if (["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "SELECT_MFA_TYPE", "MFA_SETUP"].includes(challenge)) {
    return `Cognito asks for multi-factor authentication (${challenge}); verify cannot answer it, check this user with MFA off or sign in interactively`;
  }
  return `Cognito answered with the ${challenge} challenge, which verify cannot answer`;
}

/** SECRET_HASH for a client with a secret: base64(HMAC-SHA256(key = client secret, message = username + client id)). */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac("sha256", clientSecret).update(username + clientId, "utf8").digest("base64");
}

/**
 * The claims of a JWT, read from its payload (the second dot-separated part, base64url JSON).
 *
 * The signature is deliberately not checked: verify receives the token directly from Cognito's
 * InitiateAuth response over TLS, and only reads its claims to report what Cognito put there.
 * Code that accepts tokens from anyone else must verify the signature against the pool's JWKS.
 */
export function decodeTokenPayload(token: string): Record<string, unknown> {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts[1]) throw new Error("not a JSON Web Token (expected three dot-separated parts)");
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    throw new Error("the token's payload is not base64url-encoded JSON");
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw new Error("the token's payload is not a JSON object");
  return payload as Record<string, unknown>;
}

/** The `cognito:groups` claim as a sorted list; a token without the claim means no groups. */
export function groupsClaim(claims: Record<string, unknown>): string[] {
  const value = claims["cognito:groups"];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((g): g is string => typeof g === "string")) {
    throw new Error("the cognito:groups claim is not a list of group names");
  }
  return [...new Set(value)].sort();
}

export interface GroupComparison {
  /** False only when the file manages the user's groups and they differ from the token's. */
  ok: boolean;
  /** The file declares no groups for the user: memberships are not managed. */
  managed: boolean;
  token: string[];
  /** Declared but not in the token. */
  missing: string[];
  /** In the token but not declared. */
  extra: string[];
}

/** Compares the token's groups with the declared ones as sets. */
export function compareGroups(token: readonly string[], declared: readonly string[] | undefined): GroupComparison {
  const tokenSet = new Set(token);
  const sorted = [...tokenSet].sort();
  if (declared === undefined) return { ok: true, managed: false, token: sorted, missing: [], extra: [] };
  const declaredSet = new Set(declared);
  const missing = [...declaredSet].filter((g) => !tokenSet.has(g)).sort();
  const extra = sorted.filter((g) => !declaredSet.has(g));
  return { ok: missing.length === 0 && extra.length === 0, managed: true, token: sorted, missing, extra };
}

export function formatGroups(groups: readonly string[]): string {
  return `[${groups.join(", ")}]`;
}

/** The one-line detail of the groups step. */
export function describeGroups(comparison: GroupComparison): string {
  const groups = formatGroups(comparison.token);
  if (!comparison.managed) return `${groups} (memberships not managed by the file)`;
  if (comparison.ok) return `${groups}, as the file declares`;
  const parts = [
    ...(comparison.missing.length > 0 ? [`missing ${formatGroups(comparison.missing)}`] : []),
    ...(comparison.extra.length > 0 ? [`not declared ${formatGroups(comparison.extra)}`] : []),
  ];
  return `the token has ${groups}; ${parts.join(", ")}; run plan to see the membership drift`;
}

/** The Logins key of a user pool for Cognito identity pools. */
export function loginsKey(region: string, userPoolId: string): string {
  return `cognito-idp.${region}.amazonaws.com/${userPoolId}`;
}

/** Enough of an access key id to recognise it, never the whole of it. */
export function accessKeyPrefix(accessKeyId: string): string {
  return accessKeyId.slice(0, 4);
}
