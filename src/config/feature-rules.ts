import { isNoRiskConfiguration, riskSpecFromConfig } from "../kinds/risk-configuration/model.js";
import { isBelow, planNeeds, unmetNeeds } from "../kinds/user-pool/feature-plan.js";
import { poolSpecFromConfig } from "../kinds/user-pool/model.js";
import type { RiskConfigurationConfig } from "../schema/risk-configuration.js";
import type { DesiredState } from "../schema/root.js";
import type { UserPoolConfig } from "../schema/user-pool.js";
import type { ReferenceProblem } from "./references.js";

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

  // The plan the file names must allow every setting the file makes (see feature-plan.ts).
  if (pool.featurePlan !== undefined) {
    for (const need of unmetNeeds(pool.featurePlan, planNeeds(poolSpecFromConfig(pool)))) {
      problems.push({ path: at(need.path), message: `${need.setting} needs featurePlan ${need.plan} or higher; the file sets featurePlan ${pool.featurePlan}` });
    }
    // API reference, SetRiskConfiguration: "To activate this setting, your user pool must be on the
    // Plus tier." For the pool's configuration and a client's own; `{}` (none) sets nothing.
    const plan = pool.featurePlan;
    const needsPlus = (risk: RiskConfigurationConfig | undefined) => risk !== undefined && isBelow(plan, "PLUS") && !isNoRiskConfiguration(riskSpecFromConfig(risk));
    const riskMessage = `riskConfiguration needs featurePlan PLUS or higher; the file sets featurePlan ${plan}`;
    if (needsPlus(pool.riskConfiguration)) problems.push({ path: at("riskConfiguration"), message: riskMessage });
    pool.clients?.forEach((client, i) => {
      if (needsPlus(client.riskConfiguration)) problems.push({ path: [...base, "clients", i, "riskConfiguration"], message: riskMessage });
    });
    // API reference, CreateUserPoolClient ExplicitAuthFlows, ALLOW_USER_AUTH: "your user pool must
    // be in the Essentials tier or higher".
    if (pool.featurePlan === "LITE") {
      pool.clients?.forEach((client, i) => {
        const flow = client.authFlows.indexOf("ALLOW_USER_AUTH");
        if (flow >= 0) problems.push({ path: [...base, "clients", i, "authFlows", flow], message: "ALLOW_USER_AUTH needs featurePlan ESSENTIALS or higher; the file sets featurePlan LITE" });
      });
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
