import { z } from "zod";
import { COGNITO_LIMITS } from "./cognito-defaults.js";

/** Patterns for the ARNs the file may hold; AWS checks them too, but only at apply time. */
export const ARN_PARTITION = "arn:aws(?:-cn|-us-gov|-iso|-iso-b)?";
export const lambdaArn = z
  .string()
  .regex(new RegExp(`^${ARN_PARTITION}:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$-]+)?$`), {
    message: "must be a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)",
  });
export const iamRoleArn = z
  .string()
  .regex(new RegExp(`^${ARN_PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`), {
    message: "must be an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)",
  });
export const sesIdentityArn = z
  .string()
  .regex(new RegExp(`^${ARN_PARTITION}:ses:[a-z0-9-]+:\\d{12}:identity/.+$`), {
    message: "must be an SES identity ARN (arn:aws:ses:REGION:ACCOUNT:identity/NAME)",
  });
export const kmsKeyArn = z
  .string()
  .regex(new RegExp(`^${ARN_PARTITION}:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+$`), {
    message: "must be a KMS key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)",
  });
export const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, { message: "must be an AWS region such as us-east-1" });

/** Lists that AWS treats as sets: order does not matter, a repeated entry is an error. */
export function setOf<T extends z.ZodType>(item: T) {
  return z.array(item).refine((items) => new Set(items.map((i) => JSON.stringify(i))).size === items.length, {
    message: "an entry is listed twice",
  });
}

/** Names of pools, identity pools and clients: the characters Cognito accepts, 1-128 long. */
export function resourceName(description: string) {
  return z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\w\s+=,.@-]+$/, { message: "may hold letters, digits, spaces and + = , . @ - _" })
    .describe(description);
}

/**
 * A file's tags on something the tool tags too: AWS's key and value sizes, no key under a reserved
 * prefix (the tool's own, and for Cognito pools also aws:), and, where the tool writes `toolTags`
 * tags of its own, room for them within AWS's limit.
 */
export function fileTags(options: { reservedPrefixes: readonly string[]; toolTags?: number }) {
  const toolTags = options.toolTags ?? 0;
  const limit = COGNITO_LIMITS.tags - toolTags;
  const record = z.record(z.string().min(1).max(128), z.string().max(256));
  const counted = toolTags > 0 ? record.refine((tags) => Object.keys(tags).length <= limit, { message: `at most ${limit} tags (the tool writes ${toolTags})` }) : record;
  return counted.refine((tags) => !Object.keys(tags).some((k) => options.reservedPrefixes.some((prefix) => k.startsWith(prefix))), {
    message: `tag keys may not start with ${options.reservedPrefixes.join(" or ")} (the tool writes those)`,
  });
}
