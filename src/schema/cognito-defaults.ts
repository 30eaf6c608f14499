/**
 * Values Cognito uses when a field is not given. The schema fills them into a present section of the
 * file, and live normalisation fills them where AWS (or an emulator) leaves a field out, so both sides
 * of a diff mean the same thing by "not set".
 */
export const COGNITO_DEFAULTS = {
  passwordPolicy: {
    minimumLength: 8,
    requireNumbers: true,
    requireSymbols: true,
    requireUppercase: true,
    requireLowercase: true,
    temporaryPasswordValidityDays: 7,
  },
  verificationMessage: {
    defaultEmailOption: "CONFIRM_WITH_CODE",
    emailSubject: "Your verification code",
    emailMessage: "Your verification code is {####}. ",
    emailSubjectByLink: "Your verification link",
    emailMessageByLink: "Please click the link below to verify your email address. {##Verify Email##} ",
    smsMessage: "Your verification code is {####}. ",
  },
  invitationMessage: {
    emailSubject: "Your temporary password",
    emailMessage: "Your username is {username} and temporary password is {####}. ",
    smsMessage: "Your username is {username} and temporary password is {####}. ",
  },
  customStringAttribute: { minLength: 0, maxLength: 2048 },
} as const;

/** Cognito's limits checked offline by `validate` (developer guide, quotas page). */
export const COGNITO_LIMITS = {
  customAttributes: 50,
  groups: 10_000,
  clients: 1_000,
  resourceServers: 25,
  tags: 50,
} as const;

/** The tag that marks what a stack owns. Never declared in a file; always written by the tool. */
export const STACK_TAG = "cognito-reconcile:stack";
/**
 * Written on a user pool or identity pool when the tool creates it: which create made it and when
 * (src/aws/create-stamp.ts). Never declared in a file, never diffed, kept on every update.
 */
export const CREATED_TAG = "cognito-reconcile:created";
/**
 * Written on an identity pool: the IAM roles this stack creates for it, space-separated (IAM role
 * names hold no space). Recorded before the roles are created, so a role is found again even when
 * an apply stopped before attaching it; the attachment alone would not name it.
 */
export const ROLES_TAG = "cognito-reconcile:roles";
/** Tag keys of this prefix belong to the tool. */
export const TOOL_TAG_PREFIX = "cognito-reconcile:";
/** How many tags the tool writes at most, out of AWS's limit: stack and created; identity pools also the roles. */
export const TOOL_TAGS = { userPool: 2, identityPool: 3 } as const;
/** AWS's limit on a tag value; a record longer than this keeps the names that fit, in order. */
const TAG_VALUE_MAX = 256;

/** The role names recorded in an identity pool's tags. */
export function recordedRoles(tags: Record<string, string> | undefined): string[] {
  return (tags?.[ROLES_TAG] ?? "").split(" ").filter((name) => name.length > 0);
}

/** The tag value recording these role names (the first ones, when they do not all fit). */
export function rolesTagValue(names: readonly string[]): string {
  let value = "";
  for (const name of new Set(names)) {
    const next = value ? `${value} ${name}` : name;
    if (next.length > TAG_VALUE_MAX) break;
    value = next;
  }
  return value;
}
/** The tool's own tags taken out, leaving the ones a file manages. */
export function withoutToolTags(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => !key.startsWith(TOOL_TAG_PREFIX)));
}
/** The tool's own tags other than the stack tag (which ownership sets), kept as they are live. */
export function keptToolTags(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => key.startsWith(TOOL_TAG_PREFIX) && key !== STACK_TAG));
}
