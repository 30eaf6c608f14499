import { z } from "zod";

export const resourceServerSchema = z
  .strictObject({
    identifier: z
      .string()
      .min(1)
      .max(256)
      .regex(/^[\x21\x23-\x5B\x5D-\x7E]+$/, { message: "may not contain spaces, quotes or backslashes" })
      .describe("Unique identifier, usually the API's URL; scopes are named IDENTIFIER/SCOPE. Immutable."),
    name: z.string().min(1).max(256).regex(/^[\w\s+=,.@-]+$/, { message: "may hold letters, digits, spaces and + = , . @ - _" }),
    scopes: z
      .array(
        z.strictObject({
          name: z
            .string()
            .min(1)
            .max(256)
            .regex(/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/, { message: "may not contain spaces, quotes, / or backslashes" }),
          description: z.string().min(1).max(256),
        }),
      )
      .max(100)
      .default([])
      .describe("Custom scopes (at most 100); UpdateResourceServer always sends the whole list."),
  })
  .describe("An OAuth 2.0 resource server with custom scopes.");

export type ResourceServerConfig = z.output<typeof resourceServerSchema>;
