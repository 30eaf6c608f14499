// Managed login branding styles (CreateManagedLoginBranding, UpdateManagedLoginBranding,
// DeleteManagedLoginBranding, DescribeManagedLoginBranding, DescribeManagedLoginBrandingByClient) as
// the AWS API reference describes them: one style per app client, UseCognitoProvidedValues alone or
// Settings and Assets, one asset per category and display mode, favicons of their own file type,
// and an update that keeps what it leaves out.
import { randomUUID } from "node:crypto";
import {
  type AssetType,
  CreateManagedLoginBrandingCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteManagedLoginBrandingCommand,
  DeleteUserPoolClientCommand,
  DescribeManagedLoginBrandingByClientCommand,
  DescribeManagedLoginBrandingCommand,
  type ManagedLoginBrandingType,
  UpdateManagedLoginBrandingCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { idpClient } from "../helpers/cli.js";

const url = inject("emulatorUrl");
const idp = idpClient(url);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const SETTINGS = {
  components: { pageBackground: { image: { enabled: true } }, primaryButton: { lightMode: { defaults: { backgroundColor: "0972d3ff" } } } },
  categories: { global: { colorSchemeMode: "LIGHT", spacingDensity: "REGULAR" }, form: { displayGraphics: true, location: { horizontal: "CENTER" } } },
  list: [1, 2.5, "three", false, null],
};
const ICO = new Uint8Array([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 255, 254, 253]);
const SVG = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"/>');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0xff]);
const ASSETS: AssetType[] = [
  { Category: "FAVICON_ICO", ColorMode: "LIGHT", Extension: "ICO", Bytes: ICO },
  { Category: "FAVICON_SVG", ColorMode: "DYNAMIC", Extension: "SVG", Bytes: SVG },
  { Category: "PAGE_HEADER_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: PNG },
  { Category: "PAGE_HEADER_LOGO", ColorMode: "DARK", Extension: "PNG", Bytes: PNG, ResourceId: "header-dark" },
];
/** A value the SDK's types do not allow, sent to see the emulator refuse it. */
const notInModel = (value: unknown): never => value as never;

async function newPool(): Promise<string> {
  const created = await idp.send(new CreateUserPoolCommand({ PoolName: `branding-${randomUUID().slice(0, 8)}` }));
  return created.UserPool!.Id!;
}

async function newClient(poolId: string, name = "web"): Promise<string> {
  const created = await idp.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: name }));
  return created.UserPoolClient!.ClientId!;
}

async function byClient(poolId: string, clientId: string): Promise<ManagedLoginBrandingType> {
  return (await idp.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId }))).ManagedLoginBranding!;
}

async function byId(poolId: string, brandingId: string): Promise<ManagedLoginBrandingType> {
  return (await idp.send(new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: brandingId }))).ManagedLoginBranding!;
}

/** An AWS JSON request sent as it is, to see the exact text of the answer. */
async function rawCall(operation: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": `AWSCognitoIdentityProviderService.${operation}`,
      Authorization: "AWS4-HMAC-SHA256 Credential=test/20250101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("managed login branding", () => {
  let poolId: string;

  beforeAll(async () => {
    poolId = await newPool();
  });

  it("creates a style with Settings and Assets and describes it by id and by client as it was sent", async () => {
    const clientId = await newClient(poolId);
    const before = Date.now();
    const { ManagedLoginBranding: created } = await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: SETTINGS, Assets: ASSETS }));
    expect(created).toEqual({
      ManagedLoginBrandingId: expect.stringMatching(UUID_V4),
      UserPoolId: poolId,
      UseCognitoProvidedValues: false,
      Settings: SETTINGS,
      Assets: ASSETS,
      CreationDate: expect.any(Date),
      LastModifiedDate: expect.any(Date),
    });
    expect(created!.CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(created!.LastModifiedDate).toEqual(created!.CreationDate);
    expect(await byClient(poolId, clientId)).toEqual(created);
    expect(await byId(poolId, created!.ManagedLoginBrandingId!)).toEqual(created);
  });

  it("answers an asset's Bytes as exactly the base64 text that was sent", async () => {
    const clientId = await newClient(poolId);
    const bytes = Buffer.from(PNG).toString("base64");
    const asset = { Category: "FORM_LOGO", ColorMode: "DARK", Extension: "PNG", Bytes: bytes, ResourceId: "logo 1" };
    const created = await rawCall("CreateManagedLoginBranding", { UserPoolId: poolId, ClientId: clientId, Assets: [asset] });
    expect(created.status).toBe(200);
    expect((created.json.ManagedLoginBranding as { Assets: unknown }).Assets).toEqual([asset]);
    const described = await rawCall("DescribeManagedLoginBrandingByClient", { UserPoolId: poolId, ClientId: clientId });
    expect((described.json.ManagedLoginBranding as { Assets: unknown }).Assets).toEqual([asset]);
  });

  it("refuses Bytes that are not base64", async () => {
    const clientId = await newClient(poolId);
    const refused = await rawCall("CreateManagedLoginBranding", {
      UserPoolId: poolId,
      ClientId: clientId,
      Assets: [{ Category: "FORM_LOGO", ColorMode: "DARK", Extension: "PNG", Bytes: "not base64!" }],
    });
    expect(refused.status).toBe(400);
    expect(refused.json.__type).toBe("InvalidParameterException");
    await expect(byClient(poolId, clientId)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("gives each app client one style: a second create for the client is ManagedLoginBrandingExistsException", async () => {
    const clientId = await newClient(poolId);
    const other = await newClient(poolId, "other");
    const first = (await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true }))).ManagedLoginBranding!;
    await expect(idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: SETTINGS }))).rejects.toMatchObject({
      name: "ManagedLoginBrandingExistsException",
    });
    expect(await byClient(poolId, clientId)).toEqual(first);
    const second = (await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: other, UseCognitoProvidedValues: true }))).ManagedLoginBranding!;
    expect(second.ManagedLoginBrandingId).not.toBe(first.ManagedLoginBrandingId);
    expect(second.ManagedLoginBrandingId).toMatch(UUID_V4);
  });

  it("UseCognitoProvidedValues alone makes a style with no settings or assets of its own", async () => {
    const clientId = await newClient(poolId);
    await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true }));
    const style = await byClient(poolId, clientId);
    expect(style).toEqual({
      ManagedLoginBrandingId: expect.stringMatching(UUID_V4),
      UserPoolId: poolId,
      UseCognitoProvidedValues: true,
      Assets: [],
      CreationDate: expect.any(Date),
      LastModifiedDate: expect.any(Date),
    });
    // ReturnMergedResources is accepted; the emulator has no Cognito defaults to merge in.
    for (const merged of [true, false]) {
      const { ManagedLoginBranding } = await idp.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId, ReturnMergedResources: merged }));
      expect(ManagedLoginBranding).toEqual(style);
      const described = await idp.send(
        new DescribeManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: style.ManagedLoginBrandingId, ReturnMergedResources: merged }),
      );
      expect(described.ManagedLoginBranding).toEqual(style);
    }
  });

  it("refuses UseCognitoProvidedValues true together with Settings or Assets, on create and on update", async () => {
    const clientId = await newClient(poolId);
    for (const extra of [{ Settings: SETTINGS }, { Assets: ASSETS.slice(0, 1) }, { Assets: [] }]) {
      await expect(idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true, ...extra }))).rejects.toMatchObject({
        name: "InvalidParameterException",
      });
    }
    await expect(byClient(poolId, clientId)).rejects.toMatchObject({ name: "ResourceNotFoundException" });

    const id = (await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: SETTINGS }))).ManagedLoginBranding!.ManagedLoginBrandingId!;
    for (const extra of [{ Settings: { other: 1 } }, { Assets: ASSETS.slice(0, 1) }]) {
      await expect(
        idp.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, UseCognitoProvidedValues: true, ...extra })),
      ).rejects.toMatchObject({ name: "InvalidParameterException" });
    }
    expect((await byId(poolId, id)).Settings).toEqual(SETTINGS);
  });

  it("refuses two assets of one Category and ColorMode, and favicons of another file type", async () => {
    const clientId = await newClient(poolId);
    const refused: AssetType[][] = [
      [ASSETS[2]!, { ...ASSETS[2]!, ResourceId: "again" }],
      [{ Category: "FAVICON_ICO", ColorMode: "LIGHT", Extension: "PNG", Bytes: PNG }],
      [{ Category: "FAVICON_SVG", ColorMode: "DARK", Extension: "PNG", Bytes: PNG }],
      [{ Category: "FAVICON_SVG", ColorMode: "DARK", Extension: "ICO", Bytes: ICO }],
    ];
    for (const assets of refused) {
      await expect(idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Assets: assets }))).rejects.toMatchObject({
        name: "InvalidParameterException",
      });
    }
    await expect(byClient(poolId, clientId)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    // The same category in two display modes is two assets.
    const allowed: AssetType[] = [ASSETS[0]!, { ...ASSETS[0]!, ColorMode: "DARK" }, { ...ASSETS[0]!, ColorMode: "DYNAMIC" }];
    const created = await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Assets: allowed }));
    expect(created.ManagedLoginBranding!.Assets).toEqual(allowed);
  });

  it("refuses Settings that are not a JSON object", async () => {
    const clientId = await newClient(poolId);
    await expect(idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: ["a", "b"] }))).rejects.toMatchObject({
      name: "InvalidParameterException",
    });
  });

  it("an update replaces what it sends and keeps what it leaves out", async () => {
    const clientId = await newClient(poolId);
    const created = (await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: SETTINGS, Assets: ASSETS }))).ManagedLoginBranding!;
    const id = created.ManagedLoginBrandingId!;

    const settings = { categories: { global: { colorSchemeMode: "DARK" } } };
    const { ManagedLoginBranding: updated } = await idp.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, Settings: settings }));
    expect(updated).toEqual({ ...created, Settings: settings, LastModifiedDate: expect.any(Date) });
    expect(updated!.LastModifiedDate!.getTime()).toBeGreaterThanOrEqual(created.LastModifiedDate!.getTime());
    expect(await byId(poolId, id)).toEqual(updated);

    const assets = [ASSETS[1]!];
    await idp.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, Assets: assets }));
    expect(await byClient(poolId, clientId)).toEqual({ ...created, Settings: settings, Assets: assets, LastModifiedDate: expect.any(Date) });
  });

  it("an update with UseCognitoProvidedValues true returns the style to Cognito's values; Settings later make it custom again", async () => {
    const clientId = await newClient(poolId);
    const id = (await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: SETTINGS, Assets: ASSETS }))).ManagedLoginBranding!
      .ManagedLoginBrandingId!;
    await idp.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, UseCognitoProvidedValues: true }));
    let style = await byId(poolId, id);
    expect(style.UseCognitoProvidedValues).toBe(true);
    expect(style.Settings).toBeUndefined();
    expect(style.Assets).toEqual([]);

    await idp.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id, Settings: SETTINGS }));
    style = await byId(poolId, id);
    expect(style.UseCognitoProvidedValues).toBe(false);
    expect(style.Settings).toEqual(SETTINGS);
    expect(style.Assets).toEqual([]);
  });

  it("refuses an update without ManagedLoginBrandingId, and one of a style that does not exist", async () => {
    await expect(idp.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, Settings: SETTINGS }))).rejects.toMatchObject({ name: "InvalidParameterException" });
    await expect(idp.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: randomUUID(), Settings: SETTINGS }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  it("DeleteManagedLoginBranding removes the style; the client can then have a new one", async () => {
    const clientId = await newClient(poolId);
    const id = (await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, UseCognitoProvidedValues: true }))).ManagedLoginBranding!
      .ManagedLoginBrandingId!;
    await idp.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id }));
    await expect(byId(poolId, id)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(byClient(poolId, clientId)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(idp.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: id }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    const again = await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: SETTINGS }));
    expect(again.ManagedLoginBranding!.ManagedLoginBrandingId).not.toBe(id);
  });

  it("DeleteUserPoolClient removes the client's style", async () => {
    const clientId = await newClient(poolId);
    const id = (await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: SETTINGS }))).ManagedLoginBranding!.ManagedLoginBrandingId!;
    await idp.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
    await expect(byId(poolId, id)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("a style is found only in its own pool", async () => {
    const clientId = await newClient(poolId);
    const id = (await idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Settings: SETTINGS }))).ManagedLoginBranding!.ManagedLoginBrandingId!;
    const otherPool = await newPool();
    await expect(byId(otherPool, id)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(idp.send(new DeleteManagedLoginBrandingCommand({ UserPoolId: otherPool, ManagedLoginBrandingId: id }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    expect((await byId(poolId, id)).Settings).toEqual(SETTINGS);
  });

  it("answers ResourceNotFoundException for a pool, client or style that does not exist, and for a client without a style", async () => {
    const missingPool = "us-east-1_doesNotExist0";
    await expect(idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: missingPool, ClientId: "doesnotexist0000", UseCognitoProvidedValues: true }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: "doesnotexist0000", UseCognitoProvidedValues: true }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
    await expect(byId(poolId, randomUUID())).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(byClient(poolId, "doesnotexist0000")).rejects.toMatchObject({ name: "ResourceNotFoundException" });
    await expect(byClient(poolId, await newClient(poolId))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });

  it("refuses an asset the service model does not allow", async () => {
    const clientId = await newClient(poolId);
    await expect(
      idp.send(new CreateManagedLoginBrandingCommand({ UserPoolId: poolId, ClientId: clientId, Assets: [{ Category: notInModel("FAVICON_GIF"), ColorMode: "LIGHT", Extension: "ICO" }] })),
    ).rejects.toMatchObject({ name: "InvalidParameterException" });
  });
});
