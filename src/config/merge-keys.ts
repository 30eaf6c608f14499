/**
 * The lists of named things, which a later file (-f base.yaml -f prod.yaml) merges into an earlier
 * one entry by entry, matched by the key given here. Every other list is replaced whole by a later
 * file that writes it. Patterns are key paths with `[]` for "any entry of a list".
 *
 * test/unit/merge-keys.test.ts checks that each list of mappings in the schema is either here or
 * in REPLACED_WHOLE, so a new list is a decision, not an accident.
 */
export const NAMED_LISTS: Readonly<Record<string, string>> = {
  userPools: "name",
  "userPools[].attributes.custom": "name",
  "userPools[].logDelivery": "eventSource",
  "userPools[].resourceServers": "identifier",
  "userPools[].resourceServers[].scopes": "name",
  "userPools[].identityProviders": "name",
  "userPools[].clients": "name",
  "userPools[].clients[].terms": "name",
  "userPools[].groups": "name",
  "userPools[].users": "username",
  identityPools: "name",
};

/**
 * Lists of mappings that are replaced whole, and why: their entries have no one name, or their
 * order matters, so merging them entry by entry would guess.
 */
export const REPLACED_WHOLE: Readonly<Record<string, string>> = {
  // One entry per category and colour mode: a set of images, replaced as one.
  "userPools[].clients[].branding.assets": "an image is named by its category and colour mode together",
  // A provider is a user pool and client pair.
  "identityPools[].providers": "a provider is named by its user pool and client together",
  "identityPools[].roleMappings": "a mapping's rules are read in order",
  "identityPools[].roleMappings[].rules": "rules are read in order; the first match wins",
};

/** The pattern of a path: `["userPools", 0, "groups"]` -> `userPools[].groups`. */
export function patternOf(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += "[]";
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}
