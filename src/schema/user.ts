import { z } from "zod";
import { setOf } from "./common.js";

/**
 * A user. Only the attributes the file names are managed; a declared value of null means "this
 * attribute must not be set". The temporary password is used once, at creation, and never shown.
 */
export const userSchema = z
  .strictObject({
    username: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, { message: "may not contain spaces" })
      .describe("The username; in a pool that signs in with email or phone_number, that email or phone number."),
    renamedFrom: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe(
        "The user's previous username, in a pool that signs in with email or phone_number: the same user (same sub, groups and password) gets the new email or number.",
      ),
    attributes: z
      .record(
        z.string().regex(/^(custom:)?[\w-]{1,32}$/, { message: "must be an attribute name such as email or custom:tenant" }),
        z.union([z.string().max(2048), z.boolean(), z.null()]),
      )
      .default({})
      .describe("Attribute values (booleans such as email_verified may be written true/false); only these names are managed."),
    groups: setOf(z.string().min(1)).optional().describe("Every group the user is in; left out = memberships not managed."),
    enabled: z.boolean().default(true).describe("false = the user cannot sign in. Default true."),
    temporaryPassword: z.string().min(6).max(256).optional().describe("Used only when the user is created; use ${env:...}. Never printed."),
    ignoreChanges: setOf(z.string().min(1)).default([]).describe("Field paths (as plan shows them, e.g. oauth.callbackUrls) never diffed and kept as they are live."),
    invitation: z
      .enum(["suppress", "email", "sms"])
      .optional()
      .describe("How the invitation is sent at creation: suppress, email or sms (default: email when the user has an email, else sms)."),
  })
  .describe("A user of the pool.");

export type UserConfig = z.output<typeof userSchema>;
