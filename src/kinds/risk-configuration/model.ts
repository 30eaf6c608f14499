import type {
  AccountTakeoverActionType,
  AccountTakeoverRiskConfigurationType,
  NotifyConfigurationType,
  NotifyEmailType,
  RiskConfigurationType,
  SetRiskConfigurationRequest,
  UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { EVENT_FILTERS, NOTIFY_EMAILS, TAKEOVER_LEVELS, type RiskConfigurationConfig } from "../../schema/risk-configuration.js";
import { DEFAULT_FEATURE_PLAN } from "../user-pool/model.js";

/**
 * A risk configuration (a pool's, or a client's own) as the diff sees it, in the file's
 * vocabulary. A section that is not set is null, so a section left out of the file is compared
 * (and removed) like any other value; IP lists are sorted, and empty when not set; events left out
 * are all three, as Cognito reads no filter.
 */
export interface RiskSpec {
  compromisedCredentials: { action: string; events: string[] } | null;
  accountTakeover: { notify?: NotifySpec; actions: Partial<Record<TakeoverLevel, TakeoverAction>> } | null;
  ipRanges: { alwaysAllow: string[]; alwaysBlock: string[] };
}

export type TakeoverLevel = (typeof TAKEOVER_LEVELS)[number];
type NotifyEmailName = (typeof NOTIFY_EMAILS)[number];
export interface TakeoverAction {
  notify: boolean;
  eventAction: string;
}
export interface NotifyEmail {
  subject: string;
  htmlBody?: string;
  textBody?: string;
}
export type NotifySpec = { sourceArn: string; from?: string; replyTo?: string } & Partial<Record<NotifyEmailName, NotifyEmail>>;

/** No configuration: what SetRiskConfiguration without settings leaves. */
export const NO_RISK_CONFIGURATION: RiskSpec = { compromisedCredentials: null, accountTakeover: null, ipRanges: { alwaysAllow: [], alwaysBlock: [] } };

const API_LEVEL: Record<TakeoverLevel, "LowAction" | "MediumAction" | "HighAction"> = { low: "LowAction", medium: "MediumAction", high: "HighAction" };
const API_EMAIL: Record<NotifyEmailName, "BlockEmail" | "MfaEmail" | "NoActionEmail"> = { blockEmail: "BlockEmail", mfaEmail: "MfaEmail", noActionEmail: "NoActionEmail" };

const sorted = (list: readonly string[] | undefined) => [...(list ?? [])].sort();
/** Keeps the keys whose value is set (AWS may answer "" for a text it does not have). */
const present = <T extends object>(value: T): T => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== "")) as T;
const allEvents = (events: readonly string[] | undefined) => (events && events.length > 0 ? sorted(events) : sorted(EVENT_FILTERS));

/** Whether a spec sets nothing: the same as no configuration at all. */
export function isNoRiskConfiguration(spec: RiskSpec): boolean {
  return spec.compromisedCredentials === null && spec.accountTakeover === null && spec.ipRanges.alwaysAllow.length === 0 && spec.ipRanges.alwaysBlock.length === 0;
}

function notifyFromConfig(notify: NonNullable<NonNullable<RiskConfigurationConfig["accountTakeover"]>["notify"]>): NotifySpec {
  const emails = Object.fromEntries(NOTIFY_EMAILS.map((name) => [name, notify[name] ? present({ ...notify[name] }) : undefined]));
  return present({ sourceArn: notify.sourceArn, from: notify.from, replyTo: notify.replyTo, ...emails });
}

export function riskSpecFromConfig(config: RiskConfigurationConfig): RiskSpec {
  const { compromisedCredentials: compromised, accountTakeover: takeover, ipRanges } = config;
  return {
    compromisedCredentials: compromised ? { action: compromised.action, events: allEvents(compromised.events) } : null,
    accountTakeover: takeover
      ? {
          ...(takeover.notify ? { notify: notifyFromConfig(takeover.notify) } : {}),
          actions: present({ low: takeover.actions.low, medium: takeover.actions.medium, high: takeover.actions.high }),
        }
      : null,
    ipRanges: { alwaysAllow: sorted(ipRanges?.alwaysAllow), alwaysBlock: sorted(ipRanges?.alwaysBlock) },
  };
}

function notifyEmailFromLive(email: NotifyEmailType | undefined): NotifyEmail | undefined {
  return email ? present({ subject: email.Subject ?? "", htmlBody: email.HtmlBody, textBody: email.TextBody }) : undefined;
}

function notifyFromLive(notify: NotifyConfigurationType | undefined): NotifySpec | undefined {
  if (!notify) return undefined;
  const emails = Object.fromEntries(NOTIFY_EMAILS.map((name) => [name, notifyEmailFromLive(notify[API_EMAIL[name]])]));
  return present({ sourceArn: notify.SourceArn ?? "", from: notify.From, replyTo: notify.ReplyTo, ...emails });
}

const actionFromLive = (action: AccountTakeoverActionType | undefined): TakeoverAction | undefined =>
  action ? { notify: action.Notify ?? false, eventAction: action.EventAction ?? "NO_ACTION" } : undefined;

function takeoverFromLive(takeover: AccountTakeoverRiskConfigurationType | undefined): RiskSpec["accountTakeover"] {
  if (!takeover) return null;
  const notify = notifyFromLive(takeover.NotifyConfiguration);
  const actions = takeover.Actions ?? {};
  return {
    ...(notify ? { notify } : {}),
    actions: present(Object.fromEntries(TAKEOVER_LEVELS.map((level) => [level, actionFromLive(actions[API_LEVEL[level]])]))),
  };
}

/** DescribeRiskConfiguration's answer (one without any settings: none) in the file's vocabulary. */
export function riskSpecFromLive(live: RiskConfigurationType | undefined): RiskSpec {
  if (!live) return NO_RISK_CONFIGURATION;
  const compromised = live.CompromisedCredentialsRiskConfiguration;
  const exceptions = live.RiskExceptionConfiguration;
  return {
    compromisedCredentials: compromised ? { action: compromised.Actions?.EventAction ?? "NO_ACTION", events: allEvents(compromised.EventFilter) } : null,
    accountTakeover: takeoverFromLive(live.AccountTakeoverRiskConfiguration),
    ipRanges: { alwaysAllow: sorted(exceptions?.SkippedIPRangeList), alwaysBlock: sorted(exceptions?.BlockedIPRangeList) },
  };
}

const notifyEmailRequest = (email: NotifyEmail): NotifyEmailType => present({ Subject: email.subject, HtmlBody: email.htmlBody, TextBody: email.textBody });

function notifyRequest(notify: NotifySpec): NotifyConfigurationType {
  const emails = Object.fromEntries(NOTIFY_EMAILS.flatMap((name) => (notify[name] ? [[API_EMAIL[name], notifyEmailRequest(notify[name])]] : [])));
  return present({ SourceArn: notify.sourceArn, From: notify.from, ReplyTo: notify.replyTo, ...emails });
}

/**
 * SetRiskConfiguration with the whole configuration: the pool's when `clientId` is undefined, else
 * the client's own. A section not set is left out of the request, which removes it; a spec that
 * sets nothing sends the ids alone, which clears the configuration (the pool to Cognito's
 * defaults, the client to its pool's).
 */
export function setRiskConfigurationRequest(poolId: string, clientId: string | undefined, spec: RiskSpec): SetRiskConfigurationRequest {
  const { compromisedCredentials: compromised, accountTakeover: takeover, ipRanges } = spec;
  const actions = takeover ? Object.fromEntries(TAKEOVER_LEVELS.flatMap((level) => (takeover.actions[level] ? [[API_LEVEL[level], { Notify: takeover.actions[level].notify, EventAction: takeover.actions[level].eventAction }]] : []))) : {};
  return {
    UserPoolId: poolId,
    ...(clientId !== undefined ? { ClientId: clientId } : {}),
    ...(compromised
      ? { CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: compromised.action as "BLOCK" }, EventFilter: allEvents(compromised.events) as ("SIGN_IN" | "PASSWORD_CHANGE" | "SIGN_UP")[] } }
      : {}),
    ...(takeover ? { AccountTakeoverRiskConfiguration: { Actions: actions, ...(takeover.notify ? { NotifyConfiguration: notifyRequest(takeover.notify) } : {}) } } : {}),
    ...(ipRanges.alwaysAllow.length > 0 || ipRanges.alwaysBlock.length > 0
      ? {
          RiskExceptionConfiguration: {
            ...(ipRanges.alwaysAllow.length > 0 ? { SkippedIPRangeList: ipRanges.alwaysAllow } : {}),
            ...(ipRanges.alwaysBlock.length > 0 ? { BlockedIPRangeList: ipRanges.alwaysBlock } : {}),
          },
        }
      : {}),
  };
}

/** The block as a file writes it: sections not set left out, and defaults (all events, empty lists) too. */
export function riskConfigFromSpec(spec: RiskSpec): Record<string, unknown> {
  const { compromisedCredentials: compromised, accountTakeover: takeover, ipRanges } = spec;
  const allOfThem = compromised !== null && compromised.events.length === EVENT_FILTERS.length;
  return {
    ...(compromised ? { compromisedCredentials: { action: compromised.action, ...(allOfThem ? {} : { events: compromised.events }) } } : {}),
    ...(takeover ? { accountTakeover: takeover } : {}),
    ...(ipRanges.alwaysAllow.length > 0 || ipRanges.alwaysBlock.length > 0
      ? { ipRanges: present({ alwaysAllow: ipRanges.alwaysAllow.length > 0 ? ipRanges.alwaysAllow : undefined, alwaysBlock: ipRanges.alwaysBlock.length > 0 ? ipRanges.alwaysBlock : undefined }) }
      : {}),
  };
}

/**
 * Whether a pool can have a risk configuration in effect: SetRiskConfiguration needs the Plus plan
 * (API reference: "To activate this setting, your user pool must be on the Plus tier"). A pool that
 * does not say is on Cognito's default plan for new pools, as the pool's own spec reads it.
 */
export function riskConfigurationApplies(pool: UserPoolType): boolean {
  return (pool.UserPoolTier ?? DEFAULT_FEATURE_PLAN) === "PLUS";
}
