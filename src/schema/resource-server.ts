import { z } from "zod";
import { setOf } from "./common.js";

export const resourceServerSchema = z
  .strictObject({
    identifier: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, { message: "may not contain spaces, quotes or backslashes" })
      .describe("Unique identifier, usually the API's URL; scopes are named IDENTIFIER/SCOPE. Immutable."),
    name: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[\w\s+=,.@-]+$/, { message: "may hold letters, digits, spaces and + = , . @ - _" })
      .describe("Display name of the resource server."),
    ignoreChanges: setOf(z.string().min(1)).default([]).describe("Field paths (as plan shows them, e.g. oauth.callbackUrls) never diffed and kept as they are live."),
    scopes: z
      .array(
        z.strictObject({
          name: z
            .string()
            .min(1)
            .max(256)
            .regex(/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/, { message: "may not contain spaces, quotes, / or backslashes" })
            .describe("Scope name; clients name it IDENTIFIER/NAME."),
          description: z.string().min(1).max(256).describe("What the scope allows."),
        }),
      )
      .max(100)
      .default([])
      .describe("Custom scopes (at most 100); UpdateResourceServer always sends the whole list."),
  })
  .describe("An OAuth 2.0 resource server with custom scopes.");

export type ResourceServerConfig = z.output<typeof resourceServerSchema>;
