import { z } from "zod";
import { setOf } from "./common.js";

export const IDP_TYPES = ["Google", "Facebook", "LoginWithAmazon", "SignInWithApple", "OIDC", "SAML"] as const;
const SOCIAL = new Set<string>(["Google", "Facebook", "LoginWithAmazon", "SignInWithApple"]);

/** The ProviderDetails key the secret goes into; SAML has none. */
export function secretDetailKey(type: string): string | undefined {
  if (type === "SAML") return undefined;
  return type === "SignInWithApple" ? "private_key" : "client_secret";
}

export const identityProviderSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(32)
      .regex(/^[^_\s][^\s]*$/u, { message: "may not start with _ or contain spaces" })
      .describe("Provider name; for Google, Facebook, LoginWithAmazon and SignInWithApple it must equal the type."),
    type: z.enum(IDP_TYPES).describe("Google, Facebook, LoginWithAmazon, SignInWithApple, OIDC or SAML. A change replaces the provider."),
    details: z
      .record(z.string(), z.string())
      .default({})
      .describe("ProviderDetails (client_id, authorize_scopes, oidc_issuer, MetadataURL, ...). Keys Cognito fills in itself are not compared."),
    clientSecret: z.string().min(1).optional().describe("The provider's client secret (SignInWithApple: the private key). Never printed or stored."),
    attributeMapping: z.record(z.string(), z.string()).default({}).describe("User pool attribute -> provider attribute."),
    ignoreChanges: setOf(z.string().min(1)).default([]).describe("Field paths (as plan shows them, e.g. oauth.callbackUrls) never diffed and kept as they are live."),
    idpIdentifiers: z.array(z.string().min(1).max(40)).max(50).default([]).describe("Other identifiers users may type to pick this provider (e.g. an email domain)."),
  })
  .superRefine((idp, ctx) => {
    if (SOCIAL.has(idp.type) && idp.name !== idp.type) {
      ctx.addIssue({ code: "custom", path: ["name"], message: `a ${idp.type} provider must be named "${idp.type}"` });
    }
    const secretKey = secretDetailKey(idp.type);
    if (secretKey && idp.details[secretKey] !== undefined) {
      ctx.addIssue({ code: "custom", path: ["details", secretKey], message: `put the secret in clientSecret (from \${env:...}), not in details, so it is never printed` });
    }
    if (idp.type === "SAML" && idp.clientSecret !== undefined) {
      ctx.addIssue({ code: "custom", path: ["clientSecret"], message: "SAML providers have no client secret" });
    }
    if (idp.type === "SAML" && idp.details.MetadataURL === undefined && idp.details.MetadataFile === undefined) {
      ctx.addIssue({ code: "custom", path: ["details"], message: "a SAML provider needs details.MetadataURL or details.MetadataFile" });
    }
    if (idp.type !== "SAML" && idp.details.client_id === undefined) {
      ctx.addIssue({ code: "custom", path: ["details"], message: `a ${idp.type} provider needs details.client_id` });
    }
  })
  .describe("A federated identity provider.");

export type IdentityProviderConfig = z.output<typeof identityProviderSchema>;
