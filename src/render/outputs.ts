import { stringify } from "yaml";

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

/**
 * One NAME=value a line. Names are stable whatever else the file holds:
 * COGNITO_<POOL>_<FIELD>, COGNITO_<POOL>_CLIENT_<CLIENT>_ID / _SECRET, and for identity pools
 * COGNITO_<IDENTITY_POOL>_IDENTITY_POOL_ID and _AUTHENTICATED_ROLE_ARN / _UNAUTHENTICATED_ROLE_ARN.
 */
function renderDotenv(doc: OutputsDocument): string {
  const lines: string[] = [`# cognito-reconcile outputs for stack ${doc.stack}`];
  for (const [poolName, pool] of Object.entries(doc.userPools)) {
    const prefix = `COGNITO_${envName(poolName)}`;
    const fields: [string, string | undefined][] = [
      ["REGION", pool.region],
      ["USER_POOL_ID", pool.userPoolId],
      ["USER_POOL_ARN", pool.userPoolArn],
      ["ISSUER_URL", pool.issuerUrl],
      ["JWKS_URL", pool.jwksUrl],
      ["DOMAIN_URL", pool.domainUrl],
      ["TOKEN_ENDPOINT", pool.tokenEndpoint],
    ];
    for (const [field, value] of fields) if (value !== undefined) lines.push(`${prefix}_${field}=${dotenvValue(value)}`);
    for (const [clientName, client] of Object.entries(pool.clients)) {
      lines.push(`${prefix}_CLIENT_${envName(clientName)}_ID=${dotenvValue(client.clientId)}`);
      if (client.clientSecret !== undefined) lines.push(`${prefix}_CLIENT_${envName(clientName)}_SECRET=${dotenvValue(client.clientSecret)}`);
    }
  }
  for (const [name, pool] of Object.entries(doc.identityPools)) {
    const prefix = `COGNITO_${envName(name)}`;
    lines.push(`${prefix}_REGION=${dotenvValue(pool.region)}`, `${prefix}_IDENTITY_POOL_ID=${dotenvValue(pool.identityPoolId)}`);
    if (pool.roles.authenticated) lines.push(`${prefix}_AUTHENTICATED_ROLE_ARN=${dotenvValue(pool.roles.authenticated)}`);
    if (pool.roles.unauthenticated) lines.push(`${prefix}_UNAUTHENTICATED_ROLE_ARN=${dotenvValue(pool.roles.unauthenticated)}`);
  }
  return `${lines.join("\n")}\n`;
}

export function renderOutputs(doc: OutputsDocument, format: OutputsFormat): string {
  if (format === "dotenv") return renderDotenv(doc);
  if (format === "yaml") return stringify(doc);
  return `${JSON.stringify(doc, null, 2)}\n`;
}
