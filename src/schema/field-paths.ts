import { DESTINATIONS } from "./log-delivery.js";
import { NOTIFY_EMAILS, TAKEOVER_LEVELS } from "./risk-configuration.js";
import { TRIGGER_NAMES } from "./user-pool.js";

/** The fields of a risk configuration, the pool's (kind riskConfiguration) and a client's (below riskConfiguration). */
const RISK_CONFIGURATION_PATHS = [
  "compromisedCredentials.action",
  "compromisedCredentials.events",
  ...["sourceArn", "from", "replyTo"].map((k) => `accountTakeover.notify.${k}`),
  ...NOTIFY_EMAILS.flatMap((email) => ["subject", "htmlBody", "textBody"].map((k) => `accountTakeover.notify.${email}.${k}`)),
  ...TAKEOVER_LEVELS.flatMap((level) => ["notify", "eventAction"].map((k) => `accountTakeover.actions.${level}.${k}`)),
  "ipRanges.alwaysAllow",
  "ipRanges.alwaysBlock",
];

/**
 * Every field path plan can show for a kind, in the plan's vocabulary: what `ignoreChanges` may
 * name. `*` stands for any one key (a tag, an attribute, a policy name). A path is valid when it is
 * one of these or leads to one (a section such as `oauth` names everything below it).
 */
export const FIELD_PATHS = {
  userPool: [
    "deletionProtection",
    "featurePlan",
    "signInPolicy.firstFactors",
    ...["relyingPartyId", "userVerification", "factorConfiguration"].map((k) => `passkeys.${k}`),
    ...["mode", "customAuthMode"].map((k) => `threatProtection.${k}`),
    ...["challengeOnNewDevice", "rememberOnlyOnUserPrompt"].map((k) => `deviceTracking.${k}`),
    ...["usernameAttributes", "aliasAttributes", "caseSensitive"].map((k) => `signIn.${k}`),
    ...["minimumLength", "requireNumbers", "requireSymbols", "requireUppercase", "requireLowercase", "temporaryPasswordValidityDays"].map((k) => `passwordPolicy.${k}`),
    ...["mode", "totp", "sms", "email.subject", "email.message"].map((k) => `mfa.${k}`),
    "accountRecovery",
    ...["selfService", "autoVerify", "keepOriginalAttributeUntilVerified"].map((k) => `signUp.${k}`),
    ...["emailSubject", "emailMessage", "smsMessage"].map((k) => `signUp.invitationMessage.${k}`),
    ...["defaultEmailOption", "emailSubject", "emailMessage", "emailSubjectByLink", "emailMessageByLink", "smsMessage"].map((k) => `signUp.verificationMessage.${k}`),
    "attributes.required",
    ...["type", "mutable", "minLength", "maxLength", "minValue", "maxValue"].map((k) => `attributes.custom.*.${k}`),
    ...["sendingAccount", "sourceArn", "from", "replyTo", "configurationSet"].map((k) => `email.${k}`),
    ...["snsCallerArn", "externalId", "snsRegion"].map((k) => `sms.${k}`),
    ...TRIGGER_NAMES.map((t) => `triggers.${t}`),
    ...["preTokenGeneration", "customEmailSender", "customSmsSender"].flatMap((t) => ["lambdaArn", "version"].map((k) => `triggers.${t}.${k}`)),
    "triggers.kmsKeyId",
    "tags.*",
  ],
  client: [
    "generateSecret",
    "authFlows",
    ...["enabled", "flows", "scopes", "callbackUrls", "logoutUrls", "defaultRedirectUri"].map((k) => `oauth.${k}`),
    "identityProviders",
    ...["accessToken", "idToken", "refreshToken"].map((k) => `tokenValidity.${k}`),
    "readAttributes",
    "writeAttributes",
    "preventUserExistenceErrors",
    "enableTokenRevocation",
    "authSessionValidity",
    "refreshTokenRotation.enabled",
    "refreshTokenRotation.retryGracePeriod",
    ...RISK_CONFIGURATION_PATHS.map((p) => `riskConfiguration.${p}`),
  ],
  riskConfiguration: RISK_CONFIGURATION_PATHS,
  // An entry of logDelivery names its own fields; plan shows them under its eventSource.
  logDelivery: ["logLevel", ...DESTINATIONS],
  group: ["description", "precedence", "roleArn"],
  resourceServer: ["name", "scopes.*"],
  identityProvider: ["type", "details.*", "clientSecret", "attributeMapping.*", "idpIdentifiers"],
  user: ["attributes.*", "enabled", "groups"],
  identityPool: [
    "allowUnauthenticated",
    "classicFlow",
    // Providers and role mappings are keyed by the file's names, `USERPOOL/CLIENT`.
    "providers.*.serverSideTokenCheck",
    "roles.authenticated",
    "roles.unauthenticated",
    ...["type", "ambiguousRoleResolution", "rules"].map((k) => `roleMappings.*.${k}`),
    "tags.*",
  ],
  iamRole: ["path", "description", "maxSessionDuration", "trustPolicy", "inlinePolicies.*", "managedPolicyArns", "tags.*"],
} as const satisfies Record<string, readonly string[]>;

export type FieldPathKind = keyof typeof FIELD_PATHS;

/**
 * The sections of a pool entry that take ignoreChanges, by the file's key, with their kind: each
 * item of a list, or the section itself for a kind of one a pool (riskConfiguration).
 */
export const POOL_CHILD_SECTIONS = {
  clients: "client",
  groups: "group",
  resourceServers: "resourceServer",
  identityProviders: "identityProvider",
  users: "user",
  riskConfiguration: "riskConfiguration",
  logDelivery: "logDelivery",
} as const satisfies Record<string, FieldPathKind>;

/**
 * Whether `path` is `pattern` or leads to it. A `*` is one segment; a `USERPOOL/CLIENT` key (it
 * holds a `/`) may also span several, since pool and client names may hold dots: `My.Pool/Web`.
 * Offline, `Pool/Web.v2` cannot be told from a field of `Pool/Web`, so a dotted client name counts
 * only with a field after it.
 */
function leadsTo(path: readonly string[], pattern: readonly string[]): boolean {
  if (path.length === 0) return true;
  const [want, ...rest] = pattern;
  if (want === undefined) return false;
  if (want !== "*") return path[0] === want && leadsTo(path.slice(1), rest);
  if (leadsTo(path.slice(1), rest)) return true;
  if (!path[0]!.includes("/") && !path.slice(1).some((s) => s.includes("/"))) return false;
  for (let end = 2; end <= path.length; end++) {
    if (!path.slice(0, end).join(".").includes("/")) continue;
    // A key that ends the path ends with its client's name: `My.Pool/Web`. A client name with a
    // dot is taken only with a field after it (`Pool/Web.v2.rules`), so `Pool/Web.rulez` is refused.
    if (end === path.length && !path[end - 1]!.includes("/")) continue;
    if (leadsTo(path.slice(end), rest)) return true;
  }
  return false;
}

/** Whether plan can show `path` for this kind (or something below it). */
export function isFieldPath(kind: FieldPathKind, path: string): boolean {
  const segments = path.split(".");
  if (segments.some((s) => s.length === 0)) return false;
  return FIELD_PATHS[kind].some((pattern) => leadsTo(segments, pattern.split(".")));
}
