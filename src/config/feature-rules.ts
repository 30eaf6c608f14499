import { isNoRiskConfiguration, riskSpecFromConfig } from "../kinds/risk-configuration/model.js";
import { planNeeds, unmetNeeds, type PlanNeed } from "../kinds/user-pool/feature-plan.js";
import { poolSpecFromConfig } from "../kinds/user-pool/model.js";
import type { RiskConfigurationConfig } from "../schema/risk-configuration.js";
import type { DesiredState } from "../schema/root.js";
import type { UserPoolConfig } from "../schema/user-pool.js";
import type { ReferenceProblem } from "./references.js";

/** A setting that needs a plan, with where the file makes it. */
type LocatedNeed = PlanNeed & { at: (string | number)[] };

/**
 * What the pool's children in the file need of the pool's plan: risk configurations (the pool's
 * and clients' own; `{}`, no configuration, needs nothing), client auth flows, log delivery and
 * the domain's login pages.
 */
function childNeeds(pool: UserPoolConfig, base: (string | number)[]): LocatedNeed[] {
  // API reference, SetRiskConfiguration: "To activate this setting, your user pool must be on the Plus tier."
  const risk = (config: RiskConfigurationConfig | undefined, at: (string | number)[]): LocatedNeed[] =>
    config !== undefined && !isNoRiskConfiguration(riskSpecFromConfig(config)) ? [{ path: "riskConfiguration", setting: "riskConfiguration", plan: "PLUS", at }] : [];
  // API reference, LogConfigurationType EventSource: userAuthEvents sends "info-level logs about
  // threat-protection user activity in user pools with the Plus feature plan" (and its S3 and
  // Firehose destinations: "your user pool must be on the Plus tier").
  const activityLogs = (pool.logDelivery ?? []).flatMap((entry, i) =>
    entry.eventSource === "userAuthEvents" ? [{ path: "logDelivery", setting: "logDelivery userAuthEvents", plan: "PLUS" as const, at: [...base, "logDelivery", i, "eventSource"] }] : [],
  );
  // API reference, CreateUserPoolDomain ManagedLoginVersion: "Managed login requires that your
  // user pool be configured for any feature plan other than Lite" (version 2; 1 is the classic hosted UI).
  const managedLogin =
    pool.domain?.managedLoginVersion === 2 ? [{ path: "domain", setting: "domain.managedLoginVersion 2 (managed login)", plan: "ESSENTIALS" as const, at: [...base, "domain", "managedLoginVersion"] }] : [];
  return [
    ...activityLogs,
    ...managedLogin,
    ...risk(pool.riskConfiguration, [...base, "riskConfiguration"]),
    ...(pool.clients ?? []).flatMap((client, i) => {
      const flow = client.authFlows.indexOf("ALLOW_USER_AUTH");
      return [
        ...risk(client.riskConfiguration, [...base, "clients", i, "riskConfiguration"]),
        // API reference, CreateUserPoolClient ExplicitAuthFlows, ALLOW_USER_AUTH: "your user pool
        // must be in the Essentials tier or higher".
        ...(flow >= 0 ? [{ path: "authFlows", setting: "ALLOW_USER_AUTH", plan: "ESSENTIALS" as const, at: [...base, "clients", i, "authFlows", flow] }] : []),
      ];
    }),
  ];
}

/**
 * Rules of today's Cognito features that need more than one field to see, checked offline. Each
 * follows a statement of the Cognito documentation, cited beside it; where the documentation is
 * unclear there is no rule (AWS still answers at apply time).
 */
export function checkFeatureRules(state: DesiredState): ReferenceProblem[] {
  return state.userPools.flatMap((pool, index) => poolFeatureRules(pool, ["userPools", index]));
}

function poolFeatureRules(pool: UserPoolConfig, base: (string | number)[]): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const at = (path: string) => [...base, ...path.split(".")];

  // The plan the file names must allow every setting the file makes: the pool's (feature-plan.ts)
  // and its clients'.
  if (pool.featurePlan !== undefined) {
    const plan = pool.featurePlan;
    const needs = [...planNeeds(poolSpecFromConfig(pool)).map((need) => ({ ...need, at: at(need.path) })), ...childNeeds(pool, base)];
    for (const need of unmetNeeds(plan, needs)) {
      problems.push({ path: need.at, message: `${need.setting} needs featurePlan ${need.plan} or higher; the file sets featurePlan ${plan}` });
    }
  }

  // Developer guide, email MFA: "the user pool must be configured to use the Amazon SES
  // email-sending configuration instead of the default email configuration". Checked when the file
  // manages the email section; otherwise the pool's own decides, at apply time.
  if (pool.mfa?.email && pool.email && pool.email.sendingAccount !== "DEVELOPER") {
    problems.push({ path: at("mfa.email"), message: "email MFA needs email sent through SES: set email.sendingAccount: DEVELOPER with email.sourceArn" });
  }

  // API reference, AdminSetUserMFAPreference WebAuthnMfaSettings: with MFA required, passkey
  // sign-in needs the pool's WebAuthnConfiguration FactorConfiguration MULTI_FACTOR_WITH_USER_VERIFICATION
  // (AWS refuses WEB_AUTHN as a first factor otherwise).
  const webAuthnFirst = pool.signInPolicy?.firstFactors.includes("WEB_AUTHN") ?? false;
  if (webAuthnFirst && pool.mfa?.mode === "ON" && pool.passkeys && pool.passkeys.factorConfiguration !== "MULTI_FACTOR_WITH_USER_VERIFICATION") {
    problems.push({
      path: at("passkeys.factorConfiguration"),
      message: "with mfa.mode ON and WEB_AUTHN among signInPolicy.firstFactors, passkeys need factorConfiguration: MULTI_FACTOR_WITH_USER_VERIFICATION",
    });
  }
  return problems;
}
