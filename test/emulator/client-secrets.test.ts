// AddUserPoolClientSecret / ListUserPoolClientSecrets / DeleteUserPoolClientSecret, and a custom
// ClientSecret on CreateUserPoolClient, as the AWS API reference describes them: a confidential
// client has up to two secrets, named <client-id>--<epoch-create-time>; a value is answered only
// when Cognito made it; the last secret cannot be deleted. The token endpoint accepts each of a
// client's secrets, which is what rotation relies on.
import { randomUUID } from "node:crypto";
import {
  AddUserPoolClientSecretCommand,
  type ClientSecretDescriptorType,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientRequest,
  CreateUserPoolCommand,
  DeleteUserPoolClientSecretCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolClientSecretsCommand,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient } from "../helpers/cli.js";

const url = inject("emulatorUrl");
const idp = idpClient(url);
const SECRET = /^[\w+]{24,64}$/;
const CUSTOM = "my0custom0secret0of0thirty0two0c";
const API = "https://api.example.com";

async function newClient(poolId: string, request: Omit<CreateUserPoolClientRequest, "UserPoolId" | "ClientName"> = { GenerateSecret: true }): Promise<UserPoolClientType> {
  return (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: `c-${randomUUID().slice(0, 6)}`, ...request }))).UserPoolClient!;
}

async function secretsOf(poolId: string, clientId: string): Promise<ClientSecretDescriptorType[]> {
  return (await idp.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets!;
}

async function describedSecret(poolId: string, clientId: string): Promise<string | undefined> {
  return (await idp.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!.ClientSecret;
}

async function addSecret(poolId: string, clientId: string, secret?: string): Promise<ClientSecretDescriptorType> {
  return (await idp.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ...(secret ? { ClientSecret: secret } : {}) }))).ClientSecretDescriptor!;
}

/** The secret id's epoch-create-time: the create date in milliseconds. */
function expectIdMatchesDate(clientId: string, secret: ClientSecretDescriptorType): void {
  expect(secret.ClientSecretId).toBe(`${clientId}--${secret.ClientSecretCreateDate!.getTime()}`);
}

async function tokenStatus(clientId: string, secret: string): Promise<number> {
  const response = await fetch(`${url}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "client_credentials", scope: `${API}/read` }).toString(),
  });
  await response.arrayBuffer();
  return response.status;
}

describe("client secrets", () => {
  let poolId: string;

  beforeAll(async () => {
    poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: `secrets-${randomUUID().slice(0, 8)}` }))).UserPool!.Id!;
  });

  it("a client created with GenerateSecret has one secret, listed by id and create date without its value", async () => {
    const client = await newClient(poolId);
    expect(client.ClientSecret).toMatch(SECRET);
    const secrets = await secretsOf(poolId, client.ClientId!);
    expect(secrets).toEqual([{ ClientSecretId: expect.any(String), ClientSecretCreateDate: client.CreationDate }]);
    expectIdMatchesDate(client.ClientId!, secrets[0]!);
  });

  it("a public client has no secrets, and cannot be given one: InvalidParameterException", async () => {
    const client = await newClient(poolId, { GenerateSecret: false });
    expect(await secretsOf(poolId, client.ClientId!)).toEqual([]);
    await expect(addSecret(poolId, client.ClientId!)).rejects.toMatchObject({ name: "InvalidParameterException" });
    expect(await describedSecret(poolId, client.ClientId!)).toBeUndefined();
  });

  it("adds a second secret that Cognito makes, answered with its value once; DescribeUserPoolClient shows the newest", async () => {
    const client = await newClient(poolId);
    const before = Date.now();
    const added = await addSecret(poolId, client.ClientId!);
    expect(added).toEqual({ ClientSecretId: expect.any(String), ClientSecretValue: expect.stringMatching(SECRET), ClientSecretCreateDate: expect.any(Date) });
    expect(added.ClientSecretCreateDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expectIdMatchesDate(client.ClientId!, added);
    expect(added.ClientSecretValue).not.toBe(client.ClientSecret);

    const secrets = await secretsOf(poolId, client.ClientId!);
    expect(secrets).toEqual([
      { ClientSecretId: `${client.ClientId}--${client.CreationDate!.getTime()}`, ClientSecretCreateDate: client.CreationDate },
      { ClientSecretId: added.ClientSecretId, ClientSecretCreateDate: added.ClientSecretCreateDate },
    ]);
    expect(secrets[1]!.ClientSecretCreateDate!.getTime()).toBeGreaterThan(secrets[0]!.ClientSecretCreateDate!.getTime());
    expect(await describedSecret(poolId, client.ClientId!)).toBe(added.ClientSecretValue);
  });

  it("adds a secret the caller gives, answered without its value", async () => {
    const client = await newClient(poolId);
    const added = await addSecret(poolId, client.ClientId!, CUSTOM);
    expect(added).toEqual({ ClientSecretId: expect.any(String), ClientSecretCreateDate: expect.any(Date) });
    expectIdMatchesDate(client.ClientId!, added);
    expect(await describedSecret(poolId, client.ClientId!)).toBe(CUSTOM);
  });

  it("a third secret is LimitExceededException", async () => {
    const client = await newClient(poolId);
    await addSecret(poolId, client.ClientId!);
    await expect(addSecret(poolId, client.ClientId!)).rejects.toMatchObject({ name: "LimitExceededException" });
    await expect(addSecret(poolId, client.ClientId!, CUSTOM)).rejects.toMatchObject({ name: "LimitExceededException" });
    expect(await secretsOf(poolId, client.ClientId!)).toHaveLength(2);
  });

  it("refuses a given secret outside 24 to 64 letters, digits, _ or + (the service model)", async () => {
    const client = await newClient(poolId);
    for (const secret of ["a".repeat(23), "a".repeat(65), `${"a".repeat(30)}-dash`]) {
      await expect(addSecret(poolId, client.ClientId!, secret)).rejects.toMatchObject({ name: "InvalidParameterException" });
    }
    expect(await secretsOf(poolId, client.ClientId!)).toHaveLength(1);
  });

  it("deletes the older secret; the newest stays and is described", async () => {
    const client = await newClient(poolId);
    const [original] = await secretsOf(poolId, client.ClientId!);
    const added = await addSecret(poolId, client.ClientId!);
    await idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: client.ClientId, ClientSecretId: original!.ClientSecretId }));
    expect(await secretsOf(poolId, client.ClientId!)).toEqual([{ ClientSecretId: added.ClientSecretId, ClientSecretCreateDate: added.ClientSecretCreateDate }]);
    expect(await describedSecret(poolId, client.ClientId!)).toBe(added.ClientSecretValue);
  });

  it("deleting the newest secret makes DescribeUserPoolClient show the one left", async () => {
    const client = await newClient(poolId);
    const added = await addSecret(poolId, client.ClientId!);
    await idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: client.ClientId, ClientSecretId: added.ClientSecretId }));
    expect(await describedSecret(poolId, client.ClientId!)).toBe(client.ClientSecret);
    expect(await secretsOf(poolId, client.ClientId!)).toHaveLength(1);
  });

  it("refuses to delete the last remaining secret (InvalidParameterException), and answers ResourceNotFoundException for an unknown one", async () => {
    const client = await newClient(poolId);
    const [only] = await secretsOf(poolId, client.ClientId!);
    await expect(
      idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: client.ClientId, ClientSecretId: only!.ClientSecretId })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(
      idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: client.ClientId, ClientSecretId: `${client.ClientId}--1` })),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    expect(await secretsOf(poolId, client.ClientId!)).toEqual([only]);
    expect(await describedSecret(poolId, client.ClientId!)).toBe(client.ClientSecret);
  });

  it("CreateUserPoolClient with a ClientSecret makes a confidential client with that secret; with GenerateSecret too it is refused", async () => {
    const client = await newClient(poolId, { ClientSecret: CUSTOM });
    expect(client.ClientSecret).toBe(CUSTOM);
    expect(await describedSecret(poolId, client.ClientId!)).toBe(CUSTOM);
    const secrets = await secretsOf(poolId, client.ClientId!);
    expect(secrets).toHaveLength(1);
    expectIdMatchesDate(client.ClientId!, secrets[0]!);
    await expect(newClient(poolId, { GenerateSecret: true, ClientSecret: CUSTOM })).rejects.toMatchObject({ name: "InvalidParameterException" });
  });

  it("answers ResourceNotFoundException for a client or pool that does not exist", async () => {
    await expect(secretsOf(poolId, "doesnotexist0000")).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(addSecret(poolId, "doesnotexist0000")).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(secretsOf("us-east-1_doesNotExist0", "doesnotexist0000")).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("the token endpoint accepts both secrets while two exist, and not a deleted one", async () => {
    await idp.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: API, Name: "API", Scopes: [{ ScopeName: "read", ScopeDescription: "Read" }] }));
    const client = await newClient(poolId, {
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ["client_credentials"],
      AllowedOAuthScopes: [`${API}/read`],
    });
    const [original] = await secretsOf(poolId, client.ClientId!);
    const added = await addSecret(poolId, client.ClientId!);
    expect(await tokenStatus(client.ClientId!, client.ClientSecret!)).toBe(200);
    expect(await tokenStatus(client.ClientId!, added.ClientSecretValue!)).toBe(200);
    await idp.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: client.ClientId, ClientSecretId: original!.ClientSecretId }));
    expect(await tokenStatus(client.ClientId!, client.ClientSecret!)).toBe(400);
    expect(await tokenStatus(client.ClientId!, added.ClientSecretValue!)).toBe(200);
  });
});
