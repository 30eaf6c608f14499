import { isDeveloperOnly } from "../../core/export-notes.js";
import { attributeMap, type LiveUser } from "./model.js";

/**
 * Live users as file entries. In an email- or phone-sign-in pool the file names users by that
 * attribute, not by their sub. Developer-only attributes cannot be declared: one leftOut line per
 * attribute, with the number of users holding it.
 */
export function exportedUsers(users: readonly LiveUser[], usernameAttributes: readonly string[], leftOut: string[]) {
  const devAttributes = new Map<string, number>();
  const entries = users.map((user) => {
    const attributes = attributeMap(user.user.Attributes);
    const { sub: _sub, ...rest } = attributes;
    const username = usernameAttributes.map((a) => attributes[a]).find((v) => v) ?? user.user.Username ?? "";
    const declarable = Object.fromEntries(
      Object.entries(rest).filter(([name]) => {
        if (!isDeveloperOnly(name)) return true;
        devAttributes.set(name, (devAttributes.get(name) ?? 0) + 1);
        return false;
      }),
    );
    return { username, attributes: declarable, groups: [...user.groups].sort(), enabled: user.user.Enabled ?? true };
  });
  for (const [name, count] of devAttributes) {
    leftOut.push(`users attributes ${name} (${count} user${count === 1 ? "" : "s"}): developer-only attributes cannot be declared; the users keep their values`);
  }
  return entries;
}
