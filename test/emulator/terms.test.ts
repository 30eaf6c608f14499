// Terms documents (CreateTerms, UpdateTerms, DeleteTerms, DescribeTerms, ListTerms) as the AWS API
// reference describes them: one document per app client and TermsName (TermsExistsException for a
// second), on an existing client of the pool, listed in pages of at most 60.
import { randomUUID } from "node:crypto";
import {
  CreateTermsCommand,
  type CreateTermsRequest,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteTermsCommand,
  DeleteUserPoolClientCommand,
  DescribeTermsCommand,
  ListTermsCommand,
  type TermsType,
  UpdateTermsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient } from "../helpers/cli.js";

const idp = idpClient(inject("emulatorUrl"));
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const LINKS = { "cognito:default": "https://example.com/terms", "cognito:spanish": "https://example.com/es/terms" };

async function newPool(): Promise<string> {
  return (await idp.send(new CreateUserPoolCommand({ PoolName: `terms-${randomUUID().slice(0, 8)}` }))).UserPool!.Id!;
}

async function newClient(poolId: string, name = "web"): Promise<string> {
  return (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: name }))).UserPoolClient!.ClientId!;
}

function request(poolId: string, clientId: string, name: "terms-of-use" | "privacy-policy" = "terms-of-use", links: Record<string, string> = LINKS): CreateTermsRequest {
  return { UserPoolId: poolId, ClientId: clientId, TermsName: name, TermsSource: "LINK", Enforcement: "NONE", Links: links };
}

async function create(poolId: string, clientId: string, name: "terms-of-use" | "privacy-policy" = "terms-of-use"): Promise<TermsType> {
  return (await idp.send(new CreateTermsCommand(request(poolId, clientId, name)))).Terms!;
}

async function describeTerms(poolId: string, termsId: string): Promise<TermsType> {
  return (await idp.send(new DescribeTermsCommand({ UserPoolId: poolId, TermsId: termsId }))).Terms!;
}

async function listAll(poolId: string, maxResults?: number): Promise<{ pages: number[]; ids: string[] }> {
  const pages: number[] = [];
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await idp.send(new ListTermsCommand({ UserPoolId: poolId, ...(maxResults ? { MaxResults: maxResults } : {}), ...(token ? { NextToken: token } : {}) }));
    pages.push(page.Terms!.length);
    ids.push(...page.Terms!.map((t) => t.TermsId!));
    token = page.NextToken;
  } while (token);
  return { pages, ids };
}

describe("terms documents", () => {
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    poolId = await newPool();
    clientId = await newClient(poolId);
  });

  it("creates terms for an app client and describes them as created", async () => {
    const before = Date.now();
    const terms = await create(poolId, clientId);
    expect(terms).toEqual({
      TermsId: expect.stringMatching(UUID_V4),
      UserPoolId: poolId,
      ClientId: clientId,
      TermsName: "terms-of-use",
      TermsSource: "LINK",
      Enforcement: "NONE",
      Links: LINKS,
      CreationDate: expect.any(Date),
      LastModifiedDate: expect.any(Date),
    });
    expect(terms.CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(terms.LastModifiedDate).toEqual(terms.CreationDate);
    expect(await describeTerms(poolId, terms.TermsId!)).toEqual(terms);
  });

  it("one document per client and TermsName: a second is TermsExistsException; the other name or another client is fine", async () => {
    const client = await newClient(poolId, "unique");
    const first = await create(poolId, client);
    await expect(idp.send(new CreateTermsCommand(request(poolId, client)))).rejects.toMatchObject({ name: "TermsExistsException" });
    const privacy = await create(poolId, client, "privacy-policy");
    expect(privacy.TermsId).not.toBe(first.TermsId);
    const elsewhere = await create(poolId, await newClient(poolId, "elsewhere"));
    expect(elsewhere.TermsId).not.toBe(first.TermsId);
  });

  it("accepts links without cognito:default (the reference does not require it), and refuses terms without links", async () => {
    const client = await newClient(poolId, "links");
    const terms = (await idp.send(new CreateTermsCommand(request(poolId, client, "privacy-policy", { "cognito:french": "https://example.com/fr" })))).Terms!;
    expect(terms.Links).toEqual({ "cognito:french": "https://example.com/fr" });
    const { Links: _links, ...withoutLinks } = request(poolId, client);
    await expect(idp.send(new CreateTermsCommand(withoutLinks))).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("needs an existing app client of the pool", async () => {
    await expect(idp.send(new CreateTermsCommand(request(poolId, "doesnotexist0000")))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    const otherPool = await newPool();
    await expect(idp.send(new CreateTermsCommand(request(otherPool, clientId)))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(idp.send(new CreateTermsCommand(request("us-east-1_doesNotExist0", clientId)))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("UpdateTerms changes what it sends and keeps the rest", async () => {
    const client = await newClient(poolId, "update");
    const terms = await create(poolId, client, "privacy-policy");
    const links = { "cognito:default": "https://example.com/v2/privacy" };
    const { Terms: updated } = await idp.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: terms.TermsId, Links: links }));
    expect(updated).toEqual({ ...terms, Links: links, LastModifiedDate: expect.any(Date) });
    expect(updated!.LastModifiedDate!.getTime()).toBeGreaterThanOrEqual(terms.LastModifiedDate!.getTime());
    expect(await describeTerms(poolId, terms.TermsId!)).toEqual(updated);

    const renamed = (await idp.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: terms.TermsId, TermsName: "terms-of-use" }))).Terms!;
    expect(renamed).toEqual({ ...terms, TermsName: "terms-of-use", Links: links, LastModifiedDate: expect.any(Date) });
  });

  it("UpdateTerms refuses a TermsName the client already has", async () => {
    const client = await newClient(poolId, "rename");
    await create(poolId, client, "terms-of-use");
    const privacy = await create(poolId, client, "privacy-policy");
    await expect(idp.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: privacy.TermsId, TermsName: "terms-of-use" }))).rejects.toMatchObject({
      name: "TermsExistsException",
    });
    expect((await describeTerms(poolId, privacy.TermsId!)).TermsName).toBe("privacy-policy");
  });

  it("DeleteTerms deletes the document; the name is free again", async () => {
    const client = await newClient(poolId, "delete");
    const terms = await create(poolId, client);
    await idp.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: terms.TermsId }));
    await expect(describeTerms(poolId, terms.TermsId!)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(idp.send(new DeleteTermsCommand({ UserPoolId: poolId, TermsId: terms.TermsId }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(idp.send(new UpdateTermsCommand({ UserPoolId: poolId, TermsId: terms.TermsId, Links: LINKS }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    expect((await create(poolId, client)).TermsId).not.toBe(terms.TermsId);
  });

  it("terms are found only in their own pool", async () => {
    const terms = await create(poolId, await newClient(poolId, "own-pool"));
    const otherPool = await newPool();
    await expect(describeTerms(otherPool, terms.TermsId!)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(describeTerms(poolId, randomUUID())).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("DeleteUserPoolClient deletes the client's terms", async () => {
    const pool = await newPool();
    const client = await newClient(pool);
    const kept = await create(pool, await newClient(pool, "kept"));
    const terms = await create(pool, client);
    const privacy = await create(pool, client, "privacy-policy");
    await idp.send(new DeleteUserPoolClientCommand({ UserPoolId: pool, ClientId: client }));
    await expect(describeTerms(pool, terms.TermsId!)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(describeTerms(pool, privacy.TermsId!)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect((await listAll(pool)).ids).toEqual([kept.TermsId]);
  });

  it("ListTerms lists the pool's documents oldest first, with their summary, in pages of MaxResults", async () => {
    const pool = await newPool();
    expect(await idp.send(new ListTermsCommand({ UserPoolId: pool }))).toMatchObject({ Terms: [] });
    const created: TermsType[] = [];
    for (let i = 0; i < 3; i++) {
      const client = await newClient(pool, `client-${i}`);
      created.push(await create(pool, client, "terms-of-use"), await create(pool, client, "privacy-policy"));
    }
    const first = await idp.send(new ListTermsCommand({ UserPoolId: pool, MaxResults: 4 }));
    expect(first.Terms).toEqual(
      created.slice(0, 4).map((t) => ({ TermsId: t.TermsId, TermsName: t.TermsName, Enforcement: "NONE", CreationDate: t.CreationDate, LastModifiedDate: t.LastModifiedDate })),
    );
    expect(first.NextToken).toEqual(expect.any(String));
    const second = await idp.send(new ListTermsCommand({ UserPoolId: pool, MaxResults: 4, NextToken: first.NextToken }));
    expect(second.Terms!.map((t) => t.TermsId)).toEqual(created.slice(4).map((t) => t.TermsId));
    expect(second.NextToken).toBeUndefined();
    expect(await listAll(pool, 2)).toEqual({ pages: [2, 2, 2], ids: created.map((t) => t.TermsId) });
  });

  it("ListTerms without MaxResults answers pages of 60", async () => {
    const pool = await newPool();
    const ids: string[] = [];
    for (let i = 0; i < 31; i++) {
      const client = await newClient(pool, `client-${i}`);
      ids.push((await create(pool, client, "terms-of-use")).TermsId!, (await create(pool, client, "privacy-policy")).TermsId!);
    }
    expect(await listAll(pool)).toEqual({ pages: [60, 2], ids });
    expect(await listAll(pool, 60)).toEqual({ pages: [60, 2], ids });
  });

  it("ListTerms refuses MaxResults outside 1 to 60 and a NextToken it did not give", async () => {
    for (const MaxResults of [0, 61]) {
      await expect(idp.send(new ListTermsCommand({ UserPoolId: poolId, MaxResults }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    }
    await expect(idp.send(new ListTermsCommand({ UserPoolId: poolId, NextToken: "not-a-token" }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(idp.send(new ListTermsCommand({ UserPoolId: "us-east-1_doesNotExist0" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});
