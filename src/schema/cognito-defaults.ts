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
/** Tag keys of this prefix belong to the tool. */
export const TOOL_TAG_PREFIX = "cognito-reconcile:";
/** How many tags the tool writes on a pool at most, out of AWS's limit. */
export const TOOL_TAG_COUNT = 2;
/** The tool's own tags taken out, leaving the ones a file manages. */
export function withoutToolTags(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => !key.startsWith(TOOL_TAG_PREFIX)));
}
/** The tool's own tags other than the stack tag (which ownership sets), kept as they are live. */
export function keptToolTags(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([key]) => key.startsWith(TOOL_TAG_PREFIX) && key !== STACK_TAG));
}
