import { z } from "zod";
import { COGNITO_DEFAULTS, COGNITO_LIMITS, TOOL_TAG_PREFIX, TOOL_TAGS } from "./cognito-defaults.js";
import { awsRegion, fileTags, iamRoleArn, kmsKeyArn, lambdaArn, resourceName, sesIdentityArn, setOf } from "./common.js";
import { clientSchema } from "./client.js";
import { domainSchema } from "./domain.js";
import { groupSchema } from "./group.js";
import { identityProviderSchema } from "./identity-provider.js";
import { logDeliverySchema } from "./log-delivery.js";
import { resourceServerSchema } from "./resource-server.js";
import { poolRiskConfigurationSchema } from "./risk-configuration.js";
import { uiCustomizationSchema } from "./ui-customization.js";
import { userSchema } from "./user.js";

const verifiableAttribute = z.enum(["email", "phone_number"]);

const signInSchema = z
  .strictObject({
    usernameAttributes: setOf(verifiableAttribute)
      .default([])
      .describe("Users sign in with these instead of a username (email and/or phone_number)."),
    aliasAttributes: setOf(z.enum(["email", "phone_number", "preferred_username"]))
      .default([])
      .describe("Users sign in with a username or any of these aliases."),
    caseSensitive: z.boolean().default(false).describe("Whether usernames are case sensitive."),
  })
  .refine((s) => s.usernameAttributes.length === 0 || s.aliasAttributes.length === 0, {
    message: "usernameAttributes and aliasAttributes cannot both be set",
  })
  .describe("How users sign in. Immutable after creation: a change replaces the pool.");

const d = COGNITO_DEFAULTS.passwordPolicy;
const passwordPolicySchema = z
  .strictObject({
    minimumLength: z.number().int().min(6).max(99).default(d.minimumLength).describe("Minimum password length, 6-99. Default 8."),
    requireNumbers: z.boolean().default(d.requireNumbers).describe("Require a digit. Default true."),
    requireSymbols: z.boolean().default(d.requireSymbols).describe("Require a symbol. Default true."),
    requireUppercase: z.boolean().default(d.requireUppercase).describe("Require an uppercase letter. Default true."),
    requireLowercase: z.boolean().default(d.requireLowercase).describe("Require a lowercase letter. Default true."),
    temporaryPasswordValidityDays: z
      .number()
      .int()
      .min(0)
      .max(365)
      .default(d.temporaryPasswordValidityDays)
      .describe("Days a temporary password set by an administrator stays valid. Default 7."),
  })
  .describe("Password rules. Fields left out take Cognito's defaults (8 characters, all classes required).");

const codePlaceholder = (s: string) => s.includes("{####}");

// Printable text as Cognito's model allows it in email MFA messages (letters, marks, symbols, digits, punctuation, space).
const emailMfaText = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+$/u;
const emailMfaSchema = z
  .strictObject({
    subject: z.string().min(1).max(140).regex(emailMfaText, { message: "may hold letters, digits, symbols, punctuation and spaces" }).describe("Subject of the email with the code."),
    message: z
      .string()
      .min(6)
      .max(20_000)
      .regex(emailMfaText, { message: "may hold letters, digits, symbols, punctuation and spaces" })
      .refine(codePlaceholder, { message: "must contain {####}" })
      .describe("Body of the email; must contain {####} (the code)."),
  })
  .describe("Email MFA and email one-time passwords (EmailMfaConfiguration); needs the ESSENTIALS or PLUS plan and email sent through SES.");

const mfaSchema = z
  .strictObject({
    mode: z.enum(["OFF", "OPTIONAL", "ON"]).default("OFF").describe("OFF, OPTIONAL (users choose) or ON (required)."),
    totp: z.boolean().default(false).describe("Authenticator apps (software tokens)."),
    sms: z.boolean().default(false).describe("Text-message codes; needs the pool's sms section."),
    email: emailMfaSchema.optional(),
  })
  .refine((m) => m.mode === "OFF" || m.totp || m.sms || m.email !== undefined, { message: "mode OPTIONAL or ON needs totp, sms or email enabled" })
  .describe("Multi-factor authentication (Set/GetUserPoolMfaConfig).");

export const FEATURE_PLANS = ["LITE", "ESSENTIALS", "PLUS"] as const;
export type FeaturePlan = (typeof FEATURE_PLANS)[number];

export const FIRST_FACTORS = ["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"] as const;

const signInPolicySchema = z
  .strictObject({
    firstFactors: setOf(z.enum(FIRST_FACTORS))
      .min(1)
      .default(["PASSWORD"])
      .describe("Factors a user may sign in with first (choice-based sign-in, ALLOW_USER_AUTH). Default [PASSWORD]."),
  })
  .describe("Sign-in policy (Policies.SignInPolicy).");

const passkeysSchema = z
  .strictObject({
    relyingPartyId: z.string().min(1).max(127).optional().describe("Domain passkeys are bound to; left out: the pool's domain."),
    userVerification: z.enum(["required", "preferred"]).default("preferred").describe("Whether the authenticator must verify the user. Default preferred."),
    factorConfiguration: z
      .enum(["SINGLE_FACTOR", "MULTI_FACTOR_WITH_USER_VERIFICATION"])
      .default("SINGLE_FACTOR")
      .describe("SINGLE_FACTOR (default), or MULTI_FACTOR_WITH_USER_VERIFICATION: a passkey with user verification counts as MFA."),
  })
  .describe("Passkeys (WebAuthnConfiguration of SetUserPoolMfaConfig).");

const threatProtectionSchema = z
  .strictObject({
    mode: z.enum(["OFF", "AUDIT", "ENFORCED"]).default("OFF").describe("Threat protection for standard authentication (AdvancedSecurityMode). Default OFF."),
    customAuthMode: z.enum(["AUDIT", "ENFORCED"]).optional().describe("Threat protection for custom authentication (AdvancedSecurityAdditionalFlows)."),
  })
  .describe("Threat protection (UserPoolAddOns); AUDIT and ENFORCED need the PLUS plan.");

const deviceTrackingSchema = z
  .strictObject({
    challengeOnNewDevice: z.boolean().default(false).describe("Ask for MFA on a device not seen before. Default false."),
    rememberOnlyOnUserPrompt: z.boolean().default(false).describe("Remember a device only when the user asks. Default false."),
  })
  .describe("Remembered devices (DeviceConfiguration).");

const accountRecoverySchema = setOf(z.enum(["verified_email", "verified_phone_number", "admin_only"]))
  .min(1)
  .max(2)
  .refine((list) => !list.includes("admin_only") || list.length === 1, {
    message: "admin_only cannot be combined with other recovery mechanisms",
  })
  .describe("Account recovery mechanisms in priority order.");

const vm = COGNITO_DEFAULTS.verificationMessage;
const verificationMessageSchema = z
  .strictObject({
    defaultEmailOption: z
      .enum(["CONFIRM_WITH_CODE", "CONFIRM_WITH_LINK"])
      .default(vm.defaultEmailOption)
      .describe("Verify email addresses with a code (CONFIRM_WITH_CODE, default) or a link (CONFIRM_WITH_LINK)."),
    emailSubject: z.string().min(1).max(140).default(vm.emailSubject).describe("Subject of the verification email (code)."),
    emailMessage: z
      .string()
      .min(6)
      .max(20_000)
      .refine(codePlaceholder, { message: "must contain {####}" })
      .default(vm.emailMessage)
      .describe("Body of the verification email (code); must contain {####}."),
    emailSubjectByLink: z.string().min(1).max(140).default(vm.emailSubjectByLink).describe("Subject of the verification email (link)."),
    emailMessageByLink: z
      .string()
      .min(6)
      .max(20_000)
      .refine((s) => /\{##[^#]*##\}/.test(s), { message: "must contain a {##link text##} placeholder" })
      .default(vm.emailMessageByLink)
      .describe("Body of the verification email (link); must contain {##link text##}."),
    smsMessage: z
      .string()
      .min(6)
      .max(140)
      .refine(codePlaceholder, { message: "must contain {####}" })
      .default(vm.smsMessage)
      .describe("Verification text message; must contain {####}."),
  })
  .describe("Messages sent to verify an email address or phone number.");

const im = COGNITO_DEFAULTS.invitationMessage;
const invitation = (s: string) => s.includes("{username}") && s.includes("{####}");
const invitationMessageSchema = z
  .strictObject({
    emailSubject: z.string().min(1).max(140).default(im.emailSubject).describe("Subject of the invitation email."),
    emailMessage: z
      .string()
      .min(6)
      .max(20_000)
      .refine(invitation, { message: "must contain {username} and {####}" })
      .default(im.emailMessage)
      .describe("Body of the invitation email; must contain {username} and {####} (the temporary password)."),
    smsMessage: z
      .string()
      .min(6)
      .max(140)
      .refine(invitation, { message: "must contain {username} and {####}" })
      .default(im.smsMessage)
      .describe("Invitation text message; must contain {username} and {####}."),
  })
  .describe("Message sent to users an administrator creates, with their temporary password.");

const signUpSchema = z
  .strictObject({
    selfService: z.boolean().default(true).describe("false = only administrators create users."),
    autoVerify: setOf(verifiableAttribute).default([]).describe("Attributes Cognito verifies by sending a code."),
    keepOriginalAttributeUntilVerified: setOf(verifiableAttribute)
      .default([])
      .describe("Keep the old value of these attributes until the new one is verified."),
    invitationMessage: invitationMessageSchema.prefault({}),
    verificationMessage: verificationMessageSchema.prefault({}),
  })
  .refine((s) => s.keepOriginalAttributeUntilVerified.every((a) => s.autoVerify.includes(a)), {
    message: "may only name attributes listed in autoVerify",
    path: ["keepOriginalAttributeUntilVerified"],
  })
  .describe("Sign-up, invitation and verification.");

export const STANDARD_ATTRIBUTES = [
  "address",
  "birthdate",
  "email",
  "family_name",
  "gender",
  "given_name",
  "locale",
  "middle_name",
  "name",
  "nickname",
  "phone_number",
  "picture",
  "preferred_username",
  "profile",
  "updated_at",
  "website",
  "zoneinfo",
] as const;

const customAttributeSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(20)
      .regex(/^[A-Za-z0-9_]+$/, { message: "must be letters, digits or _ (without the custom: prefix)" })
      .describe("Attribute name without the custom: prefix (users carry it as custom:NAME)."),
    type: z.enum(["String", "Number", "DateTime", "Boolean"]).default("String").describe("String (default), Number, DateTime or Boolean."),
    mutable: z.boolean().default(true).describe("Whether the value may change after the user is created. Default true."),
    minLength: z.number().int().min(0).max(2048).optional().describe("Type String only: minimum length."),
    maxLength: z.number().int().min(1).max(2048).optional().describe("Type String only: maximum length."),
    minValue: z.number().int().optional().describe("Type Number only: minimum value."),
    maxValue: z.number().int().optional().describe("Type Number only: maximum value."),
  })
  .refine((a) => a.type === "String" || (a.minLength === undefined && a.maxLength === undefined), {
    message: "minLength and maxLength apply only to type String",
  })
  .refine((a) => a.type === "Number" || (a.minValue === undefined && a.maxValue === undefined), {
    message: "minValue and maxValue apply only to type Number",
  })
  .refine((a) => (a.minLength ?? 0) <= (a.maxLength ?? 2048), { message: "minLength is greater than maxLength" })
  .refine((a) => a.minValue === undefined || a.maxValue === undefined || a.minValue <= a.maxValue, {
    message: "minValue is greater than maxValue",
  })
  .describe("A custom attribute (custom:NAME). Can be added later, never changed or removed.");

const attributesSchema = z
  .strictObject({
    required: setOf(z.enum(STANDARD_ATTRIBUTES)).default([]).describe("Standard attributes every user must have. Immutable."),
    custom: z
      .array(customAttributeSchema)
      .max(COGNITO_LIMITS.customAttributes)
      .default([])
      .describe("Custom attributes, compared by name; may be added later, never changed or removed."),
  })
  .describe("User attributes.");

const emailSchema = z
  .strictObject({
    sendingAccount: z
      .enum(["COGNITO_DEFAULT", "DEVELOPER"])
      .default("COGNITO_DEFAULT")
      .describe("COGNITO_DEFAULT (Cognito's own sender, default) or DEVELOPER (your SES identity, needs sourceArn)."),
    sourceArn: sesIdentityArn.optional().describe("ARN of a verified SES identity (sendingAccount DEVELOPER)."),
    from: z.string().min(1).optional().describe("From address, e.g. \"MyApp <no-reply@example.com>\"."),
    replyTo: z.string().min(1).optional().describe("Reply-to address."),
    configurationSet: z.string().min(1).max(64).optional().describe("SES configuration set name."),
  })
  .refine((e) => e.sendingAccount === "COGNITO_DEFAULT" || e.sourceArn !== undefined, {
    message: "sendingAccount DEVELOPER needs sourceArn (a verified SES identity)",
  })
  .describe("How Cognito sends email.");

const smsSchema = z
  .strictObject({
    snsCallerArn: iamRoleArn.describe("Role Cognito assumes to send SMS through SNS."),
    externalId: z.string().min(1).optional().describe("External id in the trust policy of snsCallerArn."),
    snsRegion: awsRegion.optional().describe("Region of the SNS service used to send SMS."),
  })
  .describe("How Cognito sends SMS.");

export const TRIGGER_NAMES = [
  "preSignUp",
  "customMessage",
  "postConfirmation",
  "preAuthentication",
  "postAuthentication",
  "defineAuthChallenge",
  "createAuthChallenge",
  "verifyAuthChallengeResponse",
  "preTokenGeneration",
  "userMigration",
] as const;
export type TriggerName = (typeof TRIGGER_NAMES)[number];

const PLAIN_TRIGGERS = TRIGGER_NAMES.filter((t): t is Exclude<TriggerName, "preTokenGeneration"> => t !== "preTokenGeneration");

const preTokenGenerationSchema = z.union([
  lambdaArn,
  z
    .strictObject({
      lambdaArn: lambdaArn.describe("Lambda function ARN."),
      version: z.enum(["V1_0", "V2_0", "V3_0"]).default("V1_0").describe("Event version: V1_0 (ID token), V2_0 (also access tokens), V3_0 (also client credentials)."),
    })
    .describe("The trigger with its event version (PreTokenGenerationConfig)."),
], { error: "must be a Lambda function ARN, or { lambdaArn, version }" });

const senderSchema = (what: string) =>
  z
    .strictObject({
      lambdaArn: lambdaArn.describe("Lambda function ARN."),
      version: z.enum(["V1_0"]).default("V1_0").describe("Event version (V1_0)."),
    })
    .describe(`A Lambda function that sends ${what} instead of Cognito; needs kmsKeyId.`);

const triggersSchema = z
  .strictObject({
    ...(Object.fromEntries(PLAIN_TRIGGERS.map((t) => [t, lambdaArn.optional().describe(`Lambda function ARN invoked as the ${t} trigger.`)])) as Record<(typeof PLAIN_TRIGGERS)[number], z.ZodOptional<typeof lambdaArn>>),
    preTokenGeneration: preTokenGenerationSchema.optional().describe("Lambda function ARN, or { lambdaArn, version } to choose the event version."),
    customEmailSender: senderSchema("email").optional(),
    customSmsSender: senderSchema("text messages").optional(),
    kmsKeyId: kmsKeyArn.optional().describe("KMS key the custom senders decrypt codes with."),
  })
  .refine((t) => (t.customEmailSender === undefined && t.customSmsSender === undefined) || t.kmsKeyId !== undefined, {
    message: "customEmailSender and customSmsSender need kmsKeyId (the KMS key Cognito encrypts the codes with)",
  })
  .describe("Lambda triggers. A trigger left out of a present section is removed.");

const tagsSchema = fileTags({ reservedPrefixes: ["aws:", TOOL_TAG_PREFIX], toolTags: TOOL_TAGS.userPool })
  .describe("Tags on the pool; the tool adds cognito-reconcile:stack and cognito-reconcile:created.");

const pruneSchema = z
  .strictObject({
    users: z.boolean().default(false).describe("Delete live users the file does not declare. Default false."),
    groups: z.boolean().default(true).describe("Delete live groups the file does not declare (when groups is present). Default true."),
    clients: z.boolean().default(true).describe("Delete live clients the file does not declare (when clients is present). Default true."),
    resourceServers: z
      .boolean()
      .default(true)
      .describe("Delete live resource servers the file does not declare (when resourceServers is present). Default true."),
    identityProviders: z
      .boolean()
      .default(true)
      .describe("Delete live identity providers the file does not declare (when identityProviders is present). Default true."),
    terms: z.boolean().default(true).describe("Delete a client's live terms documents its entry does not list (when the client has terms). Default true."),
  })
  .describe("Which undeclared live children of the pool may be deleted.");

export const userPoolSchema = z
  .strictObject({
    name: resourceName("Pool name; with the stack tag, how the pool is found."),
    id: z
      .string()
      .regex(/^[\w-]+_[0-9a-zA-Z]+$/, { message: "must be a user pool id such as us-east-1_AbC123" })
      .optional()
      .describe("Pin this entry to an existing pool (adoption)."),
    region: awsRegion.optional().describe("Overrides the file's region for this pool."),
    deletionProtection: z.boolean().default(true).describe("Refuse DeleteUserPool while true. Default true."),
    featurePlan: z.enum(FEATURE_PLANS).optional().describe("The pool's feature plan (UserPoolTier): LITE, ESSENTIALS or PLUS."),
    signIn: signInSchema.optional(),
    signInPolicy: signInPolicySchema.optional(),
    passkeys: passkeysSchema.optional(),
    passwordPolicy: passwordPolicySchema.optional(),
    mfa: mfaSchema.optional(),
    threatProtection: threatProtectionSchema.optional(),
    riskConfiguration: poolRiskConfigurationSchema.optional(),
    deviceTracking: deviceTrackingSchema.optional(),
    accountRecovery: accountRecoverySchema.optional(),
    signUp: signUpSchema.optional(),
    attributes: attributesSchema.optional(),
    email: emailSchema.optional(),
    sms: smsSchema.optional(),
    triggers: triggersSchema.optional(),
    logDelivery: logDeliverySchema.optional(),
    tags: tagsSchema.optional(),
    ignoreChanges: setOf(z.string().min(1))
      .default([])
      .describe("Field paths (e.g. triggers.preTokenGeneration) never diffed and kept as they are live."),
    domain: domainSchema
      .nullable()
      .optional()
      .describe("The hosted domain (prefix, or custom with certificateArn); null = no domain, left out = not managed."),
    uiCustomization: uiCustomizationSchema
      .nullable()
      .optional()
      .describe("The classic hosted UI's css and logo files for every client without its own (SetUICustomization, ClientId ALL); null or {} = none; left out = not managed."),
    resourceServers: z.array(resourceServerSchema).max(COGNITO_LIMITS.resourceServers).optional().describe("When present, the whole set."),
    identityProviders: z.array(identityProviderSchema).optional().describe("When present, the whole set."),
    clients: z.array(clientSchema).max(COGNITO_LIMITS.clients).optional().describe("App clients; when present, the whole set."),
    groups: z.array(groupSchema).max(COGNITO_LIMITS.groups).optional().describe("The pool's groups; when present, the whole set."),
    users: z.array(userSchema).optional().describe("Declared users; undeclared live users are left alone unless prune.users."),
    prune: pruneSchema.prefault({}),
  })
  .superRefine((pool, ctx) => {
    if (pool.mfa?.sms && pool.sms === undefined) {
      ctx.addIssue({ code: "custom", path: ["mfa", "sms"], message: "sms MFA needs the pool's sms section (snsCallerArn)" });
    }
  })
  .describe("A Cognito user pool and its children.");

export type UserPoolConfig = z.output<typeof userPoolSchema>;
