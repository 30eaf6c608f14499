import { z } from "zod";
import { sesIdentityArn, setOf } from "./common.js";

/**
 * Threat protection's risk configuration (SetRiskConfiguration), one shape for a pool and for an
 * app client. Constraints from the API model (RiskConfigurationType and its members). Each of the
 * three sections left out is not set: SetRiskConfiguration replaces the whole configuration, and a
 * part the request does not carry is removed. `{}` = no configuration (a pool back to Cognito's
 * defaults, a client back to its pool's).
 */

export const EVENT_FILTERS = ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"] as const;
export const TAKEOVER_LEVELS = ["low", "medium", "high"] as const;
export const NOTIFY_EMAILS = ["blockEmail", "mfaEmail", "noActionEmail"] as const;

/** At most this many ranges in each IP list (BlockedIPRangeListType, SkippedIPRangeListType). */
const MAX_IP_RANGES = 200;

// EmailNotificationSubjectType and EmailNotificationBodyType: letters, marks, symbols, digits, punctuation, space (and * in a body).
const subjectText = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\s]+$/u;
const bodyText = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\s*]+$/u;
const TEXT_MESSAGE = { message: "may hold letters, digits, symbols, punctuation and spaces" };

const cidr = z
  .string()
  .refine((range) => z.cidrv4().safeParse(range).success || z.cidrv6().safeParse(range).success, {
    message: "must be an IP range in CIDR notation, such as 10.0.0.0/8 or 192.0.2.10/32",
  });

const compromisedCredentialsSchema = z
  .strictObject({
    action: z.enum(["BLOCK", "NO_ACTION"]).describe("What Cognito does with a sign-in or password change using a compromised password: BLOCK or NO_ACTION (EventAction)."),
    events: setOf(z.enum(EVENT_FILTERS))
      .min(1)
      .default([...EVENT_FILTERS])
      .describe("The events checked for compromised credentials (EventFilter): SIGN_IN, PASSWORD_CHANGE, SIGN_UP. Default all three, as Cognito's."),
  })
  .describe("Compromised-credentials detection (CompromisedCredentialsRiskConfiguration); left out = not set.");

const notifyEmailSchema = (when: string) =>
  z
    .strictObject({
      subject: z.string().min(1).max(140).regex(subjectText, TEXT_MESSAGE).describe("Subject of the email, 1-140 characters."),
      htmlBody: z.string().min(6).max(20_000).regex(bodyText, TEXT_MESSAGE).optional().describe("Body as HTML, 6-20,000 characters."),
      textBody: z.string().min(6).max(20_000).regex(bodyText, TEXT_MESSAGE).optional().describe("Body as plain text, 6-20,000 characters."),
    })
    .describe(`The email sent to a user when ${when} (NotifyEmailType).`);

const notifySchema = z
  .strictObject({
    sourceArn: sesIdentityArn.describe("The SES identity Cognito sends the notifications from (SourceArn)."),
    from: z.string().min(1).max(131_072).optional().describe("The sender address; verified in SES, or of a domain verified in SES."),
    replyTo: z.string().min(1).max(131_072).optional().describe("The reply-to address."),
    blockEmail: notifyEmailSchema("a risky sign-in was blocked").optional(),
    mfaEmail: notifyEmailSchema("a risky sign-in was challenged with MFA").optional(),
    noActionEmail: notifyEmailSchema("a risky sign-in was let through").optional(),
  })
  .describe("How users are notified of risky sign-ins (NotifyConfiguration); left out = none.");

const takeoverActionSchema = (level: string) =>
  z
    .strictObject({
      notify: z.boolean().describe("Whether the user is sent a notification email (Notify)."),
      eventAction: z
        .enum(["BLOCK", "MFA_IF_CONFIGURED", "MFA_REQUIRED", "NO_ACTION"])
        .describe("BLOCK, MFA_IF_CONFIGURED (MFA when the user can do it, else allow), MFA_REQUIRED (MFA, else block) or NO_ACTION (EventAction)."),
    })
    .describe(`What Cognito does with a sign-in of ${level} risk; left out = not set.`);

const accountTakeoverSchema = z
  .strictObject({
    notify: notifySchema.optional(),
    actions: z
      .strictObject({
        low: takeoverActionSchema("low").optional(),
        medium: takeoverActionSchema("medium").optional(),
        high: takeoverActionSchema("high").optional(),
      })
      .describe("The action for each risk level (AccountTakeoverActionsType)."),
  })
  .describe("Adaptive authentication (AccountTakeoverRiskConfiguration); left out = not set.");

const ipRangesSchema = z
  .strictObject({
    alwaysAllow: setOf(cidr).max(MAX_IP_RANGES).default([]).describe("IP ranges (CIDR) never evaluated for risk (SkippedIPRangeList), at most 200."),
    alwaysBlock: setOf(cidr).max(MAX_IP_RANGES).default([]).describe("IP ranges (CIDR) always blocked (BlockedIPRangeList), at most 200."),
  })
  .describe("Risk exceptions by IP range (RiskExceptionConfiguration); left out = none.");

/** The settings, as a client declares them (its own ignoreChanges names `riskConfiguration.*`). */
export const riskConfigurationSchema = z
  .strictObject({
    compromisedCredentials: compromisedCredentialsSchema.optional(),
    accountTakeover: accountTakeoverSchema.optional(),
    ipRanges: ipRangesSchema.optional(),
  })
  .describe("Threat protection's risk configuration (SetRiskConfiguration); needs the PLUS plan. A section left out is not set; {} = no configuration of its own.");

/** The pool's block: the same settings, and the field paths it never diffs. */
export const poolRiskConfigurationSchema = riskConfigurationSchema
  .extend({
    ignoreChanges: setOf(z.string().min(1))
      .default([])
      .describe("Field paths (as plan shows them, e.g. accountTakeover.actions.high) never diffed and kept as they are live."),
  })
  .describe(
    "Threat protection's risk configuration for the pool and every client without its own (SetRiskConfiguration); needs the PLUS plan. A section left out is not set; {} = none (Cognito's defaults); left out = not managed.",
  );

export type RiskConfigurationConfig = z.output<typeof riskConfigurationSchema>;
