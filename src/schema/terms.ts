import { z } from "zod";

/** The documents Cognito's terms API knows (TermsNameType). */
export const TERMS_NAMES = ["terms-of-use", "privacy-policy"] as const;

/** The languages a link may be given for (LinksType's key pattern, in botocore's cognito-idp model). */
export const TERMS_LANGUAGES = [
  "default",
  "dutch",
  "english",
  "french",
  "spanish",
  "german",
  "bahasa-indonesia",
  "italian",
  "japanese",
  "korean",
  "portuguese-brazil",
  "chinese-simplified",
  "chinese-traditional",
] as const;
const LINK_KEY = new RegExp(`^cognito:(${TERMS_LANGUAGES.join("|")})$`);
// LinkUrlType: letters, marks, symbols, numbers and punctuation; no spaces.
const LINK_URL = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

const linksSchema = z
  .record(
    z.string().regex(LINK_KEY, { message: `must be cognito:LANGUAGE, one of ${TERMS_LANGUAGES.map((l) => `cognito:${l}`).join(", ")}` }),
    z.string().min(1).max(1024).regex(LINK_URL, { message: "must be a URL without spaces" }),
  )
  .refine((links) => Object.keys(links).length >= 1, { message: "needs at least one link; cognito:default is shown for languages without their own" })
  .describe('The document\'s URL by language: { "cognito:default": URL, "cognito:french": URL, ... } (1-13); cognito:default is shown for languages without their own.');

export const termsEntrySchema = z
  .strictObject({
    name: z.enum(TERMS_NAMES).describe("Which document: terms-of-use or privacy-policy."),
    enforcement: z.enum(["NONE"]).default("NONE").describe("How sign-up enforces it; NONE is the only value AWS has today."),
    links: linksSchema,
  })
  .describe("A terms document the client's managed login sign-up page links to (CreateTerms).");

export const termsSchema = z
  .array(termsEntrySchema)
  .max(TERMS_NAMES.length)
  .superRefine((entries, ctx) => {
    entries.forEach((entry, index) => {
      if (entries.findIndex((e) => e.name === entry.name) !== index) ctx.addIssue({ code: "custom", path: [index, "name"], message: `duplicate terms "${entry.name}"; a client has one of each` });
    });
  })
  .describe("The client's terms documents; the whole set (prune.terms). Left out = not managed.");

export type TermsConfig = z.output<typeof termsEntrySchema>;
