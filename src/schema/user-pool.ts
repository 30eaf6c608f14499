import { z } from "zod";
import { COGNITO_DEFAULTS, COGNITO_LIMITS, STACK_TAG } from "./cognito-defaults.js";
import { awsRegion, iamRoleArn, lambdaArn, sesIdentityArn, setOf } from "./common.js";
import { clientSchema } from "./client.js";
import { domainSchema } from "./domain.js";
import { groupSchema } from "./group.js";
import { identityProviderSchema } from "./identity-provider.js";
import { resourceServerSchema } from "./resource-server.js";
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
    minimumLength: z.number().int().min(6).max(99).default(d.minimumLength),
    requireNumbers: z.boolean().default(d.requireNumbers),
    requireSymbols: z.boolean().default(d.requireSymbols),
    requireUppercase: z.boolean().default(d.requireUppercase),
    requireLowercase: z.boolean().default(d.requireLowercase),
    temporaryPasswordValidityDays: z.number().int().min(0).max(365).default(d.temporaryPasswordValidityDays),
  })
  .describe("Password rules. Fields left out take Cognito's defaults (8 characters, all classes required).");

const mfaSchema = z
  .strictObject({
    mode: z.enum(["OFF", "OPTIONAL", "ON"]).default("OFF").describe("OFF, OPTIONAL (users choose) or ON (required)."),
    totp: z.boolean().default(false).describe("Authenticator apps (software tokens)."),
    sms: z.boolean().default(false).describe("Text-message codes; needs the pool's sms section."),
  })
  .refine((m) => m.mode === "OFF" || m.totp || m.sms, { message: "mode OPTIONAL or ON needs totp or sms enabled" })
  .describe("Multi-factor authentication (Set/GetUserPoolMfaConfig).");

const accountRecoverySchema = setOf(z.enum(["verified_email", "verified_phone_number", "admin_only"]))
  .min(1)
  .max(2)
  .refine((list) => !list.includes("admin_only") || list.length === 1, {
    message: "admin_only cannot be combined with other recovery mechanisms",
  })
  .describe("Account recovery mechanisms in priority order.");

const vm = COGNITO_DEFAULTS.verificationMessage;
const codePlaceholder = (s: string) => s.includes("{####}");
const verificationMessageSchema = z
  .strictObject({
    defaultEmailOption: z.enum(["CONFIRM_WITH_CODE", "CONFIRM_WITH_LINK"]).default(vm.defaultEmailOption),
    emailSubject: z.string().min(1).max(140).default(vm.emailSubject),
    emailMessage: z.string().min(6).max(20_000).refine(codePlaceholder, { message: "must contain {####}" }).default(vm.emailMessage),
    emailSubjectByLink: z.string().min(1).max(140).default(vm.emailSubjectByLink),
    emailMessageByLink: z
      .string()
      .min(6)
      .max(20_000)
      .refine((s) => /\{##[^#]*##\}/.test(s), { message: "must contain a {##link text##} placeholder" })
      .default(vm.emailMessageByLink),
    smsMessage: z.string().min(6).max(140).refine(codePlaceholder, { message: "must contain {####}" }).default(vm.smsMessage),
  })
  .describe("Messages sent to verify an email address or phone number.");

const im = COGNITO_DEFAULTS.invitationMessage;
const invitation = (s: string) => s.includes("{username}") && s.includes("{####}");
const invitationMessageSchema = z
  .strictObject({
    emailSubject: z.string().min(1).max(140).default(im.emailSubject),
    emailMessage: z
      .string()
      .min(6)
      .max(20_000)
      .refine(invitation, { message: "must contain {username} and {####}" })
      .default(im.emailMessage),
    smsMessage: z.string().min(6).max(140).refine(invitation, { message: "must contain {username} and {####}" }).default(im.smsMessage),
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
      .regex(/^[A-Za-z0-9_]+$/, { message: "must be letters, digits or _ (without the custom: prefix)" }),
    type: z.enum(["String", "Number", "DateTime", "Boolean"]).default("String"),
    mutable: z.boolean().default(true),
    minLength: z.number().int().min(0).max(2048).optional(),
    maxLength: z.number().int().min(1).max(2048).optional(),
    minValue: z.number().int().optional(),
    maxValue: z.number().int().optional(),
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
    custom: z.array(customAttributeSchema).max(COGNITO_LIMITS.customAttributes).default([]),
  })
  .describe("User attributes.");

const emailSchema = z
  .strictObject({
    sendingAccount: z.enum(["COGNITO_DEFAULT", "DEVELOPER"]).default("COGNITO_DEFAULT"),
    sourceArn: sesIdentityArn.optional(),
    from: z.string().min(1).optional(),
    replyTo: z.string().min(1).optional(),
    configurationSet: z.string().min(1).max(64).optional(),
  })
  .refine((e) => e.sendingAccount === "COGNITO_DEFAULT" || e.sourceArn !== undefined, {
    message: "sendingAccount DEVELOPER needs sourceArn (a verified SES identity)",
  })
  .describe("How Cognito sends email.");

const smsSchema = z
  .strictObject({
    snsCallerArn: iamRoleArn.describe("Role Cognito assumes to send SMS through SNS."),
    externalId: z.string().min(1).optional(),
    snsRegion: awsRegion.optional(),
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

const triggersSchema = z
  .strictObject(Object.fromEntries(TRIGGER_NAMES.map((t) => [t, lambdaArn.optional()])) as Record<TriggerName, z.ZodOptional<typeof lambdaArn>>)
  .describe("Lambda triggers. A trigger left out of a present section is removed.");

const tagsSchema = z
  .record(z.string().min(1).max(128), z.string().max(256))
  .refine((tags) => Object.keys(tags).length <= COGNITO_LIMITS.tags - 1, { message: `at most ${COGNITO_LIMITS.tags - 1} tags (one is the stack tag)` })
  .refine((tags) => !Object.keys(tags).some((k) => k.startsWith("aws:") || k === STACK_TAG), {
    message: `tag keys may not start with aws: or be ${STACK_TAG} (the tool writes that one)`,
  })
  .describe("Tags on the pool; the tool adds cognito-reconcile:stack.");

const pruneSchema = z
  .strictObject({
    users: z.boolean().default(false).describe("Delete live users the file does not declare. Default false."),
    groups: z.boolean().default(true),
    clients: z.boolean().default(true),
    resourceServers: z.boolean().default(true),
    identityProviders: z.boolean().default(true),
  })
  .describe("Which undeclared live children of the pool may be deleted.");

/** Top-level pool keys that `ignoreChanges` may name (the first segment of a path). */
export const POOL_FIELD_SECTIONS = [
  "deletionProtection",
  "signIn",
  "passwordPolicy",
  "mfa",
  "accountRecovery",
  "signUp",
  "attributes",
  "email",
  "sms",
  "triggers",
  "tags",
] as const;

export const userPoolSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\w\s+=,.@-]+$/, { message: "may hold letters, digits, spaces and + = , . @ - _" })
      .describe("Pool name; with the stack tag, how the pool is found."),
    id: z
      .string()
      .regex(/^[\w-]+_[0-9a-zA-Z]+$/, { message: "must be a user pool id such as us-east-1_AbC123" })
      .optional()
      .describe("Pin this entry to an existing pool (adoption)."),
    region: awsRegion.optional().describe("Overrides the file's region for this pool."),
    deletionProtection: z.boolean().default(true).describe("Refuse DeleteUserPool while true. Default true."),
    signIn: signInSchema.optional(),
    passwordPolicy: passwordPolicySchema.optional(),
    mfa: mfaSchema.optional(),
    accountRecovery: accountRecoverySchema.optional(),
    signUp: signUpSchema.optional(),
    attributes: attributesSchema.optional(),
    email: emailSchema.optional(),
    sms: smsSchema.optional(),
    triggers: triggersSchema.optional(),
    tags: tagsSchema.optional(),
    ignoreChanges: setOf(z.string().min(1))
      .default([])
      .describe("Field paths (e.g. triggers.preTokenGeneration) never diffed and kept as they are live."),
    domain: domainSchema.nullable().optional(),
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
    pool.ignoreChanges.forEach((path, i) => {
      const head = path.split(".")[0] ?? "";
      if (!(POOL_FIELD_SECTIONS as readonly string[]).includes(head)) {
        ctx.addIssue({
          code: "custom",
          path: ["ignoreChanges", i],
          message: `"${path}" is not a pool field path; it must start with one of ${POOL_FIELD_SECTIONS.join(", ")}`,
        });
      }
    });
  })
  .describe("A Cognito user pool and its children.");

export type UserPoolConfig = z.output<typeof userPoolSchema>;
