import { describe, expect, it } from "vitest";
import { KNOWN_AFTER_APPLY, summarise, type Change } from "../../src/core/plan-types.js";
import { createFields, diffFields } from "../../src/diff/field-diff.js";
import { renderJson } from "../../src/render/json.js";
import { renderMarkdown } from "../../src/render/markdown.js";
import { renderText } from "../../src/render/text.js";

/** Documents (policies) diff by path inside the document, one changed value a line. */

const trust = (aud: string) => ({
  Statement: [
    {
      Action: ["sts:AssumeRoleWithWebIdentity"],
      Condition: { "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" }, StringEquals: { "cognito-identity.amazonaws.com:aud": aud } },
      Effect: "Allow",
      Principal: { Federated: "cognito-identity.amazonaws.com" },
    },
  ],
  Version: "2012-10-17",
});

function render(change: Change): { text: string; markdown: string; json: string } {
  const plan = { formatVersion: 1 as const, stack: "s", changes: [change], unmanaged: [], summary: summarise([change]) };
  return { text: renderText(plan, { color: false, mode: "plan" }), markdown: renderMarkdown(plan, { mode: "plan" }), json: renderJson(plan, "plan") };
}

describe("document diffs", () => {
  it("a changed trust-policy condition is one field with its path", () => {
    const fields = diffFields({ trustPolicy: trust("us-east-1:new") }, { trustPolicy: trust("us-east-1:old") });
    expect(fields).toEqual([
      { path: "trustPolicy.Statement[0].Condition.StringEquals.cognito-identity.amazonaws.com:aud", before: "us-east-1:old", after: "us-east-1:new", sensitive: false, forcesReplacement: false },
    ]);
    const { text } = render({ address: "iamRole.auth", kind: "iamRole", action: "update", reason: "differs", fields });
    expect(text).toContain('      trustPolicy.Statement[0].Condition.StringEquals.cognito-identity.amazonaws.com:aud: "us-east-1:old" -> "us-east-1:new"\n');
  });

  it("walks statements by index and keeps lists of scalars whole", () => {
    const policy = (actions: string[]) => ({ Statement: [{ Action: ["s3:GetObject"], Effect: "Allow" }, { Action: actions, Effect: "Allow" }] });
    const fields = diffFields({ inlinePolicies: { "user-data": policy(["dynamodb:GetItem", "dynamodb:Query"]) } }, { inlinePolicies: { "user-data": policy(["dynamodb:GetItem"]) } });
    expect(fields.map((f) => [f.path, f.before, f.after])).toEqual([["inlinePolicies.user-data.Statement[1].Action", ["dynamodb:GetItem"], ["dynamodb:GetItem", "dynamodb:Query"]]]);
  });

  it("an added or removed statement is one field, whole", () => {
    const one = { Statement: [{ Effect: "Allow" }] };
    const two = { Statement: [{ Effect: "Allow" }, { Effect: "Deny" }] };
    expect(diffFields({ doc: two }, { doc: one }).map((f) => [f.path, f.before, f.after])).toEqual([["doc.Statement[1]", undefined, { Effect: "Deny" }]]);
    expect(diffFields({ doc: one }, { doc: two }).map((f) => [f.path, f.before, f.after])).toEqual([["doc.Statement[1]", { Effect: "Deny" }, undefined]]);
    expect(diffFields({ doc: { Statement: [] } }, { doc: one }).map((f) => f.path)).toEqual(["doc.Statement[0]"]);
  });

  it("ignore, sensitive and replaceOn prefixes reach list items", () => {
    const want = { scopes: [{ name: "a" }, { name: "b" }], other: 1 };
    const have = { scopes: [{ name: "a" }, { name: "c" }], other: 2 };
    expect(diffFields(want, have, { ignore: ["scopes"] }).map((f) => f.path)).toEqual(["other"]);
    expect(diffFields(want, have, { ignore: ["scopes[1]"] }).map((f) => f.path)).toEqual(["other"]);
    const scope = diffFields(want, have, { sensitive: ["scopes"], replaceOn: ["scopes"] }).find((f) => f.path.startsWith("scopes"));
    expect(scope).toEqual({ path: "scopes[1].name", before: "(sensitive)", after: "(sensitive)", sensitive: true, forcesReplacement: true });
  });

  it("createFields walks the same way", () => {
    expect(createFields({ trustPolicy: trust("x") }).map((f) => f.path)).toEqual([
      "trustPolicy.Statement[0].Action",
      "trustPolicy.Statement[0].Condition.ForAnyValue:StringLike.cognito-identity.amazonaws.com:amr",
      "trustPolicy.Statement[0].Condition.StringEquals.cognito-identity.amazonaws.com:aud",
      "trustPolicy.Statement[0].Effect",
      "trustPolicy.Statement[0].Principal.Federated",
      "trustPolicy.Version",
    ]);
  });
});

describe("known after apply", () => {
  it("is a marker on the field, shown bare, and null with unknown: true in JSON", () => {
    const fields = diffFields(
      { trustPolicy: trust(KNOWN_AFTER_APPLY), providers: [{ providerName: `cognito-idp.us-east-1.amazonaws.com/${KNOWN_AFTER_APPLY}` }] },
      { trustPolicy: trust("us-east-1:old"), providers: [{ providerName: "cognito-idp.us-east-1.amazonaws.com/us-east-1_A" }] },
    );
    expect(fields.map((f) => [f.path, f.unknown])).toEqual([
      ["providers[0].providerName", true],
      ["trustPolicy.Statement[0].Condition.StringEquals.cognito-identity.amazonaws.com:aud", true],
    ]);
    const { text, markdown, json } = render({ address: "iamRole.auth", kind: "iamRole", action: "update", reason: "differs", fields });
    expect(text).toContain('cognito-identity.amazonaws.com:aud: "us-east-1:old" -> (known after apply)\n');
    expect(text).not.toContain('"(known after apply)"');
    expect(markdown).toContain("+ trustPolicy.Statement[0].Condition.StringEquals.cognito-identity.amazonaws.com:aud: (known after apply)\n");
    const document = JSON.parse(json) as { formatVersion: number; changes: { fields: Record<string, unknown>[] }[] };
    expect(document.formatVersion).toBe(1);
    expect(document.changes[0]!.fields[1]).toEqual({
      path: "trustPolicy.Statement[0].Condition.StringEquals.cognito-identity.amazonaws.com:aud",
      before: "us-east-1:old",
      after: null,
      sensitive: false,
      forcesReplacement: false,
      unknown: true,
    });
  });

  it("marks a create's value, and a whole value with a key that holds the marker", () => {
    const fields = createFields({ roles: { authenticated: KNOWN_AFTER_APPLY }, name: "x" });
    expect(fields.map((f) => [f.path, f.unknown === true])).toEqual([
      ["name", false],
      ["roles.authenticated", true],
    ]);
    const mappings = diffFields({ roleMappings: { [`cognito-idp.us-east-1.amazonaws.com/${KNOWN_AFTER_APPLY}:client`]: "Token" } }, {});
    expect(mappings.map((f) => [f.path, f.unknown])).toEqual([["roleMappings", true]]);
  });
});
