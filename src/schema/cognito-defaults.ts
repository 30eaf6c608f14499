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
