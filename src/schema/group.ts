import { z } from "zod";
import { iamRoleArn, setOf } from "./common.js";

/**
 * A user pool group. A field left out is not managed (AWS has no way to clear a group's precedence
 * or role once set), so it is neither diffed nor changed.
 */
export const groupSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, { message: "must be letters, digits or punctuation, without spaces" })
      .describe("Group name, unique in the pool."),
    description: z.string().max(2048).optional().describe("Free text shown in the console."),
    precedence: z
      .number()
      .int()
      .min(0)
      .max(2_147_483_647)
      .optional()
      .describe("Lower wins when a user is in several groups with roles (the cognito:preferred_role claim)."),
    roleArn: iamRoleArn.optional().describe("IAM role that identity pools may give this group's members."),
    ignoreChanges: setOf(z.string().min(1)).default([]).describe("Field paths (as plan shows them, e.g. oauth.callbackUrls) never diffed and kept as they are live."),
  })
  .describe("A user pool group.");

export type GroupConfig = z.output<typeof groupSchema>;
