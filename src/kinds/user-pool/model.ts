import type {
  CreateUserPoolRequest,
  GetUserPoolMfaConfigResponse,
  LambdaConfigType,
  SchemaAttributeType,
  SetUserPoolMfaConfigRequest,
  UpdateUserPoolRequest,
  UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { COGNITO_DEFAULTS, CREATED_TAG, keptToolTags, STACK_TAG, withoutToolTags } from "../../schema/cognito-defaults.js";
import { STANDARD_ATTRIBUTES, TRIGGER_NAMES, type TriggerName, type UserPoolConfig } from "../../schema/user-pool.js";

/**
 * A user pool in the file's vocabulary, as the diff sees it. Desired and live are both turned into
 * this shape; sections are optional because a section left out of the file is not managed.
 * Set-like lists are sorted; custom attributes are keyed by name.
 */
export interface PoolSpec {
  name: string;
  deletionProtection: boolean;
  featurePlan?: string;
  signIn?: { usernameAttributes: string[]; aliasAttributes: string[]; caseSensitive: boolean };
  signInPolicy?: { firstFactors: string[] };
  passkeys?: { relyingPartyId?: string; userVerification: string; factorConfiguration: string };
  passwordPolicy?: {
    minimumLength: number;
    requireNumbers: boolean;
    requireSymbols: boolean;
    requireUppercase: boolean;
    requireLowercase: boolean;
    temporaryPasswordValidityDays: number;
  };
  mfa?: { mode: "OFF" | "OPTIONAL" | "ON"; totp: boolean; sms: boolean; email?: { subject: string; message: string } };
  threatProtection?: { mode: string; customAuthMode?: string };
  deviceTracking?: { challengeOnNewDevice: boolean; rememberOnlyOnUserPrompt: boolean };
  accountRecovery?: string[];
  signUp?: {
    selfService: boolean;
    autoVerify: string[];
    keepOriginalAttributeUntilVerified: string[];
    invitationMessage: { emailSubject: string; emailMessage: string; smsMessage: string };
    verificationMessage: {
      defaultEmailOption: string;
      emailSubject: string;
      emailMessage: string;
      emailSubjectByLink: string;
      emailMessageByLink: string;
      smsMessage: string;
    };
  };
  attributes?: { required: string[]; custom: Record<string, CustomAttributeSpec> };
  email?: { sendingAccount: string; sourceArn?: string; from?: string; replyTo?: string; configurationSet?: string };
  sms?: { snsCallerArn: string; externalId?: string; snsRegion?: string };
  triggers?: TriggersSpec;
  tags?: Record<string, string>;
}

/** A Lambda trigger with its event version. */
export interface VersionedLambda {
  lambdaArn: string;
  version: string;
}

/**
 * The triggers: the classic ones by ARN; pre token generation as the plain ARN for event version
 * V1_0 (the form every older pool and file has) or with its version; the custom senders with theirs.
 */
export type TriggersSpec = Partial<Record<Exclude<TriggerName, "preTokenGeneration">, string>> & {
  preTokenGeneration?: string | VersionedLambda;
  customEmailSender?: VersionedLambda;
  customSmsSender?: VersionedLambda;
  kmsKeyId?: string;
};

export interface CustomAttributeSpec {
  type: string;
  mutable: boolean;
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
}

/** The plan Cognito gives a new pool whose request names none (developer guide, feature plans). */
export const DEFAULT_FEATURE_PLAN = "ESSENTIALS";

/** signIn.caseSensitive when the file leaves it out (the schema's default, the README's promise). */
const DEFAULT_CASE_SENSITIVE = false;

/** Paths whose change AWS cannot make in place. */
export const POOL_REPLACE_ON = ["signIn", "attributes.required"] as const;

const sorted = (list: readonly string[] | undefined): string[] => [...(list ?? [])].sort();

/** Drops keys whose value is undefined, so "not set" is one thing on both sides of a diff. */
function compact<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function customSpec(attribute: Omit<CustomAttributeSpec, "minLength" | "maxLength"> & { minLength?: number | undefined; maxLength?: number | undefined; minValue?: number | undefined; maxValue?: number | undefined }): CustomAttributeSpec {
  const string = attribute.type === "String";
  const defaults = COGNITO_DEFAULTS.customStringAttribute;
  return compact({
    type: attribute.type,
    mutable: attribute.mutable,
    minLength: string ? (attribute.minLength ?? defaults.minLength) : undefined,
    maxLength: string ? (attribute.maxLength ?? defaults.maxLength) : undefined,
    minValue: attribute.type === "Number" ? attribute.minValue : undefined,
    maxValue: attribute.type === "Number" ? attribute.maxValue : undefined,
  });
}

/** The desired spec of a pool entry of the file (schema defaults already applied). */
export function poolSpecFromConfig(pool: UserPoolConfig): PoolSpec {
  return compact({
    name: pool.name,
    deletionProtection: pool.deletionProtection,
    featurePlan: pool.featurePlan,
    signInPolicy: pool.signInPolicy && { firstFactors: sorted(pool.signInPolicy.firstFactors) },
    passkeys: pool.passkeys && compact({ ...pool.passkeys }),
    signIn: pool.signIn && {
      usernameAttributes: sorted(pool.signIn.usernameAttributes),
      aliasAttributes: sorted(pool.signIn.aliasAttributes),
      caseSensitive: pool.signIn.caseSensitive,
    },
    passwordPolicy: pool.passwordPolicy && { ...pool.passwordPolicy },
    mfa: pool.mfa && compact({ ...pool.mfa, email: pool.mfa.email && { ...pool.mfa.email } }),
    threatProtection: pool.threatProtection && compact({ ...pool.threatProtection }),
    deviceTracking: pool.deviceTracking && { ...pool.deviceTracking },
    accountRecovery: pool.accountRecovery && [...pool.accountRecovery],
    signUp: pool.signUp && {
      selfService: pool.signUp.selfService,
      autoVerify: sorted(pool.signUp.autoVerify),
      keepOriginalAttributeUntilVerified: sorted(pool.signUp.keepOriginalAttributeUntilVerified),
      invitationMessage: { ...pool.signUp.invitationMessage },
      verificationMessage: { ...pool.signUp.verificationMessage },
    },
    attributes: pool.attributes && {
      required: sorted(pool.attributes.required),
      custom: Object.fromEntries(pool.attributes.custom.map((a) => [a.name, customSpec(a)])),
    },
    email: pool.email && compact({ ...pool.email }),
    sms: pool.sms && compact({ ...pool.sms }),
    triggers: pool.triggers && triggersFromConfig(pool.triggers),
    tags: pool.tags && { ...pool.tags },
  });
}

/** V1_0 is the plain ARN, so a file may write either form of it and plan shows no change. */
const preTokenForm = (lambdaArn: string, version: string): string | VersionedLambda => (version === "V1_0" ? lambdaArn : { lambdaArn, version });

function triggersFromConfig(triggers: NonNullable<UserPoolConfig["triggers"]>): TriggersSpec {
  const { preTokenGeneration, customEmailSender, customSmsSender, ...rest } = triggers;
  return compact({
    ...rest,
    preTokenGeneration: typeof preTokenGeneration === "object" ? preTokenForm(preTokenGeneration.lambdaArn, preTokenGeneration.version) : preTokenGeneration,
    customEmailSender: customEmailSender && { ...customEmailSender },
    customSmsSender: customSmsSender && { ...customSmsSender },
  });
}

/** The live triggers in the file's vocabulary. */
function triggersFromLive(lambda: LambdaConfigType): TriggersSpec {
  const plain = Object.fromEntries(TRIGGER_NAMES.filter((t) => t !== "preTokenGeneration").map((t) => [t, lambda[TRIGGER_API_NAMES[t]] as string | undefined]));
  const preToken = lambda.PreTokenGenerationConfig;
  const preTokenArn = preToken?.LambdaArn ?? lambda.PreTokenGeneration;
  const sender = (config: { LambdaArn?: string | undefined; LambdaVersion?: string | undefined } | undefined) =>
    config?.LambdaArn ? { lambdaArn: config.LambdaArn, version: config.LambdaVersion ?? "V1_0" } : undefined;
  return compact({
    ...plain,
    preTokenGeneration: preTokenArn ? preTokenForm(preTokenArn, preToken?.LambdaVersion ?? "V1_0") : undefined,
    customEmailSender: sender(lambda.CustomEmailSender),
    customSmsSender: sender(lambda.CustomSMSSender),
    kmsKeyId: lambda.KMSKeyID,
  });
}

/** The LambdaConfig fields that hold a function ARN. */
type ArnField = { [K in keyof LambdaConfigType]-?: NonNullable<LambdaConfigType[K]> extends string ? K : never }[keyof LambdaConfigType];

const TRIGGER_API_NAMES: Record<TriggerName, ArnField> = {
  preSignUp: "PreSignUp",
  customMessage: "CustomMessage",
  postConfirmation: "PostConfirmation",
  preAuthentication: "PreAuthentication",
  postAuthentication: "PostAuthentication",
  defineAuthChallenge: "DefineAuthChallenge",
  createAuthChallenge: "CreateAuthChallenge",
  verifyAuthChallengeResponse: "VerifyAuthChallengeResponse",
  preTokenGeneration: "PreTokenGeneration",
  userMigration: "UserMigration",
};

function numberOrUndefined(value: string | undefined): number | undefined {
  return value === undefined || value === "" ? undefined : Number(value);
}

function customFromSchema(attribute: SchemaAttributeType): CustomAttributeSpec {
  return customSpec({
    type: attribute.AttributeDataType ?? "String",
    mutable: attribute.Mutable ?? true,
    minLength: numberOrUndefined(attribute.StringAttributeConstraints?.MinLength),
    maxLength: numberOrUndefined(attribute.StringAttributeConstraints?.MaxLength),
    minValue: numberOrUndefined(attribute.NumberAttributeConstraints?.MinValue),
    maxValue: numberOrUndefined(attribute.NumberAttributeConstraints?.MaxValue),
  });
}

/**
 * The live spec of a pool, every section filled. A field AWS (or an emulator) leaves out is read as
 * Cognito's default for it, the same default the schema gives a file that leaves it out.
 */
export function poolSpecFromLive(pool: UserPoolType, mfa: GetUserPoolMfaConfigResponse | undefined): PoolSpec {
  const policy = pool.Policies?.PasswordPolicy ?? {};
  const pd = COGNITO_DEFAULTS.passwordPolicy;
  const template = pool.VerificationMessageTemplate ?? {};
  const vm = COGNITO_DEFAULTS.verificationMessage;
  const invite = pool.AdminCreateUserConfig?.InviteMessageTemplate ?? {};
  const im = COGNITO_DEFAULTS.invitationMessage;
  const schema = pool.SchemaAttributes ?? [];
  const lambda = pool.LambdaConfig ?? {};
  const email = pool.EmailConfiguration ?? {};
  const mfaMode = (mfa?.MfaConfiguration ?? pool.MfaConfiguration ?? "OFF") as "OFF" | "OPTIONAL" | "ON";
  const webAuthn = mfa?.WebAuthnConfiguration;
  const emailMfa = mfa?.EmailMfaConfiguration;
  const addOns = pool.UserPoolAddOns;
  return {
    name: pool.Name ?? "",
    deletionProtection: pool.DeletionProtection === "ACTIVE",
    // A pool that does not say is on Cognito's default plan for new pools.
    featurePlan: pool.UserPoolTier ?? DEFAULT_FEATURE_PLAN,
    signInPolicy: { firstFactors: sorted(pool.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ["PASSWORD"]) },
    passkeys: compact({
      relyingPartyId: webAuthn?.RelyingPartyId,
      userVerification: webAuthn?.UserVerification ?? "preferred",
      factorConfiguration: webAuthn?.FactorConfiguration ?? "SINGLE_FACTOR",
    }),
    signIn: {
      usernameAttributes: sorted(pool.UsernameAttributes),
      aliasAttributes: sorted(pool.AliasAttributes),
      // A pool created without UsernameConfiguration has case-sensitive usernames.
      caseSensitive: pool.UsernameConfiguration?.CaseSensitive ?? true,
    },
    passwordPolicy: {
      // Once a PasswordPolicy is present, AWS treats its missing booleans as false.
      minimumLength: policy.MinimumLength ?? pd.minimumLength,
      requireNumbers: pool.Policies?.PasswordPolicy ? (policy.RequireNumbers ?? false) : pd.requireNumbers,
      requireSymbols: pool.Policies?.PasswordPolicy ? (policy.RequireSymbols ?? false) : pd.requireSymbols,
      requireUppercase: pool.Policies?.PasswordPolicy ? (policy.RequireUppercase ?? false) : pd.requireUppercase,
      requireLowercase: pool.Policies?.PasswordPolicy ? (policy.RequireLowercase ?? false) : pd.requireLowercase,
      temporaryPasswordValidityDays: policy.TemporaryPasswordValidityDays ?? pd.temporaryPasswordValidityDays,
    },
    mfa: {
      mode: mfaMode,
      totp: mfa?.SoftwareTokenMfaConfiguration?.Enabled ?? false,
      sms: mfaMode !== "OFF" && mfa?.SmsMfaConfiguration?.SmsConfiguration !== undefined,
      ...(emailMfa ? { email: { subject: emailMfa.Subject ?? "", message: emailMfa.Message ?? "" } } : {}),
    },
    threatProtection: compact({ mode: addOns?.AdvancedSecurityMode ?? "OFF", customAuthMode: addOns?.AdvancedSecurityAdditionalFlows?.CustomAuthMode }),
    deviceTracking: {
      challengeOnNewDevice: pool.DeviceConfiguration?.ChallengeRequiredOnNewDevice ?? false,
      rememberOnlyOnUserPrompt: pool.DeviceConfiguration?.DeviceOnlyRememberedOnUserPrompt ?? false,
    },
    accountRecovery: [...(pool.AccountRecoverySetting?.RecoveryMechanisms ?? [])]
      .sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0))
      .map((m) => m.Name ?? ""),
    signUp: {
      selfService: !(pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly ?? false),
      autoVerify: sorted(pool.AutoVerifiedAttributes),
      keepOriginalAttributeUntilVerified: sorted(pool.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate),
      invitationMessage: {
        emailSubject: invite.EmailSubject ?? im.emailSubject,
        emailMessage: invite.EmailMessage ?? im.emailMessage,
        smsMessage: invite.SMSMessage ?? im.smsMessage,
      },
      verificationMessage: {
        defaultEmailOption: template.DefaultEmailOption ?? vm.defaultEmailOption,
        emailSubject: template.EmailSubject ?? pool.EmailVerificationSubject ?? vm.emailSubject,
        emailMessage: template.EmailMessage ?? pool.EmailVerificationMessage ?? vm.emailMessage,
        emailSubjectByLink: template.EmailSubjectByLink ?? vm.emailSubjectByLink,
        emailMessageByLink: template.EmailMessageByLink ?? vm.emailMessageByLink,
        smsMessage: template.SmsMessage ?? pool.SmsVerificationMessage ?? vm.smsMessage,
      },
    },
    attributes: {
      required: sorted(
        schema.filter((a) => a.Required && (STANDARD_ATTRIBUTES as readonly string[]).includes(a.Name ?? "")).map((a) => a.Name ?? ""),
      ),
      custom: Object.fromEntries(
        schema.filter((a) => a.Name?.startsWith("custom:")).map((a) => [(a.Name ?? "").slice("custom:".length), customFromSchema(a)]),
      ),
    },
    email: compact({
      sendingAccount: email.EmailSendingAccount ?? "COGNITO_DEFAULT",
      sourceArn: email.SourceArn,
      from: email.From,
      replyTo: email.ReplyToEmailAddress,
      configurationSet: email.ConfigurationSet,
    }),
    ...(pool.SmsConfiguration?.SnsCallerArn
      ? { sms: compact({ snsCallerArn: pool.SmsConfiguration.SnsCallerArn, externalId: pool.SmsConfiguration.ExternalId, snsRegion: pool.SmsConfiguration.SnsRegion }) }
      : {}),
    triggers: triggersFromLive(lambda),
    tags: withoutToolTags(pool.UserPoolTags),
  };
}

/** Describe-only fields: UpdateUserPool cannot carry them (or they are identity, not configuration). */
const NOT_UPDATABLE = new Set<string>([
  "Id",
  "Name",
  "Arn",
  "Status",
  "CreationDate",
  "LastModifiedDate",
  "SchemaAttributes",
  "AliasAttributes",
  "UsernameAttributes",
  "UsernameConfiguration",
  "EstimatedNumberOfUsers",
  "SmsConfigurationFailure",
  "EmailConfigurationFailure",
  "Domain",
  "CustomDomain",
]);

/**
 * UpdateUserPool resets every field it is not sent, so an update starts from everything the pool
 * has live (including fields this tool does not model) and overlays only the managed sections.
 * Never send fields that are not set live: AWS rejects some empty structures.
 */
export function updateUserPoolRequest(live: UserPoolType, desired: PoolSpec, stack: string, liveMfaMode: string | undefined): UpdateUserPoolRequest {
  const carried: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(live)) {
    if (!NOT_UPDATABLE.has(key) && value !== undefined) carried[key] = value;
  }
  const request = { ...carried, UserPoolId: live.Id } as UpdateUserPoolRequest;
  // UnusedAccountValidityDays is the deprecated twin of TemporaryPasswordValidityDays; AWS refuses
  // a request that carries both.
  if (request.AdminCreateUserConfig) {
    const { UnusedAccountValidityDays: _unused, ...rest } = request.AdminCreateUserConfig;
    request.AdminCreateUserConfig = rest;
  }
  // The MFA mode is changed by SetUserPoolMfaConfig; keep UpdateUserPool from moving it.
  if (liveMfaMode !== undefined) request.MfaConfiguration = liveMfaMode as UpdateUserPoolRequest["MfaConfiguration"];
  if (live.Name !== desired.name) request.PoolName = desired.name;
  applyManagedSections(request, desired, live.LambdaConfig);
  request.UserPoolTags = { ...keptToolTags(live.UserPoolTags), ...(desired.tags ?? withoutToolTags(live.UserPoolTags)), [STACK_TAG]: stack };
  return request;
}

/** Writes the managed sections of `spec` into a Create/UpdateUserPool request. */
function applyManagedSections(request: CreateUserPoolRequest | UpdateUserPoolRequest, spec: PoolSpec, liveLambda: LambdaConfigType | undefined): void {
  request.DeletionProtection = spec.deletionProtection ? "ACTIVE" : "INACTIVE";
  if (spec.featurePlan) request.UserPoolTier = spec.featurePlan as "ESSENTIALS";
  if (spec.signInPolicy) {
    request.Policies = { ...request.Policies, SignInPolicy: { AllowedFirstAuthFactors: spec.signInPolicy.firstFactors as "PASSWORD"[] } };
  }
  if (spec.threatProtection) {
    const { mode, customAuthMode } = spec.threatProtection;
    request.UserPoolAddOns = {
      AdvancedSecurityMode: mode as "OFF",
      ...(customAuthMode ? { AdvancedSecurityAdditionalFlows: { CustomAuthMode: customAuthMode as "AUDIT" } } : {}),
    };
  }
  if (spec.deviceTracking) {
    request.DeviceConfiguration = {
      ChallengeRequiredOnNewDevice: spec.deviceTracking.challengeOnNewDevice,
      DeviceOnlyRememberedOnUserPrompt: spec.deviceTracking.rememberOnlyOnUserPrompt,
    };
  }
  if (spec.passwordPolicy) {
    const p = spec.passwordPolicy;
    request.Policies = {
      ...request.Policies,
      PasswordPolicy: {
        ...request.Policies?.PasswordPolicy,
        MinimumLength: p.minimumLength,
        RequireNumbers: p.requireNumbers,
        RequireSymbols: p.requireSymbols,
        RequireUppercase: p.requireUppercase,
        RequireLowercase: p.requireLowercase,
        TemporaryPasswordValidityDays: p.temporaryPasswordValidityDays,
      },
    };
  }
  if (spec.accountRecovery) {
    request.AccountRecoverySetting = {
      RecoveryMechanisms: spec.accountRecovery.map((name, i) => ({ Name: name as "verified_email", Priority: i + 1 })),
    };
  }
  if (spec.signUp) {
    const s = spec.signUp;
    request.AutoVerifiedAttributes = s.autoVerify as ("email" | "phone_number")[];
    request.UserAttributeUpdateSettings = {
      AttributesRequireVerificationBeforeUpdate: s.keepOriginalAttributeUntilVerified as ("email" | "phone_number")[],
    };
    request.AdminCreateUserConfig = {
      ...request.AdminCreateUserConfig,
      AllowAdminCreateUserOnly: !s.selfService,
      InviteMessageTemplate: {
        EmailSubject: s.invitationMessage.emailSubject,
        EmailMessage: s.invitationMessage.emailMessage,
        SMSMessage: s.invitationMessage.smsMessage,
      },
    };
    const v = s.verificationMessage;
    request.VerificationMessageTemplate = {
      DefaultEmailOption: v.defaultEmailOption as "CONFIRM_WITH_CODE",
      EmailSubject: v.emailSubject,
      EmailMessage: v.emailMessage,
      EmailSubjectByLink: v.emailSubjectByLink,
      EmailMessageByLink: v.emailMessageByLink,
      SmsMessage: v.smsMessage,
    };
    // The legacy top-level copies must agree with the template or AWS rejects the request.
    request.EmailVerificationSubject = v.emailSubject;
    request.EmailVerificationMessage = v.emailMessage;
    request.SmsVerificationMessage = v.smsMessage;
  }
  if (spec.email) {
    const e = spec.email;
    request.EmailConfiguration = compact({
      EmailSendingAccount: e.sendingAccount as "COGNITO_DEFAULT",
      SourceArn: e.sourceArn,
      From: e.from,
      ReplyToEmailAddress: e.replyTo,
      ConfigurationSet: e.configurationSet,
    });
  }
  if (spec.sms) {
    request.SmsConfiguration = compact({ SnsCallerArn: spec.sms.snsCallerArn, ExternalId: spec.sms.externalId, SnsRegion: spec.sms.snsRegion });
  }
  if (spec.triggers) request.LambdaConfig = lambdaConfig(spec.triggers, liveLambda);
}

/**
 * Every trigger the file models is replaced by the file's section (a trigger left out is removed);
 * what it does not model (inbound federation) is kept as it is live.
 */
function lambdaConfig(triggers: TriggersSpec, live: LambdaConfigType | undefined): LambdaConfigType {
  const { InboundFederation } = live ?? {};
  const config: LambdaConfigType = InboundFederation ? { InboundFederation } : {};
  for (const name of TRIGGER_NAMES) {
    if (name === "preTokenGeneration") continue;
    const arn = triggers[name];
    if (arn !== undefined) config[TRIGGER_API_NAMES[name]] = arn;
  }
  const preToken = triggers.preTokenGeneration;
  if (preToken !== undefined) {
    const versioned = typeof preToken === "string" ? { lambdaArn: preToken, version: "V1_0" } : preToken;
    // The legacy field and the versioned one must name the same function, or AWS refuses the update.
    config.PreTokenGeneration = versioned.lambdaArn;
    config.PreTokenGenerationConfig = { LambdaArn: versioned.lambdaArn, LambdaVersion: versioned.version as "V1_0" };
  }
  if (triggers.customEmailSender) config.CustomEmailSender = { LambdaArn: triggers.customEmailSender.lambdaArn, LambdaVersion: "V1_0" };
  if (triggers.customSmsSender) config.CustomSMSSender = { LambdaArn: triggers.customSmsSender.lambdaArn, LambdaVersion: "V1_0" };
  if (triggers.kmsKeyId) config.KMSKeyID = triggers.kmsKeyId;
  return config;
}

function schemaAttribute(name: string, attribute: CustomAttributeSpec): SchemaAttributeType {
  return {
    Name: name,
    AttributeDataType: attribute.type as "String",
    Mutable: attribute.mutable,
    DeveloperOnlyAttribute: false,
    ...(attribute.type === "String"
      ? { StringAttributeConstraints: { MinLength: String(attribute.minLength ?? 0), MaxLength: String(attribute.maxLength ?? 2048) } }
      : {}),
    ...(attribute.type === "Number" && (attribute.minValue !== undefined || attribute.maxValue !== undefined)
      ? {
          NumberAttributeConstraints: compact({
            MinValue: attribute.minValue === undefined ? undefined : String(attribute.minValue),
            MaxValue: attribute.maxValue === undefined ? undefined : String(attribute.maxValue),
          }),
        }
      : {}),
  };
}

/** Schema entries for AddCustomAttributes (names without the custom: prefix, as AWS expects). */
export function customAttributeSchema(custom: Record<string, CustomAttributeSpec>): SchemaAttributeType[] {
  return Object.entries(custom).map(([name, attribute]) => schemaAttribute(name, attribute));
}

/** `createStamp`: the value of CREATED_TAG for this create (src/aws/create-stamp.ts). */
export function createUserPoolRequest(spec: PoolSpec, stack: string, createStamp: string): CreateUserPoolRequest {
  const request: CreateUserPoolRequest = { PoolName: spec.name, MfaConfiguration: "OFF" };
  if (spec.signIn) {
    if (spec.signIn.usernameAttributes.length > 0) request.UsernameAttributes = spec.signIn.usernameAttributes as ("email" | "phone_number")[];
    if (spec.signIn.aliasAttributes.length > 0) request.AliasAttributes = spec.signIn.aliasAttributes as ("email" | "phone_number" | "preferred_username")[];
    request.UsernameConfiguration = { CaseSensitive: spec.signIn.caseSensitive };
  } else {
    // Without UsernameConfiguration Cognito makes usernames case sensitive; a pool made from a file
    // without signIn gets the documented default instead. (On an existing pool signIn left out is
    // not managed, so a case-sensitive pool is never replaced over it.)
    request.UsernameConfiguration = { CaseSensitive: DEFAULT_CASE_SENSITIVE };
  }
  if (spec.attributes) {
    const required = spec.attributes.required.map((name) => ({ Name: name, AttributeDataType: "String" as const, Required: true, Mutable: true }));
    const schema = [...required, ...customAttributeSchema(spec.attributes.custom)];
    // AWS refuses an empty Schema list (at least one item); none means the standard attributes only.
    if (schema.length > 0) request.Schema = schema;
  }
  applyManagedSections(request, spec, undefined);
  request.UserPoolTags = { ...(spec.tags ?? {}), [STACK_TAG]: stack, [CREATED_TAG]: createStamp };
  return request;
}

/**
 * SetUserPoolMfaConfig for the file's mfa and passkeys sections. The call resets what it is not
 * sent, so every request carries the whole live configuration (GetUserPoolMfaConfig) with the
 * managed sections overlaid: a file that manages only passkeys keeps TOTP, SMS and email MFA as they
 * are, and one that manages only mfa keeps the passkey settings. SMS MFA reuses the pool's SMS
 * configuration. Undefined when the file manages neither section.
 */
export function mfaConfigRequest(poolId: string, spec: PoolSpec, live?: GetUserPoolMfaConfigResponse): SetUserPoolMfaConfigRequest | undefined {
  if (!spec.mfa && !spec.passkeys) return undefined;
  const request: SetUserPoolMfaConfigRequest = compact({
    UserPoolId: poolId,
    MfaConfiguration: live?.MfaConfiguration,
    SoftwareTokenMfaConfiguration: live?.SoftwareTokenMfaConfiguration,
    SmsMfaConfiguration: live?.SmsMfaConfiguration,
    EmailMfaConfiguration: live?.EmailMfaConfiguration,
    WebAuthnConfiguration: live?.WebAuthnConfiguration,
  });
  if (spec.mfa) {
    const { mode, totp, sms, email } = spec.mfa;
    request.MfaConfiguration = mode;
    request.SoftwareTokenMfaConfiguration = { Enabled: totp };
    delete request.SmsMfaConfiguration;
    if (sms && spec.sms) {
      const message = live?.SmsMfaConfiguration?.SmsAuthenticationMessage;
      request.SmsMfaConfiguration = {
        // The file has no words for the SMS MFA message: the live one stays.
        ...(message !== undefined ? { SmsAuthenticationMessage: message } : {}),
        SmsConfiguration: compact({ SnsCallerArn: spec.sms.snsCallerArn, ExternalId: spec.sms.externalId, SnsRegion: spec.sms.snsRegion }),
      };
    }
    if (email) request.EmailMfaConfiguration = { Subject: email.subject, Message: email.message };
    else delete request.EmailMfaConfiguration;
  }
  if (spec.passkeys) {
    const { relyingPartyId, userVerification, factorConfiguration } = spec.passkeys;
    request.WebAuthnConfiguration = compact({
      RelyingPartyId: relyingPartyId,
      UserVerification: userVerification as "preferred",
      FactorConfiguration: factorConfiguration as "SINGLE_FACTOR",
    });
  }
  return request;
}
