import type { PoolSpec } from "./model.js";

/**
 * What each feature plan (UserPoolTier) allows, from the Cognito documentation. Every rule names its
 * source; a setting whose plan the documentation leaves unclear has no rule (AWS still refuses it
 * at apply time with FeatureUnavailableInTierException).
 */
export const PLAN_ORDER = ["LITE", "ESSENTIALS", "PLUS"] as const;
export type FeaturePlanName = (typeof PLAN_ORDER)[number];

/** A setting of the pool and the lowest plan that allows it. */
export interface PlanNeed {
  /** The setting's path in the pool entry (`threatProtection.mode`). */
  path: string;
  /** How the setting reads, for the message (`threatProtection.mode ENFORCED`). */
  setting: string;
  plan: FeaturePlanName;
}

const rank = (plan: string) => PLAN_ORDER.indexOf(plan as FeaturePlanName);

/** Whether `plan` is below `needed` (an unknown plan name is below nothing: zod refuses it first). */
export const isBelow = (plan: string, needed: FeaturePlanName) => rank(plan) >= 0 && rank(plan) < rank(needed);

/**
 * The settings of a pool spec that need more than the LITE plan. Sections left out need nothing.
 * `fromLive`: the spec was read from a pool, where every section is filled in with the defaults of
 * a pool that does not use it (passkeys: preferred, single factor), so those defaults need nothing.
 */
export function planNeeds(spec: PoolSpec, fromLive = false): PlanNeed[] {
  const needs: PlanNeed[] = [];
  const threat = spec.threatProtection;
  // API reference, UserPoolAddOnsType: "To activate this setting, your user pool must be on the Plus tier."
  if (threat && threat.mode !== "OFF") needs.push({ path: "threatProtection.mode", setting: `threatProtection.mode ${threat.mode}`, plan: "PLUS" });
  if (threat?.customAuthMode) needs.push({ path: "threatProtection.customAuthMode", setting: `threatProtection.customAuthMode ${threat.customAuthMode}`, plan: "PLUS" });
  // API reference, SignInPolicyType: "your user pool must be in the Essentials tier or higher" (any
  // first factor beyond PASSWORD, which every plan has).
  const passwordless = spec.signInPolicy?.firstFactors.filter((f) => f !== "PASSWORD") ?? [];
  if (passwordless.length > 0) needs.push({ path: "signInPolicy.firstFactors", setting: `signInPolicy.firstFactors ${passwordless.join(", ")}`, plan: "ESSENTIALS" });
  // API reference, WebAuthnConfigurationType: "must be in the Essentials tier or higher".
  const passkeys = spec.passkeys;
  const configured = passkeys && (passkeys.relyingPartyId !== undefined || passkeys.userVerification !== "preferred" || passkeys.factorConfiguration !== "SINGLE_FACTOR");
  if (passkeys && (!fromLive || configured)) {
    needs.push({ path: "passkeys", setting: "passkeys", plan: "ESSENTIALS" });
  }
  // API reference, EmailMfaConfigType: "must be in the Essentials tier or higher".
  if (spec.mfa?.email) needs.push({ path: "mfa.email", setting: "mfa.email", plan: "ESSENTIALS" });
  // Developer guide, pre token generation Lambda trigger: V2_0 and V3_0 events (access token
  // customization) are for "user pools with the Essentials or Plus feature plan".
  const preToken = spec.triggers?.preTokenGeneration;
  if (typeof preToken === "object" && preToken.version !== "V1_0") {
    needs.push({ path: "triggers.preTokenGeneration.version", setting: `triggers.preTokenGeneration version ${preToken.version}`, plan: "ESSENTIALS" });
  }
  return needs;
}

/** The needs `plan` does not meet. */
export function unmetNeeds<Need extends PlanNeed>(plan: string, needs: readonly Need[]): Need[] {
  return needs.filter((need) => isBelow(plan, need.plan));
}
