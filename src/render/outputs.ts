import { stringify } from "yaml";
import { UserError } from "../core/errors.js";

/** What an application needs to configure itself against one pool. */
export interface PoolOutputs {
  region: string;
  userPoolId: string;
  userPoolArn: string;
  issuerUrl: string;
  jwksUrl: string;
  domainUrl?: string;
  tokenEndpoint?: string;
  clients: Record<string, { clientId: string; clientSecret?: string }>;
}

/** What an application needs to get AWS credentials through one identity pool. */
export interface IdentityPoolOutputs {
  region: string;
  identityPoolId: string;
  roles: { authenticated?: string; unauthenticated?: string };
}

export interface OutputsDocument {
  stack: string;
  userPools: Record<string, PoolOutputs>;
  identityPools: Record<string, IdentityPoolOutputs>;
}

export type OutputsFormat = "json" | "yaml" | "dotenv";

/** `MyApp-UserPool` -> `MYAPP_USERPOOL`: the form environment variable names take. */
export function envName(name: string): string {
  return name
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
}

function dotenvValue(value: string): string {
  return /^[\w@%+=:,./-]*$/.test(value) ? value : JSON.stringify(value);
}

/** Where a variable's value comes from, for an error that names both sides of a collision. */
interface Variable {
  name: string;
  value: string;
  owner: string;
}

const POOL_FIELDS = [
  ["REGION", "region"],
  ["USER_POOL_ID", "userPoolId"],
  ["USER_POOL_ARN", "userPoolArn"],
  ["ISSUER_URL", "issuerUrl"],
  ["JWKS_URL", "jwksUrl"],
  ["DOMAIN_URL", "domainUrl"],
  ["TOKEN_ENDPOINT", "tokenEndpoint"],
] as const;

/**
 * Every variable of the document, in order. Names are stable whatever else the file holds:
 * COGNITO_<POOL>_<FIELD>, COGNITO_<POOL>_CLIENT_<CLIENT>_ID / _SECRET, and for identity pools
 * COGNITO_<IDENTITY_POOL>_IDENTITY_POOL_ID and _AUTHENTICATED_ROLE_ARN / _UNAUTHENTICATED_ROLE_ARN.
 */
function variables(doc: OutputsDocument): Variable[] {
  const out: Variable[] = [];
  for (const [poolName, pool] of Object.entries(doc.userPools)) {
    const prefix = `COGNITO_${envName(poolName)}`;
    for (const [field, key] of POOL_FIELDS) {
      const value = pool[key];
      if (value !== undefined) out.push({ name: `${prefix}_${field}`, value, owner: `user pool "${poolName}"` });
    }
    for (const [clientName, client] of Object.entries(pool.clients)) {
      const owner = `client "${clientName}" of user pool "${poolName}"`;
      out.push({ name: `${prefix}_CLIENT_${envName(clientName)}_ID`, value: client.clientId, owner });
      if (client.clientSecret !== undefined) out.push({ name: `${prefix}_CLIENT_${envName(clientName)}_SECRET`, value: client.clientSecret, owner });
    }
  }
  for (const [name, pool] of Object.entries(doc.identityPools)) {
    const prefix = `COGNITO_${envName(name)}`;
    const owner = `identity pool "${name}"`;
    out.push({ name: `${prefix}_REGION`, value: pool.region, owner }, { name: `${prefix}_IDENTITY_POOL_ID`, value: pool.identityPoolId, owner });
    if (pool.roles.authenticated) out.push({ name: `${prefix}_AUTHENTICATED_ROLE_ARN`, value: pool.roles.authenticated, owner });
    if (pool.roles.unauthenticated) out.push({ name: `${prefix}_UNAUTHENTICATED_ROLE_ARN`, value: pool.roles.unauthenticated, owner });
  }
  return out;
}

/** "a", "a and b", "a, b and c". */
const listed = (items: readonly string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** One message per set of owners that would share a name (the first such name shown). */
export function collisions(claims: readonly { name: string; owner: string }[]): string[] {
  const owners = new Map<string, string[]>();
  for (const { name, owner } of claims) {
    const who = owners.get(name) ?? [];
    if (!who.includes(owner)) who.push(owner);
    owners.set(name, who);
  }
  const seen = new Set<string>();
  const messages: string[] = [];
  for (const [name, who] of owners) {
    const key = who.join("\n");
    if (who.length < 2 || seen.has(key)) continue;
    seen.add(key);
    messages.push(`${listed(who)} would all be ${name}`);
  }
  return messages;
}

/**
 * Names that several things of a file would write to in `outputs --format dotenv`: clients `web-app`
 * and `web_app` both become ..._CLIENT_WEB_APP_ID, and an application would read one id for both.
 */
export function dotenvCollisions(names: { pools: { name: string; clients: string[] }[]; identityPools: string[] }): string[] {
  const claims: { name: string; owner: string }[] = [];
  for (const pool of names.pools) {
    claims.push({ name: `COGNITO_${envName(pool.name)}_REGION`, owner: `user pool "${pool.name}"` });
    for (const client of pool.clients) claims.push({ name: `COGNITO_${envName(pool.name)}_CLIENT_${envName(client)}_ID`, owner: `client "${client}" of user pool "${pool.name}"` });
  }
  for (const name of names.identityPools) claims.push({ name: `COGNITO_${envName(name)}_REGION`, owner: `identity pool "${name}"` });
  return collisions(claims);
}

/** One NAME=value a line; two things that would share a name are an error, never a silent overwrite. */
function renderDotenv(doc: OutputsDocument): string {
  const all = variables(doc);
  const clashes = collisions(all);
  if (clashes.length > 0) throw new UserError(`outputs --format dotenv: ${clashes.join("; ")}; rename all but one (--format json or yaml keeps them apart)`);
  return `${[`# cognito-reconcile outputs for stack ${doc.stack}`, ...all.map((v) => `${v.name}=${dotenvValue(v.value)}`)].join("\n")}\n`;
}

export function renderOutputs(doc: OutputsDocument, format: OutputsFormat): string {
  if (format === "dotenv") return renderDotenv(doc);
  if (format === "yaml") return stringify(doc);
  return `${JSON.stringify(doc, null, 2)}\n`;
}
