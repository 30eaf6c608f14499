/**
 * IAM policy documents compared by meaning, not by text. IAM returns documents URL-encoded, keeps
 * whatever key order it was given, and accepts "x" and ["x"] alike; none of that is a difference.
 */
export type PolicyDocument = Record<string, unknown>;

/** Keys whose value may be one string or a list of strings, and whose list order has no meaning. */
const LIST_VALUED = new Set(["Action", "NotAction", "Resource", "NotResource", "AWS", "Federated", "Service", "CanonicalUser"]);

/** The document from IAM's answer (URL-encoded JSON) or from the file (already an object). */
export function parsePolicy(document: string | PolicyDocument): PolicyDocument {
  if (typeof document !== "string") return document;
  const text = /^\s*[{[]/.test(document) ? document : decodeURIComponent(document);
  return JSON.parse(text) as PolicyDocument;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

function asSortedList(value: unknown): unknown {
  const list = Array.isArray(value) ? value : [value];
  return list.every((v) => typeof v === "string") ? [...new Set(list as string[])].sort() : list;
}

/** Condition operator -> key -> value(s): a single value and a one-item list are one thing. */
function normaliseCondition(condition: unknown): unknown {
  if (!condition || typeof condition !== "object") return condition;
  return Object.fromEntries(
    Object.entries(condition as Record<string, unknown>).map(([operator, keys]) => [
      operator,
      keys && typeof keys === "object" && !Array.isArray(keys)
        ? Object.fromEntries(Object.entries(keys as Record<string, unknown>).map(([key, value]) => [key, asSortedList(value)]))
        : keys,
    ]),
  );
}

function normaliseStatement(statement: unknown): unknown {
  if (!statement || typeof statement !== "object") return statement;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(statement as Record<string, unknown>)) {
    if (LIST_VALUED.has(key)) out[key] = asSortedList(value);
    else if ((key === "Principal" || key === "NotPrincipal") && value && typeof value === "object") {
      out[key] = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, LIST_VALUED.has(k) ? asSortedList(v) : v]));
    } else if (key === "Condition") out[key] = normaliseCondition(value);
    else out[key] = value;
  }
  return out;
}

/**
 * The canonical form of a policy: decoded, Statement always a list (in a stable order), list-valued
 * fields always sorted lists, keys sorted. Two documents IAM treats alike normalise to equal values.
 */
export function normalisePolicy(document: string | PolicyDocument): PolicyDocument {
  const parsed = parsePolicy(document);
  const statements = parsed.Statement === undefined ? undefined : (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]).map(normaliseStatement);
  const canonical = sortKeys({ ...parsed, ...(statements ? { Statement: statements } : {}) }) as PolicyDocument;
  if (Array.isArray(canonical.Statement)) {
    canonical.Statement = [...canonical.Statement].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return canonical;
}

/**
 * The trust policy of an identity pool role: only Cognito identities of this identity pool, signed
 * in (amr authenticated) or not, may assume it.
 */
export function trustPolicy(identityPoolId: string, amr: "authenticated" | "unauthenticated"): PolicyDocument {
  return normalisePolicy({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: "cognito-identity.amazonaws.com" },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "cognito-identity.amazonaws.com:aud": identityPoolId },
          "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": amr },
        },
      },
    ],
  });
}
