import { z } from "zod";
import { awsRegion, fileTags, resourceName, setOf } from "./common.js";
import { TOOL_TAG_PREFIX, TOOL_TAGS } from "./cognito-defaults.js";

const providerRef = z.strictObject({
  userPool: z.string().min(1).describe("Name of a user pool of this file."),
  client: z.string().min(1).describe("Name of a client of that pool."),
});

const policyDocument = z
  .record(z.string(), z.unknown())
  .refine((doc) => doc.Statement !== undefined, { message: "a policy document needs a Statement" })
  .describe("An IAM policy document, written as YAML. Policy variables such as ${cognito-identity.amazonaws.com:sub} pass through.");

const roleSchema = z
  .strictObject({
    name: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[\w+=,.@-]+$/, { message: "may hold letters, digits and + = , . @ - _" })
      .describe("IAM role name; with the stack tag, how the role is found."),
    path: z
      .string()
      .regex(/^\/([\x21-\x7E]*\/)?$/, { message: "must start and end with /" })
      .default("/")
      .describe("IAM path, starting and ending with /. Default /. Immutable: a change replaces the role."),
    description: z.string().max(1000).optional().describe("The role's description in IAM."),
    maxSessionDuration: z.number().int().min(3600).max(43_200).default(3600).describe("Seconds, 3600-43200."),
    inlinePolicies: z
      .record(z.string().regex(/^[\w+=,.@-]{1,128}$/, { message: "must be a policy name (letters, digits, + = , . @ - _)" }), policyDocument)
      .default({})
      .describe("Inline policies: policy name -> IAM policy document. The whole set."),
    managedPolicyArns: setOf(z.string().regex(/^arn:aws(?:-cn|-us-gov)?:iam::(aws|\d{12}):policy\/.+$/, { message: "must be an IAM policy ARN" }))
      .max(20)
      .default([])
      .describe("ARNs of managed policies attached to the role. The whole set."),
    tags: fileTags({ reservedPrefixes: [TOOL_TAG_PREFIX] })
      .default({})
      .describe("Tags on the role; the tool adds cognito-reconcile:stack."),
    ignoreChanges: setOf(z.string().min(1)).default([]).describe("Field paths (as plan shows them, e.g. inlinePolicies.user-data) never diffed and kept as they are live."),
  })
  .describe("An IAM role for the identity pool; its trust policy is generated.");

const ruleSchema = z.strictObject({
  claim: z.string().min(1).max(64).describe("Token claim to test, e.g. cognito:groups."),
  matchType: z.enum(["Equals", "Contains", "StartsWith", "NotEqual"]).describe("How the claim is compared with value."),
  value: z.string().min(1).max(128).describe("Value the claim is compared with."),
  role: z.string().min(1).describe("authenticated, unauthenticated (this pool's roles) or an IAM role ARN."),
});

const roleMappingSchema = z
  .strictObject({
    provider: providerRef.describe("The user pool client whose tokens this mapping applies to."),
    type: z.enum(["Token", "Rules"]).describe("Token (roles from the cognito:roles and cognito:preferred_role claims) or Rules."),
    ambiguousRoleResolution: z
      .enum(["AuthenticatedRole", "Deny"])
      .default("AuthenticatedRole")
      .describe("When no rule or role claim decides: AuthenticatedRole (default) or Deny."),
    rules: z.array(ruleSchema).min(1).max(25).optional().describe("For type Rules: rules tried in order, the first match wins."),
  })
  .refine((m) => (m.type === "Rules") === (m.rules !== undefined), { message: "type Rules needs rules, and only Rules takes them" });

export const identityPoolSchema = z
  .strictObject({
    name: resourceName("Identity pool name; with the stack tag, how the identity pool is found."),
    region: awsRegion.optional().describe("Overrides the file's region for this identity pool."),
    allowUnauthenticated: z.boolean().default(false).describe("Give guests (unauthenticated identities) credentials. Default false."),
    classicFlow: z.boolean().default(false).describe("false = enhanced (simplified) flow only."),
    providers: z
      .array(providerRef.extend({ serverSideTokenCheck: z.boolean().default(false).describe("Check with the user pool that the user is not signed out globally or deleted. Default false.") }))
      .default([])
      .describe("User pool clients whose tokens this identity pool accepts."),
    roles: z
      .strictObject({
        authenticated: roleSchema.optional(),
        unauthenticated: roleSchema.optional(),
      })
      .optional()
      .describe("The IAM roles the identity pool gives to authenticated and unauthenticated identities; a role left out is not attached."),
    ignoreChanges: setOf(z.string().min(1)).default([]).describe("Field paths (as plan shows them, e.g. providers) never diffed and kept as they are live."),
    roleMappings: z.array(roleMappingSchema).optional().describe("Role mappings per provider; left out = not managed, present = the whole set."),
    tags: fileTags({ reservedPrefixes: [TOOL_TAG_PREFIX], toolTags: TOOL_TAGS.identityPool })
      .default({})
      .describe("Tags on the identity pool; the tool adds cognito-reconcile:stack and cognito-reconcile:created."),
  })
  .superRefine((pool, ctx) => {
    if (pool.roles?.unauthenticated && !pool.allowUnauthenticated) {
      ctx.addIssue({ code: "custom", path: ["roles", "unauthenticated"], message: "an unauthenticated role needs allowUnauthenticated: true" });
    }
  })
  .describe("A Cognito identity pool with its IAM roles.");

export type IdentityPoolConfig = z.output<typeof identityPoolSchema>;
export type RoleConfig = z.output<typeof roleSchema>;
