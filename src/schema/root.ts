import { z } from "zod";
import { awsRegion } from "./common.js";
import { identityPoolSchema } from "./identity-pool.js";
import { userPoolSchema } from "./user-pool.js";

export const desiredStateSchema = z
  .strictObject({
    version: z.literal(1, { message: "must be 1 (the only file format version)" }).describe("File format version; must be 1."),
    stack: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9_.:/=+@-]+$/, { message: "may hold letters, digits and _ . : / = + @ -" })
      .describe("Ownership scope, written as the tag cognito-reconcile:stack on everything the file creates."),
    region: awsRegion.optional().describe("Default region; otherwise the AWS SDK's chain (AWS_REGION, profile)."),
    userPools: z.array(userPoolSchema).default([]).describe("The Cognito user pools this file manages."),
    identityPools: z.array(identityPoolSchema).default([]).describe("The Cognito identity pools this file manages, with their IAM roles."),
  })
  .describe("cognito-reconcile desired state");

export type DesiredState = z.output<typeof desiredStateSchema>;
