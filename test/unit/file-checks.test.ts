import { describe, expect, it } from "vitest";
import { FIELD_PATHS, isFieldPath } from "../../src/schema/field-paths.js";
import { diagnosticsOf } from "../helpers/diagnostics.js";

describe("ignoreChanges paths", () => {
  it("refuses a path that is no field of its kind, with the nearest field", () => {
    const text = [
      "version: 1",
      "stack: s",
      "userPools:",
      "  - name: P",
      "    ignoreChanges: [passwordPolicy.minLength, triggers.preTokenGeneration, tags.team, attributes.custom.tenant]",
      "    clients:",
      "      - name: web",
      "        ignoreChanges: [oauth.callbackUrl, oauth]",
      "    users:",
      "      - username: ann",
      "        ignoreChanges: [attributes.name, group]",
      "identityPools:",
      "  - name: I",
      "    ignoreChanges: [providers, allowUnauthenticated.x]",
      "",
    ].join("\n");
    expect(diagnosticsOf(text)).toEqual([
      expect.stringMatching(/^5:21 "passwordPolicy\.minLength" is not a userPool field; did you mean "passwordPolicy\.minimumLength"\?/),
      expect.stringMatching(/^8:25 "oauth\.callbackUrl" is not a client field; did you mean "oauth\.callbackUrls"\?/),
      expect.stringMatching(/^11:42 "group" is not a user field; did you mean "groups"\?/),
      expect.stringMatching(/^14:32 "allowUnauthenticated\.x" is not a identityPool field/),
    ]);
  });

  it("accepts every path each kind declares, and sections above them", () => {
    for (const [kind, patterns] of Object.entries(FIELD_PATHS) as [keyof typeof FIELD_PATHS, readonly string[]][]) {
      for (const pattern of patterns) {
        const path = pattern.replace(/\*/g, "any-key");
        expect(isFieldPath(kind, path), `${kind} ${path}`).toBe(true);
        expect(isFieldPath(kind, path.split(".")[0]!), `${kind} ${path}`).toBe(true);
      }
      expect(isFieldPath(kind, "no.such.field")).toBe(false);
      expect(isFieldPath(kind, "")).toBe(false);
    }
  });
});

describe("a pinned pool id", () => {
  it("must be a pool of the entry's region", () => {
    const file = (region: string) => `version: 1\nstack: s\n${region}userPools:\n  - name: P\n    id: eu-west-1_AbC123\n`;
    expect(diagnosticsOf(file("region: us-east-1\n"))).toEqual([
      "6:9 id \"eu-west-1_AbC123\" is a pool in eu-west-1, but the file's region: says us-east-1; fix the id, or the region",
    ]);
    expect(diagnosticsOf(`version: 1\nstack: s\nregion: eu-west-1\nuserPools:\n  - name: P\n    region: us-east-1\n    id: eu-west-1_AbC123\n`)).toEqual([
      "7:9 id \"eu-west-1_AbC123\" is a pool in eu-west-1, but this entry's region: says us-east-1; fix the id, or the region",
    ]);
    expect(diagnosticsOf(file("region: eu-west-1\n"))).toEqual([]);
    expect(diagnosticsOf(file(""))).toEqual([]);
  });
});
