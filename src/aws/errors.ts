import { UserError } from "../core/errors.js";

interface AwsErrorShape {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const ADVICE: Record<string, string> = {
  AccessDeniedException: "check that the credentials' IAM policy allows this operation",
  NotAuthorizedException: "check that the credentials' IAM policy allows this operation",
  UnrecognizedClientException: "the credentials are not valid for this endpoint; check AWS_PROFILE / AWS_ACCESS_KEY_ID",
  InvalidClientTokenId: "the credentials are not valid; check AWS_PROFILE / AWS_ACCESS_KEY_ID",
  ExpiredTokenException: "the credentials have expired; sign in again (aws sso login)",
  CredentialsProviderError: "no AWS credentials found; set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
  TooManyRequestsException: "Cognito throttled the request after retries; run again later or lower --concurrency",
  ThrottlingException: "AWS throttled the request after retries; run again later",
  LimitExceededException: "an AWS quota was reached; see the Cognito quotas page",
  ResourceNotFoundException: "it changed while the tool ran; run plan again",
};

/**
 * The value of --endpoint-url, checked before any AWS client is made: the SDK's own failure for a
 * bad one ("Invalid URL", or an unknown error for `localhost:4566`, which parses as a URL of scheme
 * "localhost:") names neither the flag nor the value.
 */
export function checkEndpointUrl(value: string): string {
  const hint = "give one such as http://127.0.0.1:4566";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UserError(`--endpoint-url ${JSON.stringify(value)} is not a URL; ${hint}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UserError(`--endpoint-url ${JSON.stringify(value)} is not an http:// or https:// URL; ${hint}`);
  }
  return value;
}

/** True when the SDK could not reach the endpoint at all (wrong URL, emulator not running). */
function isConnectionError(error: AwsErrorShape & { code?: string }): boolean {
  return ["ECONNREFUSED", "ENOTFOUND", "ECONNRESET", "ETIMEDOUT", "EAI_AGAIN"].includes(error.code ?? "") || /ECONNREFUSED|getaddrinfo/.test(error.message ?? "");
}

/** AWS's names for a call the credentials' policies do not allow (JSON services; IAM and STS). */
export const ACCESS_DENIED_NAMES = ["AccessDeniedException", "AccessDenied"] as const;
const DENIED = new Set<string>(ACCESS_DENIED_NAMES);

/**
 * AWS refused a call for want of permission. `action` is the IAM action AWS names in its message
 * (`cognito-idp:CreateUserPool`), so the CLI can say which generated policy grants it.
 */
export class AccessDeniedError extends UserError {
  constructor(
    message: string,
    readonly action: string,
    details?: string,
  ) {
    super(message, details);
  }
}

/**
 * Turns an SDK error into a one-line UserError naming the operation and resource, with what to do.
 * Errors that are not AWS's (bugs) pass through unchanged. `advice` says, by error name, what to do
 * where the caller knows better than the general advice (which permission, which key).
 */
export function describeAwsError(error: unknown, operation: string, resource: string, advice: Readonly<Record<string, string>> = {}): Error {
  if (error instanceof UserError) return error;
  const e = (error ?? {}) as AwsErrorShape & { code?: string };
  if (isConnectionError(e)) {
    return new UserError(`${operation} (${resource}): cannot reach the AWS endpoint (${e.message ?? e.code}); check --endpoint-url or your network`);
  }
  const isAws = e.$metadata !== undefined || e.name === "CredentialsProviderError";
  if (!isAws) return error instanceof Error ? error : new Error(String(error));
  const what = advice[e.name ?? ""] ?? ADVICE[e.name ?? ""];
  const message = (e.message ?? "").replace(/\s+/g, " ").trim();
  if (DENIED.has(e.name ?? "")) {
    // "User: ARN is not authorized to perform: cognito-idp:CreateUserPool on resource: ..."
    const action = /not authorized to perform:? ([\w-]+:[\w*]+)/i.exec(message)?.[1] ?? operation;
    const own = advice[e.name ?? ""];
    return new AccessDeniedError(`${operation} (${resource}): access denied: these credentials may not call ${action}${own ? `; ${own}` : ""}`, action, message);
  }
  return new UserError(`${operation} (${resource}) failed: ${e.name}: ${message}${what ? `; ${what}` : ""}`, (error as Error).stack);
}

/** Runs one AWS call and rewrites its failure as a user-facing error. */
export async function awsCall<T>(operation: string, resource: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw describeAwsError(error, operation, resource);
  }
}

/** Like awsCall, but an error named in `expected` (e.g. already deleted) yields undefined. */
export async function awsCallTolerating<T>(operation: string, resource: string, expected: readonly string[], call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (expected.some((name) => isAwsError(error, name))) return undefined;
    throw describeAwsError(error, operation, resource);
  }
}

export function isAwsError(error: unknown, name: string): boolean {
  return typeof error === "object" && error !== null && (error as AwsErrorShape).name === name;
}
