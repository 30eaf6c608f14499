import { z } from "zod";
import { brandingSchema } from "./branding.js";
import { resourceName, setOf } from "./common.js";
import { durationSchema, durationSeconds } from "./duration.js";
import { riskConfigurationSchema } from "./risk-configuration.js";
import { termsSchema } from "./terms.js";
import { uiCustomizationSchema } from "./ui-customization.js";

export const AUTH_FLOWS = [
  "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  "ALLOW_CUSTOM_AUTH",
  "ALLOW_USER_PASSWORD_AUTH",
  "ALLOW_USER_SRP_AUTH",
  "ALLOW_REFRESH_TOKEN_AUTH",
  "ALLOW_USER_AUTH",
] as const;

/**
 * Pre-2019 names AWS still returns for clients made with them. They stay valid so such a client
 * can be declared (and exported) as it is, but AWS refuses them next to any ALLOW_ name.
 */
export const LEGACY_AUTH_FLOWS = ["ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"] as const;

/** The ALLOW_ name that took over each legacy name, for the message that refuses a mix. */
const LEGACY_SUCCESSOR: Record<(typeof LEGACY_AUTH_FLOWS)[number], string> = {
  ADMIN_NO_SRP_AUTH: "ALLOW_ADMIN_USER_PASSWORD_AUTH",
  USER_PASSWORD_AUTH: "ALLOW_USER_PASSWORD_AUTH",
  CUSTOM_AUTH_FLOW_ONLY: "ALLOW_CUSTOM_AUTH",
};

const isLegacyFlow = (flow: string): flow is (typeof LEGACY_AUTH_FLOWS)[number] => (LEGACY_AUTH_FLOWS as readonly string[]).includes(flow);

/** Scopes Cognito defines itself; any other scope names a resource server: IDENTIFIER/SCOPE. */
export const BUILT_IN_SCOPES = ["openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"] as const;

const url = z
  .string()
  .max(1024)
  .refine((u) => /^https:\/\/\S+$/.test(u) || /^http:\/\/localhost(:\d+)?(\/\S*)?$/.test(u) || /^[a-z][a-z0-9+.-]*:\/\/\S+$/.test(u), {
    message: "must be an https:// URL (http:// only for localhost) or an app scheme such as myapp://callback",
  })
  .refine((u) => !u.includes("#"), { message: "may not contain a fragment (#)" });

const ONLY_WHILE_ON = "apply only while OAuth is on; leave them out or set enabled: true";

const oauthSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe("false = OAuth off for this client while its callback and logout URLs are kept (flows and scopes then left out). Default true."),
    flows: setOf(z.enum(["code", "implicit", "client_credentials"])).default([]).describe("code, implicit or client_credentials (alone); required while OAuth is on."),
    scopes: setOf(z.string().min(1).max(256)).max(50).default([]).describe("openid, email, phone, profile, aws.cognito.signin.user.admin or IDENTIFIER/SCOPE."),
    callbackUrls: setOf(url).max(100).default([]).describe("Allowed redirect URLs after sign-in; the code and implicit flows need one."),
    logoutUrls: setOf(url).max(100).default([]).describe("Allowed redirect URLs after sign-out."),
    defaultRedirectUri: url.optional().describe("One of callbackUrls."),
  })
  .superRefine((o, ctx) => {
    if (o.defaultRedirectUri !== undefined && !o.callbackUrls.includes(o.defaultRedirectUri)) {
      ctx.addIssue({ code: "custom", path: ["defaultRedirectUri"], message: "must be one of callbackUrls" });
    }
    if (!o.enabled) {
      // AWS keeps no flows or scopes for a client whose OAuth is off; the file says so too.
      if (o.flows.length > 0) ctx.addIssue({ code: "custom", path: ["flows"], message: ONLY_WHILE_ON });
      if (o.scopes.length > 0) ctx.addIssue({ code: "custom", path: ["scopes"], message: ONLY_WHILE_ON });
      return;
    }
    if (o.flows.length === 0) {
      ctx.addIssue({ code: "custom", path: ["flows"], message: "is required while OAuth is on: code, implicit or client_credentials (or set enabled: false)" });
    }
    if (o.flows.includes("client_credentials") && o.flows.length > 1) {
      ctx.addIssue({ code: "custom", path: ["flows"], message: "client_credentials cannot be combined with code or implicit" });
    }
    if ((o.flows.includes("code") || o.flows.includes("implicit")) && o.callbackUrls.length === 0) {
      ctx.addIssue({ code: "custom", path: ["callbackUrls"], message: "the code and implicit flows need at least one callback URL" });
    }
    if (o.scopes.length === 0) {
      ctx.addIssue({ code: "custom", path: ["scopes"], message: "OAuth needs at least one scope" });
    }
  })
  .describe("OAuth 2.0 settings; left out = OAuth off for this client and no callback or logout URLs.");

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

export const clientSchema = z
  .strictObject({
    name: resourceName("Client name, unique in the pool; how the client is found."),
    generateSecret: z.boolean().default(false).describe("Immutable: changing it replaces the client (new id and secret)."),
    authFlows: setOf(z.enum([...AUTH_FLOWS, ...LEGACY_AUTH_FLOWS]))
      .default(["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"])
      .describe("Exactly the authentication flows allowed. Legacy names (ADMIN_NO_SRP_AUTH, ...) only without ALLOW_ names."),
    oauth: oauthSchema.optional(),
    identityProviders: setOf(z.string().min(1).max(32)).default(["COGNITO"]).describe("COGNITO and/or names of the pool's identity providers."),
    tokenValidity: z
      .strictObject({
        accessToken: durationSchema({ min: 5 * MINUTE, max: DAY }).default("1h").describe("Access token lifetime, 5m-1d. Default 1h."),
        idToken: durationSchema({ min: 5 * MINUTE, max: DAY }).default("1h").describe("ID token lifetime, 5m-1d. Default 1h."),
        refreshToken: durationSchema({ min: HOUR, max: 3650 * DAY }).default("30d").describe("Refresh token lifetime, 1h-3650d. Default 30d."),
      })
      .prefault({})
      .describe("Token lifetimes as durations (5m-1d for access and ID tokens, 1h-3650d for refresh)."),
    readAttributes: setOf(z.string().min(1)).optional().describe("Attributes the client may read; left out = not managed."),
    writeAttributes: setOf(z.string().min(1)).optional().describe("Attributes the client may write; left out = not managed."),
    preventUserExistenceErrors: z.boolean().default(false).describe("true = ENABLED, false = LEGACY (Cognito's API default)."),
    enableTokenRevocation: z.boolean().default(true).describe("Allow revoking refresh tokens. Default true."),
    ignoreChanges: setOf(z.string().min(1)).default([]).describe("Field paths (as plan shows them, e.g. oauth.callbackUrls) never diffed and kept as they are live."),
    refreshTokenRotation: z
      .strictObject({
        enabled: z.boolean().default(true).describe("Issue a new refresh token with each refresh. Default true."),
        retryGracePeriod: durationSchema({ min: 0, max: MINUTE }).default("0s").describe("How long the old refresh token still works, 0s-60s. Default 0s (none)."),
      })
      .optional()
      .describe("Refresh token rotation (RefreshTokenRotation); left out = not managed."),
    riskConfiguration: riskConfigurationSchema
      .optional()
      .describe("The client's own risk configuration instead of the pool's (SetRiskConfiguration with ClientId); needs the PLUS plan. {} = none of its own (the pool's applies); left out = not managed."),
    terms: termsSchema.optional(),
    secretRotation: z
      .strictObject({
        maxAge: durationSchema({ min: DAY, max: 3650 * DAY }).describe("Add a new secret when the newest is older than this (1d-3650d)."),
        // At least an hour: apply checks the live state right after adding a secret, and a shorter
        // overlap would already want the older one retired then (and leave applications no time).
        overlap: durationSchema({ min: HOUR, max: 3650 * DAY }).describe("Delete older secrets once a newer one has existed this long (1h or more, shorter than maxAge)."),
      })
      .optional()
      .describe("Rotate the client secret: at most two at once (AddUserPoolClientSecret); needs generateSecret: true. Left out = secrets are left as they are."),
    uiCustomization: uiCustomizationSchema
      .nullable()
      .optional()
      .describe("The classic hosted UI's css and logo files of this client, instead of the pool's (SetUICustomization with its ClientId); null or {} = none of its own; left out = not managed."),
    authSessionValidity: durationSchema({ min: 3 * MINUTE, max: 15 * MINUTE, whole: "m" }).default("3m").describe("How long a sign-in session token lasts (3m-15m, whole minutes: AWS stores minutes)."),
    // Managed login branding: its own kind (branding), owned by the client.
    branding: brandingSchema.nullable().optional(),
  })
  .superRefine((client, ctx) => {
    const legacy = client.authFlows.filter(isLegacyFlow);
    if (legacy.length > 0 && legacy.length < client.authFlows.length) {
      ctx.addIssue({
        code: "custom",
        path: ["authFlows"],
        message: `mixes legacy names (${legacy.join(", ")}) with ALLOW_ names, which AWS refuses; use only ALLOW_ names (${[...legacy.map((f) => LEGACY_SUCCESSOR[f]), ...client.authFlows].filter((f, i, all) => f.startsWith("ALLOW_") && all.indexOf(f) === i).join(", ")})`,
      });
    }
    // Developer guide, refresh tokens: "You can't authenticate with REFRESH_TOKEN_AUTH in app clients
    // with refresh token rotation enabled" (they refresh with GetTokensFromRefreshToken).
    if (client.refreshTokenRotation?.enabled && client.authFlows.includes("ALLOW_REFRESH_TOKEN_AUTH")) {
      ctx.addIssue({
        code: "custom",
        path: ["authFlows"],
        message: "ALLOW_REFRESH_TOKEN_AUTH does not work with refreshTokenRotation enabled (rotating clients refresh with GetTokensFromRefreshToken); remove it",
      });
    }
    if (client.secretRotation && !client.generateSecret) {
      ctx.addIssue({ code: "custom", path: ["secretRotation"], message: "rotates the client secret, so the client needs generateSecret: true" });
    }
    const rotation = client.secretRotation;
    if (rotation && (durationSeconds(rotation.overlap) ?? 0) >= (durationSeconds(rotation.maxAge) ?? 0)) {
      // Two secrets at most: a new one is added only once the older is retired, which needs overlap < maxAge.
      ctx.addIssue({ code: "custom", path: ["secretRotation", "overlap"], message: `must be shorter than maxAge (${rotation.maxAge}): a client holds at most two secrets, so the older must be retired before the next is added` });
    }
    if (client.oauth?.flows.includes("client_credentials") && !client.generateSecret) {
      ctx.addIssue({ code: "custom", path: ["generateSecret"], message: "the client_credentials flow needs generateSecret: true" });
    }
  })
  .describe("An app client.");

export type ClientConfig = z.output<typeof clientSchema>;
