import type { UserPoolType } from "@aws-sdk/client-cognito-identity-provider";
import type { UserConfig } from "../../schema/user.js";
import type { UserPoolConfig } from "../../schema/user-pool.js";

/**
 * How a pool names its users. Matching a declared user to a live one, the duplicate rule and the
 * rename rules all read this one value, so they can never disagree about a pool.
 */
export interface UserNaming {
  /** Attributes that replace the username at sign-in (email, phone_number): the username is that value. */
  usernameAttributes: readonly string[];
  /** Attributes a user may also sign in with; each must be unique in the pool. */
  aliasAttributes: readonly string[];
  caseSensitive: boolean;
}

/** A pool created by the tool without a signIn section: plain usernames, case-insensitive. */
export const CREATED_DEFAULT: UserNaming = { usernameAttributes: [], aliasAttributes: [], caseSensitive: false };

export function namingFromLive(raw: Pick<UserPoolType, "UsernameAttributes" | "AliasAttributes" | "UsernameConfiguration">): UserNaming {
  return {
    usernameAttributes: raw.UsernameAttributes ?? [],
    aliasAttributes: raw.AliasAttributes ?? [],
    // Cognito makes a pool created without UsernameConfiguration case-sensitive.
    caseSensitive: raw.UsernameConfiguration?.CaseSensitive ?? true,
  };
}

export function namingFromConfig(pool: Pick<UserPoolConfig, "signIn">): UserNaming {
  if (!pool.signIn) return CREATED_DEFAULT;
  return { usernameAttributes: pool.signIn.usernameAttributes, aliasAttributes: pool.signIn.aliasAttributes, caseSensitive: pool.signIn.caseSensitive };
}

/**
 * The naming that is true for the pool: the live pool's when it exists (sign-in settings cannot
 * change, and a file without signIn does not manage them), else what the create will make.
 */
export function effectiveNaming(pool: Pick<UserPoolConfig, "signIn">, live: Pick<UserPoolType, "UsernameAttributes" | "AliasAttributes" | "UsernameConfiguration"> | undefined): UserNaming {
  return live ? namingFromLive(live) : namingFromConfig(pool);
}

export const matchKey = (name: string, naming: UserNaming): string => (naming.caseSensitive ? name : name.toLowerCase());

/** The sign-in attribute a username is the value of, in a pool that signs in with email or phone_number. */
export function signInAttributeOf(username: string, naming: UserNaming): "email" | "phone_number" | undefined {
  if (naming.usernameAttributes.includes("email") && username.includes("@")) return "email";
  if (naming.usernameAttributes.includes("phone_number") && username.startsWith("+")) return "phone_number";
  return undefined;
}

/**
 * The attributes a declared user will have: in a pool that signs in with email (phone_number), the
 * username is that attribute's value, so a renamed user's new address is set even when the file
 * does not repeat it under attributes.
 */
export function impliedAttributes(user: Pick<UserConfig, "username" | "renamedFrom" | "attributes">, naming: UserNaming): UserConfig["attributes"] {
  const attribute = signInAttributeOf(user.username, naming);
  if (!attribute || user.renamedFrom === undefined || user.attributes[attribute] !== undefined) return user.attributes;
  return { ...user.attributes, [attribute]: user.username };
}

export interface NamingProblem {
  index: number;
  /** The key under the user entry the problem is about, when it is one field. */
  field?: "username" | "renamedFrom" | "attributes";
  message: string;
}

/**
 * What Cognito's naming makes impossible or dangerous in a list of users: two names for one user
 * (case), a sign-in attribute that contradicts the username (the next apply would make a second
 * user), and renames that cannot be carried out. `where` says where the naming came from.
 */
export function userNamingProblems(users: readonly UserConfig[], naming: UserNaming, where: string, options: { renames: boolean } = { renames: true }): NamingProblem[] {
  const problems: NamingProblem[] = [];
  const seen = new Map<string, { index: number; written: string }>();
  const claim = (name: string, index: number, field: NamingProblem["field"], as: string) => {
    const key = matchKey(name, naming);
    const first = seen.get(key);
    if (!first) return void seen.set(key, { index, written: name });
    if (first.index === index) return void problems.push({ index, field, message: `renamedFrom "${name}" is this user's username; remove renamedFrom once the rename is applied` });
    const byCase = first.written !== name;
    const caseNote = byCase ? `; usernames are case-insensitive in this pool (${where})` : "";
    problems.push({
      index,
      field,
      message: `duplicate username "${name}"${as} (first declared at entry ${first.index + 1}${byCase ? ` as "${first.written}"` : ""})${caseNote}`,
    });
  };
  users.forEach((user, index) => claim(user.username, index, undefined, ""));
  users.forEach((user, index) => {
    if (user.renamedFrom !== undefined) claim(user.renamedFrom, index, "renamedFrom", " in renamedFrom");
  });

  users.forEach((user, index) => {
    const attribute = signInAttributeOf(user.username, naming);
    if (attribute) {
      const declared = user.attributes[attribute];
      if (typeof declared === "string" && matchKey(declared, naming) !== matchKey(user.username, naming)) {
        problems.push({
          index,
          field: "attributes",
          message: `attributes.${attribute} "${declared}" differs from username "${user.username}": in a pool that signs in with ${attribute} (${where}) the username is the ${attribute}; to change it, write the new value as username and the old one as renamedFrom`,
        });
      } else if (declared === null) {
        problems.push({ index, field: "attributes", message: `attributes.${attribute} cannot be null: in a pool that signs in with ${attribute} (${where}) it is the username` });
      }
    }
    // Without the pool's sign-in settings a rename cannot be judged yet: plan judges it against the live pool.
    if (user.renamedFrom === undefined || !options.renames) return;
    if (naming.usernameAttributes.length === 0) {
      problems.push({
        index,
        field: "renamedFrom",
        message: `renamedFrom needs a pool that signs in with email or phone_number (signIn.usernameAttributes); this pool's usernames cannot change (${where})`,
      });
    } else if (!attribute || signInAttributeOf(user.renamedFrom, naming) !== attribute) {
      problems.push({
        index,
        field: "renamedFrom",
        message: `renamedFrom "${user.renamedFrom}" and username "${user.username}" must both be ${naming.usernameAttributes.map((a) => (a === "email" ? "an email" : "a phone number")).join(" or both ")}: a rename changes the user's sign-in ${naming.usernameAttributes.join(" or ")}`,
      });
    }
  });
  return problems;
}
