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
  signIn?: { usernameAttributes: string[]; aliasAttributes: string[]; caseSensitive: boolean };
  passwordPolicy?: {
    minimumLength: number;
    requireNumbers: boolean;
    requireSymbols: boolean;
    requireUppercase: boolean;
    requireLowercase: boolean;
    temporaryPasswordValidityDays: number;
  };
  mfa?: { mode: "OFF" | "OPTIONAL" | "ON"; totp: boolean; sms: boolean };
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
  triggers?: Partial<Record<TriggerName, string>>;
  tags?: Record<string, string>;
}

export interface CustomAttributeSpec {
  type: string;
  mutable: boolean;
  minLength?: number;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
}

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
    signIn: pool.signIn && {
      usernameAttributes: sorted(pool.signIn.usernameAttributes),
      aliasAttributes: sorted(pool.signIn.aliasAttributes),
      caseSensitive: pool.signIn.caseSensitive,
    },
    passwordPolicy: pool.passwordPolicy && { ...pool.passwordPolicy },
    mfa: pool.mfa && { ...pool.mfa },
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
    triggers: pool.triggers && compact({ ...pool.triggers }),
    tags: pool.tags && { ...pool.tags },
  });
}

const TRIGGER_API_NAMES: Record<TriggerName, keyof LambdaConfigType> = {
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
  return {
    name: pool.Name ?? "",
    deletionProtection: pool.DeletionProtection === "ACTIVE",
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
    triggers: compact(Object.fromEntries(TRIGGER_NAMES.map((t) => [t, lambda[TRIGGER_API_NAMES[t]] as string | undefined]))),
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
 * The classic trigger fields are replaced by the file; versioned and KMS settings the file does not
 * model (custom senders, KMSKeyID, inbound federation) are kept as they are live.
 */
function lambdaConfig(triggers: Partial<Record<TriggerName, string>>, live: LambdaConfigType | undefined): LambdaConfigType {
  const config: LambdaConfigType = { ...live };
  for (const name of TRIGGER_NAMES) {
    const apiName = TRIGGER_API_NAMES[name];
    const arn = triggers[name];
    if (arn === undefined) delete config[apiName];
    else (config as Record<string, unknown>)[apiName] = arn;
  }
  // PreTokenGenerationConfig is the versioned twin of PreTokenGeneration; keep the two pointing at
  // one function or AWS rejects the update.
  if (triggers.preTokenGeneration === undefined) delete config.PreTokenGenerationConfig;
  else if (config.PreTokenGenerationConfig) config.PreTokenGenerationConfig = { ...config.PreTokenGenerationConfig, LambdaArn: triggers.preTokenGeneration };
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
    request.Schema = [...required, ...customAttributeSchema(spec.attributes.custom)];
  }
  applyManagedSections(request, spec, undefined);
  request.UserPoolTags = { ...(spec.tags ?? {}), [STACK_TAG]: stack, [CREATED_TAG]: createStamp };
  return request;
}

/**
 * SetUserPoolMfaConfig for the file's mfa section; SMS MFA reuses the pool's SMS configuration.
 * The call resets what it is not sent, so email MFA and passkey (WebAuthn) settings, which the file
 * does not manage, travel along from `live` (GetUserPoolMfaConfig).
 */
export function mfaConfigRequest(poolId: string, spec: PoolSpec, live?: GetUserPoolMfaConfigResponse): SetUserPoolMfaConfigRequest | undefined {
  if (!spec.mfa) return undefined;
  const request: SetUserPoolMfaConfigRequest = {
    UserPoolId: poolId,
    MfaConfiguration: spec.mfa.mode,
    SoftwareTokenMfaConfiguration: { Enabled: spec.mfa.totp },
    ...(live?.EmailMfaConfiguration ? { EmailMfaConfiguration: live.EmailMfaConfiguration } : {}),
    ...(live?.WebAuthnConfiguration ? { WebAuthnConfiguration: live.WebAuthnConfiguration } : {}),
  };
  if (spec.mfa.sms && spec.sms) {
    const message = live?.SmsMfaConfiguration?.SmsAuthenticationMessage;
    request.SmsMfaConfiguration = {
      // The file has no words for the SMS MFA message: the live one stays.
      ...(message !== undefined ? { SmsAuthenticationMessage: message } : {}),
      SmsConfiguration: compact({ SnsCallerArn: spec.sms.snsCallerArn, ExternalId: spec.sms.externalId, SnsRegion: spec.sms.snsRegion }),
    };
  }
  return request;
}
