// What the terms kind sends, pinned with a faked SDK: CreateTerms for the owning client's id,
// UpdateTerms with every member (what it leaves out is not documented to be kept), and a listing
// that follows ListTerms' NextToken and names each document's client from the clients read.
import {
  CognitoIdentityProviderClient,
  CreateTermsCommand,
  DeleteTermsCommand,
  DescribeTermsCommand,
  type DescribeTermsRequest,
  ListTermsCommand,
  type TermsType,
  UpdateTermsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import type { LivePool } from "../../src/core/live-types.js";
import { termsEffects } from "../../src/kinds/terms/aws.js";

const POOL = "us-east-1_Terms1";
const idp = new CognitoIdentityProviderClient({ region: "us-east-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
const mock = mockClient(idp);
afterEach(() => mock.reset());

const DATE = new Date("2026-01-01T00:00:00Z");
const terms = (id: string, clientId: string, name: TermsType["TermsName"]): TermsType => ({
  TermsId: id,
  UserPoolId: POOL,
  ClientId: clientId,
  TermsName: name,
  TermsSource: "LINK",
  Enforcement: "NONE",
  Links: { "cognito:default": `https://example.com/${name}` },
  CreationDate: DATE,
  LastModifiedDate: DATE,
});

const pool = (): LivePool => ({
  id: POOL,
  name: "P",
  region: "us-east-1",
  raw: {},
  stackTag: "s",
  children: { client: [{ ClientId: "webid", ClientName: "web" }] },
});

describe("terms requests", () => {
  it("creates a document for the owner's id, with the file's links", async () => {
    mock.on(CreateTermsCommand).resolves({});
    await termsEffects.create(idp, POOL, { name: "privacy-policy", enforcement: "NONE", links: { "cognito:default": "https://example.com/p" } }, "webid");
    expect(mock.commandCalls(CreateTermsCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: POOL, ClientId: "webid", TermsName: "privacy-policy", TermsSource: "LINK", Enforcement: "NONE", Links: { "cognito:default": "https://example.com/p" } },
    ]);
  });

  it("updates in place by id, sending every member", async () => {
    mock.on(UpdateTermsCommand).resolves({});
    const live = { clientName: "web", terms: terms("11111111-1111-4111-8111-111111111111", "webid", "terms-of-use") };
    const links = { "cognito:default": "https://example.com/t", "cognito:french": "https://example.com/fr/t" };
    await termsEffects.update(idp, POOL, { name: "terms-of-use", enforcement: "NONE", links }, live, []);
    expect(mock.commandCalls(UpdateTermsCommand).map((c) => c.args[0].input)).toEqual([
      { UserPoolId: POOL, TermsId: "11111111-1111-4111-8111-111111111111", TermsName: "terms-of-use", TermsSource: "LINK", Enforcement: "NONE", Links: links },
    ]);
  });

  it("deletes by id, and a document already gone is no error", async () => {
    mock.on(DeleteTermsCommand).rejects(Object.assign(new Error("gone"), { name: "ResourceNotFoundException" }));
    await termsEffects.delete(idp, POOL, { clientName: "web", terms: terms("22222222-2222-4222-8222-222222222222", "webid", "terms-of-use") });
    expect(mock.commandCalls(DeleteTermsCommand)[0]?.args[0].input).toEqual({ UserPoolId: POOL, TermsId: "22222222-2222-4222-8222-222222222222" });
  });

  it("lists every page and names each document's client from the clients read", async () => {
    const first = terms("11111111-1111-4111-8111-111111111111", "webid", "terms-of-use");
    const second = terms("22222222-2222-4222-8222-222222222222", "unknownid", "privacy-policy");
    mock.on(ListTermsCommand, { UserPoolId: POOL, MaxResults: 60 }).resolves({ Terms: [first], NextToken: "next" });
    mock.on(ListTermsCommand, { UserPoolId: POOL, MaxResults: 60, NextToken: "next" }).resolves({ Terms: [second] });
    mock.on(DescribeTermsCommand).callsFake((input: DescribeTermsRequest) => ({ Terms: [first, second].find((t) => t.TermsId === input.TermsId) }));
    const live = await termsEffects.list(idp, pool());
    expect(live.map((l) => [l.clientName, l.terms.TermsName])).toEqual([
      ["web", "terms-of-use"],
      // A client not read (another file's, or deleted since) is named by its id, which no entry matches.
      ["unknownid", "privacy-policy"],
    ]);
    expect(mock.commandCalls(ListTermsCommand)).toHaveLength(2);
  });
});
