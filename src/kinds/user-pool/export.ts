import type { UserPoolType } from "@aws-sdk/client-cognito-identity-provider";
import { isDeveloperOnly, UNMANAGED_KEPT } from "../../core/export-notes.js";
import type { LivePool } from "../../core/live-types.js";
import { TRIGGER_NAMES } from "../../schema/user-pool.js";
import { poolSpecFromLive } from "./model.js";

/** Pool settings a file writes, whole or in part (the rest is identity, or read-only). */
const POOL_KEYS_WRITTEN = new Set([
  "Id", "Name", "Arn", "Status", "CreationDate", "LastModifiedDate", "EstimatedNumberOfUsers", "SmsConfigurationFailure", "EmailConfigurationFailure",
  "Domain", "CustomDomain", "DeletionProtection", "UsernameAttributes", "AliasAttributes", "UsernameConfiguration", "AutoVerifiedAttributes",
  "UserAttributeUpdateSettings", "VerificationMessageTemplate", "SmsVerificationMessage", "EmailVerificationMessage", "EmailVerificationSubject",
  "AdminCreateUserConfig", "MfaConfiguration", "AccountRecoverySetting", "EmailConfiguration", "SmsConfiguration", "UserPoolTags",
  "SchemaAttributes", "Policies", "LambdaConfig", "UserPoolTier", "UserPoolAddOns", "DeviceConfiguration",
]);

/** Policies the file writes; the rest are listed as left out. */
const POLICIES_WRITTEN = new Set(["PasswordPolicy", "SignInPolicy"]);

/** LambdaConfig fields the file writes (through triggers). */
const LAMBDA_FIELDS_WRITTEN = new Set(["PreTokenGenerationConfig", "CustomEmailSender", "CustomSMSSender", "KMSKeyID"]);

const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === "" || (Array.isArray(value) && value.length === 0) || (typeof value === "object" && Object.keys(value).length === 0);

function poolLeftOut(pool: UserPoolType, leftOut: string[]): void {
  for (const attribute of pool.SchemaAttributes ?? []) {
    if (isDeveloperOnly(attribute.Name) || attribute.DeveloperOnlyAttribute) {
      leftOut.push(`attributes.custom ${attribute.Name}: developer-only attributes cannot be declared; the pool keeps it`);
    }
  }
  for (const [key, value] of Object.entries(pool)) {
    if (!POOL_KEYS_WRITTEN.has(key) && !isEmpty(value)) leftOut.push(`userPool ${key}: ${UNMANAGED_KEPT}`);
  }
  for (const [key, value] of Object.entries(pool.Policies ?? {})) {
    if (!POLICIES_WRITTEN.has(key) && !isEmpty(value)) leftOut.push(`userPool Policies.${key}: ${UNMANAGED_KEPT}`);
  }
  const triggerKeys = new Set<string>([...TRIGGER_NAMES.map((t) => t.charAt(0).toUpperCase() + t.slice(1)), ...LAMBDA_FIELDS_WRITTEN]);
  for (const [key, value] of Object.entries(pool.LambdaConfig ?? {})) {
    if (!triggerKeys.has(key) && !isEmpty(value)) leftOut.push(`triggers LambdaConfig.${key}: ${UNMANAGED_KEPT}`);
  }
}

/**
 * The pool's own settings as a file entry (name, id, every section the spec has), before the
 * sections of the kinds inside it. What the file cannot hold goes to leftOut.
 */
export function exportedPool(pool: LivePool, leftOut: string[]): Record<string, unknown> {
  poolLeftOut(pool.raw, leftOut);
  const { attributes, sms, name: _name, signInPolicy, passkeys, threatProtection, deviceTracking, ...sections } = poolSpecFromLive(pool.raw, pool.mfa);
  // Sections of features the pool does not use are left out rather than written with their
  // defaults: a file that declares one manages it, and some need a higher feature plan.
  const raw = pool.raw;
  const inUse = {
    ...(raw.Policies?.SignInPolicy ? { signInPolicy } : {}),
    ...(pool.mfa?.WebAuthnConfiguration ? { passkeys } : {}),
    ...(raw.UserPoolAddOns && (raw.UserPoolAddOns.AdvancedSecurityMode !== "OFF" || raw.UserPoolAddOns.AdvancedSecurityAdditionalFlows) ? { threatProtection } : {}),
    ...(raw.DeviceConfiguration ? { deviceTracking } : {}),
  };
  return {
    name: pool.name,
    id: pool.id,
    ...sections,
    ...inUse,
    ...(sms ? { sms } : {}),
    attributes: {
      required: attributes?.required ?? [],
      custom: Object.entries(attributes?.custom ?? {}).map(([name, definition]) => ({ name, ...definition })),
    },
  };
}
