// The merge of several files (-f base -f overlay ...) and the search for which file wrote a value,
// on plain data: each rule of the README's "Several files" with an example, and origins that agree
// with the merge.
import { describe, expect, it } from "vitest";
import { mergeLayers, originOf } from "../../src/config/layers.js";

const BASE = {
  version: 1,
  stack: "app-dev",
  userPools: [
    {
      name: "App",
      deletionProtection: false,
      tags: { app: "app", env: "dev" },
      signIn: { usernameAttributes: ["email"] },
      groups: [
        { name: "admin", precedence: 1 },
        { name: "moderator", precedence: 5 },
        { name: "user", precedence: 10 },
      ],
      clients: [{ name: "web", oauth: { flows: ["code"], callbackUrls: ["http://localhost/cb"] } }],
      branding: null,
    },
  ],
};

function merged(...overlays: unknown[]): unknown {
  const { data, problems } = mergeLayers([BASE, ...overlays]);
  expect(problems).toEqual([]);
  return data;
}

const pool = (data: unknown) => (data as { userPools: Record<string, unknown>[] }).userPools[0]!;

describe("merging files", () => {
  it("takes the first file as written, nulls included", () => {
    expect(merged()).toEqual(BASE);
  });

  it("merges mappings key by key", () => {
    const data = merged({ stack: "app-prod", userPools: [{ name: "App", tags: { env: "prod" } }] });
    expect((data as { stack: string }).stack).toBe("app-prod");
    expect(pool(data).tags).toEqual({ app: "app", env: "prod" });
    expect(pool(data).deletionProtection).toBe(false);
  });

  it("merges named lists entry by entry by their name, adding new entries last", () => {
    const data = merged({ userPools: [{ name: "App", groups: [{ name: "user", precedence: 12 }, { name: "auditor", precedence: 20 }] }] });
    expect(pool(data).groups).toEqual([
      { name: "admin", precedence: 1 },
      { name: "moderator", precedence: 5 },
      { name: "user", precedence: 12 },
      { name: "auditor", precedence: 20 },
    ]);
  });

  it("matches each named list by its own key (users by username, resource servers by identifier, logDelivery by eventSource)", () => {
    const base = {
      userPools: [
        {
          name: "P",
          users: [{ username: "a", enabled: true }],
          resourceServers: [{ identifier: "https://api", name: "API", scopes: [{ name: "read", description: "r" }] }],
          logDelivery: [{ eventSource: "userNotification", logLevel: "ERROR" }],
        },
      ],
    };
    const over = {
      userPools: [
        {
          name: "P",
          users: [{ username: "a", enabled: false }],
          resourceServers: [{ identifier: "https://api", scopes: [{ name: "write", description: "w" }] }],
          logDelivery: [{ eventSource: "userNotification", logLevel: "INFO" }],
        },
      ],
    };
    const { data, problems } = mergeLayers([base, over]);
    expect(problems).toEqual([]);
    expect(pool(data)).toEqual({
      name: "P",
      users: [{ username: "a", enabled: false }],
      resourceServers: [{ identifier: "https://api", name: "API", scopes: [{ name: "read", description: "r" }, { name: "write", description: "w" }] }],
      logDelivery: [{ eventSource: "userNotification", logLevel: "INFO" }],
    });
  });

  it("replaces other lists and scalars whole", () => {
    const data = merged({ userPools: [{ name: "App", signIn: { usernameAttributes: ["phone_number"] }, clients: [{ name: "web", oauth: { callbackUrls: ["https://app/cb"] } }] }] });
    expect(pool(data).signIn).toEqual({ usernameAttributes: ["phone_number"] });
    expect(pool(data).clients).toEqual([{ name: "web", oauth: { flows: ["code"], callbackUrls: ["https://app/cb"] } }]);
  });

  it("replaces a value of another kind (a mapping over a list) rather than merging it", () => {
    const data = merged({ userPools: [{ name: "App", groups: { admin: 1 } }] });
    expect(pool(data).groups).toEqual({ admin: 1 });
  });

  it("removes a key an overlay sets to null, and an entry with $delete: true", () => {
    const data = merged({ userPools: [{ name: "App", tags: null, groups: [{ name: "moderator", $delete: true }] }] });
    expect(pool(data)).not.toHaveProperty("tags");
    expect((pool(data).groups as { name: string }[]).map((g) => g.name)).toEqual(["admin", "user"]);
  });

  it("lets a later file declare again what an earlier overlay deleted", () => {
    const data = merged({ userPools: [{ name: "App", groups: [{ name: "admin", $delete: true }] }] }, { userPools: [{ name: "App", groups: [{ name: "admin", precedence: 2 }] }] });
    expect(pool(data).groups).toEqual([
      { name: "moderator", precedence: 5 },
      { name: "user", precedence: 10 },
      { name: "admin", precedence: 2 },
    ]);
  });

  it("does not change the files' own data", () => {
    const overlay = { userPools: [{ name: "App", groups: [{ name: "user", precedence: 12 }] }] };
    const before = structuredClone(BASE);
    merged(overlay);
    expect(BASE).toEqual(before);
    expect(overlay).toEqual({ userPools: [{ name: "App", groups: [{ name: "user", precedence: 12 }] }] });
  });
});

describe("what cannot be merged", () => {
  const problems = (...overlays: unknown[]) => mergeLayers([BASE, ...overlays]).problems;

  it("a $delete of a name no earlier file has, with the closest name", () => {
    expect(problems({ userPools: [{ name: "App", groups: [{ name: "moderatr", $delete: true }] }] })).toEqual([
      { layer: 1, path: ["userPools", 0, "groups", 0, "name"], message: '$delete of name "moderatr": no earlier file has an entry of that name in groups; did you mean "moderator"?' },
    ]);
  });

  it("an entry of a named list without its name, twice in one list, or a $delete that is not just true", () => {
    expect(
      problems({
        userPools: [
          {
            name: "App",
            groups: [{ precedence: 3 }, { name: "user", precedence: 1 }, { name: "user", precedence: 2 }, { name: "admin", $delete: "yes" }, { name: "moderator", $delete: true, precedence: 1 }],
          },
        ],
      }).map((p) => [p.path.join("."), p.message]),
    ).toEqual([
      ["userPools.0.groups.0", "an entry of groups in a later file is merged into the earlier files' entry by its name, so it needs name"],
      ["userPools.0.groups.2.name", 'name "user" appears twice in this groups list; write each entry once'],
      ["userPools.0.groups.3.$delete", "$delete must be true (it removes the entry); to keep the entry, leave $delete out"],
      ["userPools.0.groups.4.precedence", 'an entry with $delete: true holds only its name; drop "precedence"'],
    ]);
  });

  it("$delete outside a named list, and in the first file", () => {
    expect(problems({ userPools: [{ name: "App", signIn: { $delete: true } }] })).toEqual([
      { layer: 1, path: ["userPools", 0, "signIn", "$delete"], key: true, message: "$delete removes an entry of a list of named things (pools, clients, groups, users, ...); here it is not in one" },
    ]);
    expect(mergeLayers([{ userPools: [{ name: "App", $delete: true }] }]).problems).toEqual([
      { layer: 0, path: ["userPools", 0, "$delete"], key: true, message: "$delete: true removes an entry an earlier file declares; the first file has nothing to remove it from" },
    ]);
  });
});

describe("which file wrote a value", () => {
  const overlay = {
    stack: "app-prod",
    userPools: [{ name: "App", tags: { env: "prod" }, groups: [{ name: "user", precedence: 12 }, { name: "auditor" }], signIn: { usernameAttributes: ["phone_number"] } }],
  };
  const layers = [BASE, overlay];
  const data = mergeLayers(layers).data;

  it("a value the overlay wrote, at its own path in the overlay", () => {
    expect(originOf(data, layers, ["userPools", 0, "groups", 2, "precedence"])).toEqual({ layer: 1, path: ["userPools", 0, "groups", 0, "precedence"], complete: true });
    expect(originOf(data, layers, ["userPools", 0, "tags", "env"])).toEqual({ layer: 1, path: ["userPools", 0, "tags", "env"], complete: true });
    expect(originOf(data, layers, ["stack"])).toMatchObject({ layer: 1 });
  });

  it("a value only the base wrote, in a mapping both write", () => {
    expect(originOf(data, layers, ["userPools", 0, "tags", "app"])).toEqual({ layer: 0, path: ["userPools", 0, "tags", "app"], complete: true });
    expect(originOf(data, layers, ["userPools", 0, "groups", 1, "precedence"])).toEqual({ layer: 0, path: ["userPools", 0, "groups", 1, "precedence"], complete: true });
  });

  it("an item of a list the overlay replaced is the overlay's, even where the base's list was longer", () => {
    expect(originOf(data, layers, ["userPools", 0, "signIn", "usernameAttributes", 0])).toEqual({
      layer: 1,
      path: ["userPools", 0, "signIn", "usernameAttributes", 0],
      complete: true,
    });
  });

  it("a key no file writes: the deepest part that exists, in the file that first wrote it", () => {
    expect(originOf(data, layers, ["userPools", 0, "groups", 3, "precedence"])).toEqual({ layer: 1, path: ["userPools", 0, "groups", 1], complete: false });
    expect(originOf(data, layers, ["userPools", 0, "passwordPolicy"])).toEqual({ layer: 0, path: ["userPools", 0], complete: false });
  });

  it("an entry deleted and declared again is the later file's alone", () => {
    const again = [BASE, { userPools: [{ name: "App", groups: [{ name: "admin", $delete: true }] }] }, { userPools: [{ name: "App", groups: [{ name: "admin" }] }] }];
    const result = mergeLayers(again).data;
    expect(originOf(result, again, ["userPools", 0, "groups", 2, "precedence"])).toEqual({ layer: 2, path: ["userPools", 0, "groups", 0], complete: false });
  });
});
