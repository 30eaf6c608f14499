import { registerChildKind, type AnyChildKind } from "../core/child-kind.js";
import { clientKind } from "./client/kind.js";
import { clientSecretKind } from "./client-secret/kind.js";
import { domainKind } from "./domain/kind.js";
import { groupKind } from "./group/kind.js";
import { identityProviderKind } from "./identity-provider/kind.js";
import { logDeliveryKind } from "./log-delivery/kind.js";
import { managedLoginBrandingKind } from "./managed-login-branding/kind.js";
import { resourceServerKind } from "./resource-server/kind.js";
import { riskConfigurationKind } from "./risk-configuration/kind.js";
import { termsKind } from "./terms/kind.js";
import { clientUiCustomizationKind, uiCustomizationKind } from "./ui-customization/kind.js";
import { userKind } from "./user/kind.js";
import { identityPoolKind } from "./identity-pool/plan.js";
import { userPoolKind } from "./user-pool/plan.js";
import type { TopKind } from "../plan/top-kind.js";

/** Every kind that lives in a user pool, once, in the order plans list them. Adding a kind: its folder, and one line here. */
export const CHILD_KINDS: readonly AnyChildKind[] = [
  registerChildKind(riskConfigurationKind),
  registerChildKind(logDeliveryKind),
  registerChildKind(domainKind),
  registerChildKind(resourceServerKind),
  registerChildKind(identityProviderKind),
  registerChildKind(clientKind),
  registerChildKind(termsKind),
  registerChildKind(clientSecretKind),
  registerChildKind(uiCustomizationKind),
  registerChildKind(clientUiCustomizationKind),
  registerChildKind(managedLoginBrandingKind),
  registerChildKind(groupKind),
  registerChildKind(userKind),
];

/**
 * The kinds the file lists at its top, each planned with what lives in it. Order matters: a kind
 * may name resources of the kinds before it (identity pools name user pools and their clients).
 */
export const TOP_KINDS: readonly TopKind[] = [userPoolKind(CHILD_KINDS), identityPoolKind];

/** A registered kind by name. */
export function childKindNamed(name: string): AnyChildKind | undefined {
  return CHILD_KINDS.find((kind) => kind.kind === name);
}
