import { z } from "zod";

const RESERVED = /aws|amazon|cognito/;

export const domainSchema = z
  .strictObject({
    prefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { message: "must be lowercase letters, digits and hyphens (1-63), not starting or ending with -" })
      .refine((p) => !RESERVED.test(p), { message: "may not contain aws, amazon or cognito" })
      .optional()
      .describe("Prefix of the Cognito-hosted domain PREFIX.auth.REGION.amazoncognito.com."),
    custom: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, { message: "must be a lowercase host name such as auth.example.com" })
      .optional()
      .describe("Your own domain; needs certificateArn."),
    certificateArn: z
      .string()
      .regex(/^arn:aws(?:-cn|-us-gov)?:acm:us-east-1:\d{12}:certificate\/[\w-]+$/, { message: "must be an ACM certificate ARN in us-east-1 (CloudFront requires that region)" })
      .optional()
      .describe("ACM certificate for the custom domain, in us-east-1."),
    // Left out, the version is not managed: a live domain keeps its own and a new one gets
    // Cognito's default, so a file written before this field existed never moves login pages.
    managedLoginVersion: z
      .literal([1, 2])
      .optional()
      .describe("1 = the classic hosted UI, 2 = managed login (needs the ESSENTIALS or PLUS plan); changed in place. Left out = not managed."),
  })
  .refine((d) => (d.prefix === undefined) !== (d.custom === undefined), { message: "set exactly one of prefix or custom" })
  .refine((d) => (d.custom === undefined) === (d.certificateArn === undefined), { message: "certificateArn goes with custom, and custom needs it" })
  .describe("The hosted domain; changing its name deletes the old one and creates the new one. null = no domain.");

export type DomainConfig = z.output<typeof domainSchema>;
