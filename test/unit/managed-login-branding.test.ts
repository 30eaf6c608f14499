import type { ManagedLoginBrandingType, UserPoolClientType } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { blobHash, blobText } from "../../src/core/blobs.js";
import type { LivePool } from "../../src/core/live-types.js";
import { diffFields } from "../../src/diff/field-diff.js";
import { managedLoginBrandingKind } from "../../src/kinds/managed-login-branding/kind.js";
import {
  brandingConfigFromLive,
  brandingSpecFromConfig,
  brandingSpecFromLive,
  createBrandingRequest,
  updateBrandingRequest,
  type LiveBranding,
} from "../../src/kinds/managed-login-branding/model.js";
import { USER_POOL_MATCH } from "../../src/kinds/user-pool/plan.js";
import { resolveTargets } from "../../src/config/targets.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { matchPools } from "../../src/plan/match-pools.js";
import { brandingSchema } from "../../src/schema/branding.js";
import { STACK_TAG } from "../../src/schema/cognito-defaults.js";
import type { ClientConfig } from "../../src/schema/client.js";
import type { UserPoolConfig } from "../../src/schema/user-pool.js";
import { tempDir } from "../helpers/temp-files.js";

const POOL_ID = "us-east-1_Brand1";
const BRANDING_ID = "0b7e4c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b";
const LOGO = Buffer.from("\x89PNG\r\n\x1a\n the header logo", "latin1");
const DARK = Buffer.from("\x89PNG\r\n\x1a\n the dark header logo", "latin1");
const ICON = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>\n');
const SETTINGS = { components: { primaryButton: { lightMode: { defaults: { backgroundColor: "0972d3ff", textColor: "ffffffff" } } } }, categories: { global: { colorSchemeMode: "LIGHT" } } };

const dir = tempDir();
dir.write("logo.png", LOGO);
dir.write("dark.png", DARK);
dir.write("icon.svg", ICON);
dir.write("settings.json", JSON.stringify(SETTINGS));

/** Loads a file with one pool whose lines follow; the files it names are read from the test's folder. */
async function load(lines: string[]): Promise<UserPoolConfig> {
  const file = dir.write(`f-${Math.random().toString(36).slice(2)}.yaml`, ["version: 1", "stack: s", "region: us-east-1", "userPools:", "  - name: P", ...lines, ""].join("\n"));
  return (await loadConfig(file, { env: {} })).state.userPools[0]!;
}

const WEB_BRANDING = [
  "        branding:",
  "          settings: settings.json",
  "          assets:",
  "            - { category: PAGE_HEADER_LOGO, colorMode: LIGHT, file: logo.png }",
  "            - { category: FAVICON_SVG, colorMode: DYNAMIC, file: icon.svg }",
  "            - { category: PAGE_HEADER_LOGO, colorMode: DARK, file: dark.png }",
];

/** What DescribeManagedLoginBrandingByClient answers for web after the file's branding was applied. */
function liveWeb(overrides: Partial<ManagedLoginBrandingType> = {}): LiveBranding {
  return {
    ManagedLoginBrandingId: BRANDING_ID,
    UserPoolId: POOL_ID,
    UseCognitoProvidedValues: false,
    // Cognito's key order, not the file's: the same settings.
    Settings: { categories: { global: { colorSchemeMode: "LIGHT" } }, components: { primaryButton: { lightMode: { defaults: { textColor: "ffffffff", backgroundColor: "0972d3ff" } } } } },
    Assets: [
      { Category: "PAGE_HEADER_LOGO", ColorMode: "DARK", Extension: "PNG", Bytes: new Uint8Array(DARK) },
      { Category: "FAVICON_SVG", ColorMode: "DYNAMIC", Extension: "SVG", Bytes: new Uint8Array(ICON) },
      { Category: "PAGE_HEADER_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: new Uint8Array(LOGO) },
    ],
    ...overrides,
    ClientId: "webclient0000000000000001",
    ClientName: "web",
  };
}

const bytesOf = (blob: string) => {
  for (const bytes of [LOGO, DARK, ICON]) if (blobHash(blobText(bytes)) === blobHash(blob)) return new Uint8Array(bytes);
  throw new Error(`no bytes for ${blob}`);
};

describe("the branding block", () => {
  it("reads settings from a JSON file or inline, and each image's type from its extension", async () => {
    const fromFile = brandingSpecFromConfig((await load(["    clients:", "      - name: web", ...WEB_BRANDING])).clients![0]!.branding!);
    expect(fromFile).toEqual({
      useCognitoProvidedValues: false,
      settings: SETTINGS,
      assets: {
        FAVICON_SVG: { DYNAMIC: { extension: "SVG", file: blobText(ICON, "icon.svg") } },
        PAGE_HEADER_LOGO: { DARK: { extension: "PNG", file: blobText(DARK, "dark.png") }, LIGHT: { extension: "PNG", file: blobText(LOGO, "logo.png") } },
      },
    });
    expect(fromFile.assets.PAGE_HEADER_LOGO!.LIGHT!.file).toMatch(/^logo\.png \(sha256 [0-9a-f]{16}, \d+ B\)$/);
    const inline = await load(["    clients:", "      - name: web", "        branding:", "          settings: { categories: { global: { colorSchemeMode: LIGHT } } }"]);
    expect(brandingSpecFromConfig(inline.clients![0]!.branding!)).toEqual({ useCognitoProvidedValues: false, settings: { categories: { global: { colorSchemeMode: "LIGHT" } } }, assets: {} });
    expect(brandingSpecFromConfig(brandingSchema.parse({ useCognitoProvidedValues: true }))).toEqual({ useCognitoProvidedValues: true, settings: null, assets: {} });
  });

  it("refuses Cognito's own style with settings or images, and nothing at all, and a second image of one category and mode", () => {
    const messages = (value: unknown) => brandingSchema.safeParse(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages({ useCognitoProvidedValues: true, assets: [] })).toEqual(["assets: assets cannot go with useCognitoProvidedValues: true (Cognito's own style takes no settings or assets); remove one of them"]);
    expect(messages({})).toEqual([": set useCognitoProvidedValues: true for Cognito's own style, or settings and assets of your own"]);
    expect(
      messages({
        assets: [
          { category: "FORM_LOGO", colorMode: "DARK", file: "a.png" },
          { category: "FORM_LOGO", colorMode: "LIGHT", file: "b.png" },
          { category: "FORM_LOGO", colorMode: "DARK", file: "c.webp" },
        ],
      }),
    ).toEqual(["assets.2: a second FORM_LOGO asset for colorMode DARK; a branding has one image per category and color mode"]);
    expect(messages({ assets: [{ category: "FAVICON_SVG", colorMode: "LIGHT", file: "icon.png" }] })).toEqual(["assets.0.file: FAVICON_SVG needs a .svg file"]);
    expect(messages({ assets: Array.from({ length: 41 }, (_, i) => ({ category: "FORM_LOGO", colorMode: "LIGHT", file: `${i}.png` })) })?.[0]).toMatch(/^assets: /);
    expect(messages({ assets: [{ category: "FORM_LOGO", colorMode: "LIGHT", file: "logo.JPG" }] })).toBeUndefined();
  });
});

describe("live and file", () => {
  it("reads what Cognito answers as the file writes it: images by category and mode, settings as they are", () => {
    expect(brandingSpecFromLive(liveWeb())).toEqual({
      useCognitoProvidedValues: false,
      settings: liveWeb().Settings,
      assets: {
        FAVICON_SVG: { DYNAMIC: { extension: "SVG", file: blobText(ICON) } },
        PAGE_HEADER_LOGO: { DARK: { extension: "PNG", file: blobText(DARK) }, LIGHT: { extension: "PNG", file: blobText(LOGO) } },
      },
    });
    // No settings, an empty object, or Cognito's own style: nothing customized.
    expect(brandingSpecFromLive({ UseCognitoProvidedValues: true, Settings: {}, Assets: [] })).toEqual({ useCognitoProvidedValues: true, settings: null, assets: {} });
  });

  it("compares settings by meaning and images by content, the file's names taken by equal live content", async () => {
    const desired = brandingSpecFromConfig((await load(["    clients:", "      - name: web", ...WEB_BRANDING])).clients![0]!.branding!);
    const live = managedLoginBrandingKind.project!(brandingSpecFromLive(liveWeb()), desired);
    expect(diffFields(desired, live)).toEqual([]);
  });

  it("shows a changed image with the file's name after and the live content before, and a changed setting as its own field", async () => {
    const desired = brandingSpecFromConfig((await load(["    clients:", "      - name: web", ...WEB_BRANDING])).clients![0]!.branding!);
    const other = Buffer.from("\x89PNG\r\n\x1a\n an older logo", "latin1");
    const changed = liveWeb();
    changed.Assets![2] = { ...changed.Assets![2]!, Bytes: new Uint8Array(other) };
    (changed.Settings as typeof SETTINGS).components.primaryButton.lightMode.defaults.backgroundColor = "ff0000ff";
    const fields = diffFields(desired, managedLoginBrandingKind.project!(brandingSpecFromLive(changed), desired));
    expect(fields.map((f) => [f.path, f.before, f.after])).toEqual([
      ["assets.PAGE_HEADER_LOGO.LIGHT.file", blobText(other), blobText(LOGO, "logo.png")],
      ["settings.components.primaryButton.lightMode.defaults.backgroundColor", "ff0000ff", "0972d3ff"],
    ]);
    // Plans show content by hash and size, never bytes.
    expect(JSON.stringify(fields)).not.toContain("PNG\\r\\n");
  });
});

describe("requests", () => {
  it("creates Cognito's own style with that flag alone", () => {
    const spec = brandingSpecFromLive({ UseCognitoProvidedValues: true });
    expect(createBrandingRequest(POOL_ID, "client1", spec, bytesOf)).toEqual({ UserPoolId: POOL_ID, ClientId: "client1", UseCognitoProvidedValues: true });
    expect(updateBrandingRequest(POOL_ID, BRANDING_ID, spec, bytesOf)).toEqual({ UserPoolId: POOL_ID, ManagedLoginBrandingId: BRANDING_ID, UseCognitoProvidedValues: true });
  });

  it("sends settings and every image with its bytes, sorted by category then mode", () => {
    const spec = brandingSpecFromLive(liveWeb());
    const assets = [
      { Category: "FAVICON_SVG", ColorMode: "DYNAMIC", Extension: "SVG", Bytes: new Uint8Array(ICON) },
      { Category: "PAGE_HEADER_LOGO", ColorMode: "DARK", Extension: "PNG", Bytes: new Uint8Array(DARK) },
      { Category: "PAGE_HEADER_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: new Uint8Array(LOGO) },
    ];
    expect(createBrandingRequest(POOL_ID, "client1", spec, bytesOf)).toEqual({ UserPoolId: POOL_ID, ClientId: "client1", UseCognitoProvidedValues: false, Settings: liveWeb().Settings, Assets: assets });
    expect(updateBrandingRequest(POOL_ID, BRANDING_ID, spec, bytesOf)).toEqual({ UserPoolId: POOL_ID, ManagedLoginBrandingId: BRANDING_ID, UseCognitoProvidedValues: false, Settings: liveWeb().Settings, Assets: assets });
  });

  it("an update without settings or images sends them empty, so no live one is kept by being left out", () => {
    const spec = brandingSpecFromLive({ Settings: { categories: {} } });
    expect(createBrandingRequest(POOL_ID, "client1", spec, bytesOf)).toEqual({ UserPoolId: POOL_ID, ClientId: "client1", UseCognitoProvidedValues: false, Settings: { categories: {} } });
    expect(updateBrandingRequest(POOL_ID, BRANDING_ID, brandingSpecFromLive({}), bytesOf)).toEqual({
      UserPoolId: POOL_ID,
      ManagedLoginBrandingId: BRANDING_ID,
      UseCognitoProvidedValues: false,
      Settings: {},
      Assets: [],
    });
  });
});

describe("export", () => {
  it("writes the settings and each image to files named for the client, category and mode, and the block reads back as the live branding", () => {
    const files = new Map<string, Uint8Array>();
    const file = (name: string, bytes: Uint8Array) => {
      files.set(`assets/${name}`, bytes);
      return `assets/${name}`;
    };
    const block = brandingConfigFromLive(liveWeb(), file);
    expect(block).toEqual({
      settings: "assets/web-settings.json",
      assets: [
        { category: "FAVICON_SVG", colorMode: "DYNAMIC", file: "assets/web-favicon-svg-dynamic.svg" },
        { category: "PAGE_HEADER_LOGO", colorMode: "DARK", file: "assets/web-page-header-logo-dark.png" },
        { category: "PAGE_HEADER_LOGO", colorMode: "LIGHT", file: "assets/web-page-header-logo-light.png" },
      ],
    });
    expect(Buffer.from(files.get("assets/web-page-header-logo-light.png")!).equals(LOGO)).toBe(true);
    // Read back as the loader would: the same spec as live, file names aside.
    const parsed = brandingSchema.parse(block);
    for (const asset of parsed.assets ?? []) asset.file.bytes = files.get(asset.file.path);
    const settings = parsed.settings as { bytes?: Uint8Array; json?: unknown; path: string };
    settings.json = JSON.parse(Buffer.from(files.get(settings.path)!).toString("utf8"));
    const desired = brandingSpecFromConfig(parsed);
    expect(diffFields(desired, managedLoginBrandingKind.project!(brandingSpecFromLive(liveWeb()), desired))).toEqual([]);
  });

  it("writes Cognito's own style as the flag, and each client's block under its name", () => {
    const cognitos = { ...liveWeb({ UseCognitoProvidedValues: true, Settings: undefined, Assets: [] }), ClientName: "admin" };
    const section = managedLoginBrandingKind.exportSection([liveWeb(), cognitos], { pool: {} as LivePool, leftOut: [], file: (name) => name });
    expect(Object.keys(section as object)).toEqual(["web", "admin"]);
    expect((section as Record<string, unknown>).admin).toEqual({ useCognitoProvidedValues: true });
  });
});

// --- planning, against a live pool built in memory ---

const client = (id: string, name: string): UserPoolClientType => ({
  UserPoolId: POOL_ID,
  ClientId: id,
  ClientName: name,
  ExplicitAuthFlows: ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
  SupportedIdentityProviders: ["COGNITO"],
  AllowedOAuthFlowsUserPoolClient: false,
  TokenValidityUnits: { AccessToken: "hours", IdToken: "hours", RefreshToken: "days" },
  AccessTokenValidity: 1,
  IdTokenValidity: 1,
  RefreshTokenValidity: 30,
  EnableTokenRevocation: true,
  AuthSessionValidity: 3,
});

function livePool(brandings: LiveBranding[]): LivePool {
  return {
    id: POOL_ID,
    name: "P",
    region: "us-east-1",
    raw: { Id: POOL_ID, Name: "P", UserPoolTags: { [STACK_TAG]: "s" }, DeletionProtection: "INACTIVE" },
    stackTag: "s",
    children: { client: [client("webclient0000000000000001", "web"), client("adminclient00000000000001", "admin")], branding: brandings },
  };
}

async function plan(lines: string[], pool: LivePool) {
  const file = dir.write(`p-${Math.random().toString(36).slice(2)}.yaml`, ["version: 1", "stack: s", "region: us-east-1", "userPools:", "  - name: P", ...lines, ""].join("\n"));
  const { state } = await loadConfig(file, { env: {} });
  const match = matchPools(resolveTargets(state, "us-east-1").userPools, [pool], { stack: "s", adopt: false, kind: USER_POOL_MATCH });
  const built = buildPlan(state, { live: { regions: ["us-east-1"], pools: [pool] }, match }, { allowDestroy: false, allowReplace: false, defaultRegion: "us-east-1" });
  return built.plan.changes.filter((c) => c.kind === "branding");
}

describe("planning", () => {
  it("plans the file's branding in sync with the live one, and creates one a client lacks", async () => {
    const changes = await plan(["    clients:", "      - name: web", ...WEB_BRANDING, "      - name: admin", "        branding: { useCognitoProvidedValues: true }"], livePool([liveWeb()]));
    expect(changes.map((c) => [c.address, c.action, c.reason])).toEqual([
      ["userPool.P/branding.web", "no-op", "in sync"],
      ["userPool.P/branding.admin", "create", "not found in the pool"],
    ]);
  });

  it("a changed image or setting is an update in place, never a replace", async () => {
    const changed = liveWeb();
    changed.Assets![0] = { ...changed.Assets![0]!, Bytes: new Uint8Array(LOGO) };
    const [change] = await plan(["    clients:", "      - name: web", ...WEB_BRANDING], livePool([changed]));
    expect(change!.action).toBe("update");
    expect(change!.fields.map((f) => [f.path, f.forcesReplacement])).toEqual([["assets.PAGE_HEADER_LOGO.DARK.file", false]]);
  });

  it("an image the file drops replaces the branding: an update keeps what it is not sent", async () => {
    const [change] = await plan(["    clients:", "      - name: web", ...WEB_BRANDING.filter((line) => !line.includes("colorMode: DARK"))], livePool([liveWeb()]));
    expect(change!.action).toBe("replace");
    expect(change!.fields.map((f) => [f.path, f.after, f.forcesReplacement])).toEqual([["assets.PAGE_HEADER_LOGO.DARK", undefined, true]]);
    expect(change!.reason).toBe("assets.PAGE_HEADER_LOGO.DARK cannot change in place: the client's login pages show Cognito's style between the delete and the create");
  });

  it("branding: null deletes a live one without --allow-destroy; left out, it is neither read nor planned", async () => {
    const deleted = await plan(["    clients:", "      - name: web", "        branding: null", "      - name: admin"], livePool([liveWeb(), { ...liveWeb(), ClientName: "admin" }]));
    expect(deleted.map((c) => [c.address, c.action, c.reason])).toEqual([["userPool.P/branding.web", "delete", "the client's branding is null in the file"]]);
    expect(await plan(["    clients:", "      - name: web", "      - name: admin"], livePool([liveWeb()]))).toEqual([]);
    expect(managedLoginBrandingKind.declared(await load(["    clients:", "      - name: web"]))).toBeUndefined();
  });

  it("a client being created gets its branding after it, created with it", async () => {
    const changes = await plan(["    clients:", "      - name: web", "      - name: admin", "      - name: new", "        branding: { useCognitoProvidedValues: true }"], livePool([]));
    expect(changes.map((c) => [c.address, c.action, c.reason])).toEqual([["userPool.P/branding.new", "create", "client new is being created"]]);
  });
});

describe("the managed login warning", () => {
  const pool = (clients: Partial<ClientConfig>[], version?: number) =>
    ({ name: "P", domain: version === undefined ? undefined : { prefix: "p", managedLoginVersion: version }, clients: clients as ClientConfig[] }) as unknown as UserPoolConfig;
  const codeFlow = { enabled: true, flows: ["code"], scopes: ["openid"], callbackUrls: ["https://example.com/cb"], logoutUrls: [] } as unknown as ClientConfig["oauth"];
  const machine = { enabled: true, flows: ["client_credentials"], scopes: ["api/read"], callbackUrls: [], logoutUrls: [] } as unknown as ClientConfig["oauth"];
  const message = (name: string) => `client ${name} has no managed login branding; its login pages will be unavailable (add branding: { useCognitoProvidedValues: true } or settings)`;

  it("names each sign-in client of a version 2 domain with no branding in the file nor live", () => {
    const config = pool(
      [
        { name: "web", oauth: codeFlow },
        { name: "styled", oauth: codeFlow, branding: brandingSchema.parse({ useCognitoProvidedValues: true }) },
        { name: "live", oauth: codeFlow },
        { name: "none", oauth: codeFlow, branding: null },
        { name: "machine", oauth: machine },
        { name: "sdk" },
      ],
      2,
    );
    const live = livePool([{ ...liveWeb(), ClientName: "live" }, { ...liveWeb(), ClientName: "none" }]);
    expect(managedLoginBrandingKind.warnings!(config, live)).toEqual([message("web"), message("none")]);
  });

  it("says nothing for the classic hosted UI or a domain the file leaves out", () => {
    expect(managedLoginBrandingKind.warnings!(pool([{ name: "web", oauth: codeFlow }], 1), undefined)).toEqual([]);
    expect(managedLoginBrandingKind.warnings!(pool([{ name: "web", oauth: codeFlow }]), undefined)).toEqual([]);
  });

  it("has the live brandings read when the domain is version 2, even with none in the file", () => {
    expect(managedLoginBrandingKind.declared(pool([{ name: "web", oauth: codeFlow }], 2))).toEqual([]);
    expect(managedLoginBrandingKind.declared(pool([{ name: "web", oauth: codeFlow }], 1))).toBeUndefined();
  });
});
