import { UNMANAGED_KEPT } from "../../core/export-notes.js";
import { isNoRiskConfiguration, riskConfigFromSpec } from "../risk-configuration/model.js";
import { clientSpecFromLive, type LiveClient } from "./model.js";

/** Client settings the file does not model, each with a test for Cognito's default (not worth a line). */
const UNMANAGED_CLIENT_FIELDS: Record<string, (value: unknown) => boolean> = {
  AnalyticsConfiguration: () => false,
  EnablePropagateAdditionalUserContextData: (value) => value === false,
};

/** A live client as a file entry; what the entry cannot hold goes to leftOut. */
export function exportedClient(client: LiveClient, leftOut: string[]) {
  const spec = clientSpecFromLive(client);
  const { oauth, readAttributes, writeAttributes, refreshTokenRotation, riskConfiguration, ...rest } = spec;
  const name = spec.name;
  for (const [key, isDefault] of Object.entries(UNMANAGED_CLIENT_FIELDS)) {
    const value = (client as Record<string, unknown>)[key];
    if (value !== undefined && !isDefault(value)) leftOut.push(`client ${name} ${key}: ${UNMANAGED_KEPT}`);
  }
  const oauthOn = oauth.flows.length > 0;
  if (!oauthOn && (client.AllowedOAuthFlows?.length || client.AllowedOAuthScopes?.length)) {
    leftOut.push(`client ${name} oauth.flows and oauth.scopes: OAuth is off for this client, so Cognito does not use them; an update sends none`);
  }
  // OAuth off with URLs kept (a common console state) is written as such, so plan leaves the URLs.
  const { flows: _flows, scopes: _scopes, ...urls } = oauth;
  const keptUrls = urls.callbackUrls.length > 0 || urls.logoutUrls.length > 0 || urls.defaultRedirectUri !== undefined;
  return {
    ...rest,
    ...(oauthOn ? { oauth } : keptUrls ? { oauth: { enabled: false, ...urls } } : {}),
    ...(readAttributes && readAttributes.length > 0 ? { readAttributes } : {}),
    ...(writeAttributes && writeAttributes.length > 0 ? { writeAttributes } : {}),
    // Rotation off is Cognito's default: written only when on.
    ...(refreshTokenRotation?.enabled ? { refreshTokenRotation } : {}),
    // Only a configuration of the client's own: one it inherits is the pool's.
    ...(riskConfiguration && !isNoRiskConfiguration(riskConfiguration) ? { riskConfiguration: riskConfigFromSpec(riskConfiguration) } : {}),
  };
}
