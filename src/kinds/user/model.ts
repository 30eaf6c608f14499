import type { AdminCreateUserRequest, AttributeType, UserType } from "@aws-sdk/client-cognito-identity-provider";
import type { UserConfig } from "../../schema/user.js";
import { matchKey, type UserNaming } from "./naming.js";

/**
 * A user as the diff sees it. `groups` is present only when the file manages the user's
 * memberships. `temporaryPassword` and `invitation` matter only at creation: projection copies
 * them onto the live side so they never show as a difference.
 */
export interface UserSpec {
  username: string;
  attributes: Record<string, string | null>;
  enabled: boolean;
  groups?: string[];
  temporaryPassword?: string;
  invitation?: "suppress" | "email" | "sms";
}

/** A user as read with ListUsers, plus its groups (from ListUsersInGroup) and the names it answers to. */
export interface LiveUser {
  user: Pick<UserType, "Username" | "Attributes" | "Enabled" | "UserStatus">;
  groups: string[];
  /** Username, and in a pool that signs in with email or phone number, that email or number. */
  names: string[];
  /** How plans name the user: the email or number it signs in with, else its username (not a sub). */
  displayName: string;
}

export function userSpecFromConfig(config: UserConfig): UserSpec {
  const attributes = Object.fromEntries(
    Object.entries(config.attributes).map(([name, value]) => [name, typeof value === "boolean" ? String(value) : value]),
  );
  return {
    username: config.username,
    attributes,
    enabled: config.enabled,
    ...(config.groups !== undefined ? { groups: [...config.groups].sort() } : {}),
    ...(config.temporaryPassword !== undefined ? { temporaryPassword: config.temporaryPassword } : {}),
    ...(config.invitation !== undefined ? { invitation: config.invitation } : {}),
  };
}

export function attributeMap(attributes: AttributeType[] | undefined): Record<string, string> {
  return Object.fromEntries((attributes ?? []).map((a) => [a.Name ?? "", a.Value ?? ""]));
}

export function userSpecFromLive(live: LiveUser): UserSpec {
  return {
    username: live.user.Username ?? "",
    attributes: attributeMap(live.user.Attributes),
    enabled: live.user.Enabled ?? true,
    groups: [...live.groups].sort(),
  };
}

/**
 * Narrows the live user to what the file manages: the attribute names it declares (a name declared
 * null and absent live reads null), the memberships only when declared, and the declared username
 * (the live one may be the sub in email-username pools).
 */
export function projectUser(live: UserSpec, desired: UserSpec): UserSpec {
  const attributes = Object.fromEntries(Object.keys(desired.attributes).map((name) => [name, live.attributes[name] ?? null]));
  const { groups, ...rest } = live;
  return {
    ...rest,
    username: desired.username,
    attributes,
    ...(desired.groups !== undefined ? { groups: groups ?? [] } : {}),
    ...(desired.temporaryPassword !== undefined ? { temporaryPassword: desired.temporaryPassword } : {}),
    ...(desired.invitation !== undefined ? { invitation: desired.invitation } : {}),
  };
}

/**
 * A live user as the plan reads it, named by the pool's naming: matched by its username and, in a
 * pool that signs in with email or phone number, that value (each as the pool compares names);
 * shown by the value it signs in with rather than its sub.
 */
export function liveUserOf(user: LiveUser["user"], groups: string[], naming: UserNaming): LiveUser {
  const attributes = attributeMap(user.Attributes);
  const signInValues = naming.usernameAttributes.map((a) => attributes[a]).filter((v): v is string => !!v);
  return {
    user,
    groups,
    names: [user.Username ?? "", ...signInValues].map((name) => matchKey(name, naming)),
    displayName: signInValues[0] ?? user.Username ?? "",
  };
}

export function createUserRequest(poolId: string, spec: UserSpec): AdminCreateUserRequest {
  const attributes = Object.entries(spec.attributes)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([Name, Value]) => ({ Name, Value }));
  const invitation = spec.invitation ?? (spec.attributes.email ? "email" : spec.attributes.phone_number ? "sms" : "suppress");
  return {
    UserPoolId: poolId,
    Username: spec.username,
    UserAttributes: attributes,
    ...(spec.temporaryPassword !== undefined ? { TemporaryPassword: spec.temporaryPassword } : {}),
    ...(invitation === "suppress" ? { MessageAction: "SUPPRESS" as const } : { DesiredDeliveryMediums: [invitation === "sms" ? ("SMS" as const) : ("EMAIL" as const)] }),
  };
}

/** What an update must do, from the desired spec and the (projected) live spec. */
export function userUpdatePlan(desired: UserSpec, live: UserSpec) {
  const changed = Object.entries(desired.attributes).filter(([name, value]) => live.attributes[name] !== value);
  // A new email or phone number is unverified unless the same call says otherwise: the declared
  // verified flag goes with it, or the user would lose it (and, where the pool keeps the original
  // until verified, the change would not take).
  for (const attribute of ["email", "phone_number"]) {
    const verified = `${attribute}_verified`;
    const flag = desired.attributes[verified];
    if (changed.some(([name]) => name === attribute) && flag !== undefined && flag !== null && !changed.some(([name]) => name === verified)) changed.push([verified, flag]);
  }
  const liveGroups = new Set(live.groups ?? []);
  const desiredGroups = new Set(desired.groups ?? []);
  return {
    setAttributes: changed.filter((e): e is [string, string] => e[1] !== null).map(([Name, Value]) => ({ Name, Value })),
    deleteAttributes: changed.filter(([, value]) => value === null).map(([name]) => name),
    enable: desired.enabled !== live.enabled ? desired.enabled : undefined,
    addGroups: desired.groups === undefined ? [] : [...desiredGroups].filter((g) => !liveGroups.has(g)),
    removeGroups: desired.groups === undefined ? [] : [...liveGroups].filter((g) => !desiredGroups.has(g)),
  };
}
