// SetUICustomization / GetUICustomization (hosted UI (classic) branding) as the AWS API reference
// and the developer guide describe them: a pool needs a domain; ClientId ALL (or none) is the
// pool's default, which a client without its own is answered with; each request is the whole
// customization; the logo is served at its ImageUrl, here by the emulator itself.
import { randomUUID } from "node:crypto";
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolClientCommand,
  DeleteUserPoolCommand,
  GetUICustomizationCommand,
  SetUICustomizationCommand,
  type UICustomizationType,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient, uniqueSuffix } from "../helpers/cli.js";

const url = inject("emulatorUrl");
const idp = idpClient(url);

const CSS = ".banner-customizable {\n  padding: 25px 0px 25px 0px;\n  background-color: lightgray;\n}\n";
const OTHER_CSS = ".submitButton-customizable {\n  background-color: #0972d3;\n}\n";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 9, 8, 7]);

async function newPool(withDomain = true): Promise<string> {
  const poolId = (await idp.send(new CreateUserPoolCommand({ PoolName: `ui-${randomUUID().slice(0, 8)}` }))).UserPool!.Id!;
  if (withDomain) await idp.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `ui-${uniqueSuffix()}` }));
  return poolId;
}

async function newClient(poolId: string, name = "web"): Promise<string> {
  return (await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: name }))).UserPoolClient!.ClientId!;
}

async function customizationOf(poolId: string, clientId?: string): Promise<UICustomizationType> {
  return (await idp.send(new GetUICustomizationCommand({ UserPoolId: poolId, ...(clientId ? { ClientId: clientId } : {}) }))).UICustomization!;
}

async function image(imageUrl: string): Promise<{ status: number; type: string | null; bytes: Uint8Array }> {
  const response = await fetch(imageUrl);
  return { status: response.status, type: response.headers.get("content-type"), bytes: new Uint8Array(await response.arrayBuffer()) };
}

describe("SetUICustomization and GetUICustomization", () => {
  let poolId: string;

  beforeAll(async () => {
    poolId = await newPool();
  });

  it("a pool needs a domain: without one Set is InvalidParameterException, and Get answers an empty customization", async () => {
    const bare = await newPool(false);
    await expect(idp.send(new SetUICustomizationCommand({ UserPoolId: bare, CSS }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(idp.send(new SetUICustomizationCommand({ UserPoolId: bare, ClientId: await newClient(bare), CSS }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
    expect(await customizationOf(bare)).toEqual({});
  });

  it("answers an empty customization for a pool and a client when nothing is set", async () => {
    const fresh = await newPool();
    expect(await customizationOf(fresh)).toEqual({});
    expect(await customizationOf(fresh, await newClient(fresh))).toEqual({});
    expect(await customizationOf(fresh, "ALL")).toEqual({});
  });

  it("sets the pool's default with ClientId ALL or none, and serves the logo at ImageUrl on the emulator", async () => {
    const pool = await newPool();
    const before = Date.now();
    const { UICustomization: set } = await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, CSS, ImageFile: PNG }));
    expect(set).toEqual({
      UserPoolId: pool,
      ClientId: "ALL",
      ImageUrl: expect.stringMatching(new RegExp(`^${url}/_ui-assets/${pool}/ALL/\\d{17}/image\\.png$`)),
      CSS,
      CSSVersion: expect.stringMatching(/^\d{17}$/),
      LastModifiedDate: expect.any(Date),
      CreationDate: expect.any(Date),
    });
    expect(set!.CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await customizationOf(pool)).toEqual(set);
    expect(await customizationOf(pool, "ALL")).toEqual(set);
    expect(await image(set!.ImageUrl!)).toEqual({ status: 200, type: "image/png", bytes: PNG });

    const { UICustomization: all } = await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, ClientId: "ALL", CSS: OTHER_CSS }));
    expect(all!.ClientId).toBe("ALL");
    expect((await customizationOf(pool)).CSS).toBe(OTHER_CSS);
  });

  it("a client without its own customization is answered with the pool's", async () => {
    const pool = await newPool();
    const client = await newClient(pool);
    const { UICustomization: set } = await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, CSS, ImageFile: PNG }));
    expect(await customizationOf(pool, client)).toEqual(set);
  });

  it("a client's own customization is answered with its ClientId; other clients keep the pool's", async () => {
    const own = await newClient(poolId, "own");
    const inheriting = await newClient(poolId, "inherits");
    const { UICustomization: pools } = await idp.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS, ImageFile: PNG }));
    const { UICustomization: clients } = await idp.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: own, CSS: OTHER_CSS }));
    expect(clients).toEqual({
      UserPoolId: poolId,
      ClientId: own,
      CSS: OTHER_CSS,
      CSSVersion: expect.stringMatching(/^\d{17}$/),
      LastModifiedDate: expect.any(Date),
      CreationDate: expect.any(Date),
    });
    expect(await customizationOf(poolId, own)).toEqual(clients);
    expect(await customizationOf(poolId, inheriting)).toEqual(pools);
    expect(await customizationOf(poolId)).toEqual(pools);
  });

  it("each Set is the whole customization: what it leaves out is removed, CreationDate stays", async () => {
    const pool = await newPool();
    const client = await newClient(pool);
    const first = (await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, ClientId: client, CSS, ImageFile: PNG }))).UICustomization!;
    const second = (await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, ClientId: client, ImageFile: JPEG }))).UICustomization!;
    expect(second).toEqual({
      UserPoolId: pool,
      ClientId: client,
      ImageUrl: expect.stringMatching(new RegExp(`^${url}/_ui-assets/${pool}/${client}/\\d{17}/image\\.jpg$`)),
      LastModifiedDate: expect.any(Date),
      CreationDate: first.CreationDate,
    });
    expect(second.LastModifiedDate!.getTime()).toBeGreaterThanOrEqual(first.LastModifiedDate!.getTime());
    expect(await customizationOf(pool, client)).toEqual(second);
  });

  it("a new image gets a new ImageUrl, the old one is gone; new CSS gets a new CSSVersion", async () => {
    const pool = await newPool();
    const first = (await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, CSS, ImageFile: PNG }))).UICustomization!;
    const second = (await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, CSS: OTHER_CSS, ImageFile: JPEG }))).UICustomization!;
    expect(second.ImageUrl).not.toBe(first.ImageUrl);
    expect(second.CSSVersion).not.toBe(first.CSSVersion);
    expect(Number(second.CSSVersion)).toBeGreaterThan(Number(first.CSSVersion));
    expect((await image(first.ImageUrl!)).status).toBe(404);
    expect(await image(second.ImageUrl!)).toEqual({ status: 200, type: "image/jpeg", bytes: JPEG });
  });

  it("a Set with neither CSS nor ImageFile removes that customization: the client falls back to the pool's, the pool to none", async () => {
    const pool = await newPool();
    const client = await newClient(pool);
    const pools = (await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, CSS }))).UICustomization!;
    const own = (await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, ClientId: client, ImageFile: PNG }))).UICustomization!;

    const { UICustomization: removed } = await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, ClientId: client }));
    expect(removed).toEqual({ UserPoolId: pool, ClientId: client });
    expect(await customizationOf(pool, client)).toEqual(pools);
    expect((await image(own.ImageUrl!)).status).toBe(404);

    await idp.send(new SetUICustomizationCommand({ UserPoolId: pool }));
    expect(await customizationOf(pool)).toEqual({});
    expect(await customizationOf(pool, client)).toEqual({});
  });

  it("deleting an app client deletes its customization and its image", async () => {
    const pool = await newPool();
    const client = await newClient(pool);
    const own = (await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, ClientId: client, CSS, ImageFile: PNG }))).UICustomization!;
    expect((await image(own.ImageUrl!)).status).toBe(200);
    await idp.send(new DeleteUserPoolClientCommand({ UserPoolId: pool, ClientId: client }));
    expect((await image(own.ImageUrl!)).status).toBe(404);
    await expect(customizationOf(pool, client)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("deleting the pool deletes its customization and its image", async () => {
    const pool = await newPool();
    const set = (await idp.send(new SetUICustomizationCommand({ UserPoolId: pool, ImageFile: PNG }))).UICustomization!;
    await idp.send(new DeleteUserPoolCommand({ UserPoolId: pool }));
    expect((await image(set.ImageUrl!)).status).toBe(404);
  });

  it("answers ResourceNotFoundException for a pool or a client that does not exist", async () => {
    const missingPool = "us-east-1_doesNotExist0";
    await expect(idp.send(new SetUICustomizationCommand({ UserPoolId: missingPool, CSS }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(idp.send(new GetUICustomizationCommand({ UserPoolId: missingPool }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(idp.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: "doesnotexist0000", CSS }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(customizationOf(poolId, "doesnotexist0000")).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("refuses an image or CSS larger than the service model allows", async () => {
    const pool = await newPool();
    await expect(idp.send(new SetUICustomizationCommand({ UserPoolId: pool, ImageFile: new Uint8Array(131073) }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(idp.send(new SetUICustomizationCommand({ UserPoolId: pool, CSS: "a".repeat(131073) }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    expect(await customizationOf(pool)).toEqual({});
  });
});
