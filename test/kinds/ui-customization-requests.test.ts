// What SetUICustomization is sent, pinned with a faked SDK: the whole customization of the pool
// (ClientId ALL) or of one client, with the files' exact bytes, only when something changed; and
// what the reads cost (GetUICustomization calls, logo downloads).
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientRequest,
  DescribeUserPoolClientCommand,
  type DescribeUserPoolClientRequest,
  DescribeUserPoolCommand,
  GetUICustomizationCommand,
  type GetUICustomizationRequest,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SetUICustomizationCommand,
  type SetUICustomizationRequest,
  type UICustomizationType,
  UpdateUserPoolClientCommand,
  type UserPoolClientType,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, ListIdentityPoolsCommand } from "@aws-sdk/client-cognito-identity";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { applyCommand, planCommand } from "../../src/cli/commands.js";
import { captureOutput, commonFlags, silentLogger } from "../helpers/in-process.js";
import { tempDir } from "../helpers/temp-files.js";

const POOL_ID = "us-east-1_Ui1";
const CREATED = new Date("2026-01-01T00:00:00Z");
const WEB = "webclient0000000000000001";
const OTHER = "otherclient00000000000001";

/** Bytes that start as a PNG does: the tool compares logos by content and never decodes them. */
const logo = (fill: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 64 }, () => fill)]);
const POOL_CSS = ".banner-customizable { background-color: #1f6feb; }\n";
const WEB_CSS = "\ufeff.submitButton-customizable { color: white; }\r\n";
const POOL_LOGO = logo(1);
const NEW_LOGO = logo(2);

const dir = tempDir();
dir.write("hosted-ui.css", POOL_CSS);
dir.write("web.css", WEB_CSS);
dir.write("logo.png", Buffer.from(POOL_LOGO));
dir.write("new-logo.png", Buffer.from(NEW_LOGO));

function livePool(): UserPoolType {
  return { Id: POOL_ID, Name: "Hosted", CreationDate: CREATED, LastModifiedDate: CREATED, DeletionProtection: "ACTIVE", Domain: "hosted-auth", UserPoolTags: { "cognito-reconcile:stack": "ui-stack" } };
}

const client = (id: string, name: string): UserPoolClientType => ({
  UserPoolId: POOL_ID,
  ClientId: id,
  ClientName: name,
  CreationDate: CREATED,
  LastModifiedDate: CREATED,
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

interface Custom {
  CSS?: string;
  Image?: Uint8Array;
}

const idp = mockClient(CognitoIdentityProviderClient);
const identity = mockClient(CognitoIdentityClient);
let customs: Map<string, Custom>;
let clients: UserPoolClientType[];

/** The answer GetUICustomization gives for a stored customization: the logo as a URL (a data: URL here, so it can be downloaded offline). */
function answer(key: string, custom: Custom): UICustomizationType {
  return {
    UserPoolId: POOL_ID,
    ClientId: key,
    ...(custom.CSS !== undefined ? { CSS: custom.CSS, CSSVersion: "20260101000000000" } : {}),
    ...(custom.Image !== undefined ? { ImageUrl: `data:image/png;base64,${Buffer.from(custom.Image).toString("base64")}` } : {}),
    CreationDate: CREATED,
    LastModifiedDate: CREATED,
  };
}

/**
 * A stateful fake of the classic hosted UI customization API, as its reference describes it: a Set
 * replaces the whole customization and one with neither CSS nor logo removes it; a client without
 * its own is answered with the pool's (ClientId ALL), and nothing at all is an empty object.
 */
function wireFake(live: { pool?: Custom; web?: Custom }) {
  customs = new Map(Object.entries({ ALL: live.pool, [WEB]: live.web }).filter((e): e is [string, Custom] => e[1] !== undefined));
  clients = [client(WEB, "web"), client(OTHER, "other")];
  idp.on(ListUserPoolsCommand).resolves({ UserPools: [{ Id: POOL_ID, Name: "Hosted" }] });
  idp.on(DescribeUserPoolCommand).resolves({ UserPool: livePool() });
  idp.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "OFF" });
  idp.on(ListUserPoolClientsCommand).callsFake(() => ({ UserPoolClients: clients.map((c) => ({ UserPoolId: POOL_ID, ClientId: c.ClientId, ClientName: c.ClientName })) }));
  idp.on(DescribeUserPoolClientCommand).callsFake((input: DescribeUserPoolClientRequest) => ({ UserPoolClient: structuredClone(clients.find((c) => c.ClientId === input.ClientId)) }));
  idp.on(CreateUserPoolClientCommand).callsFake((input: CreateUserPoolClientRequest) => {
    const created = { ...client(`newclient${clients.length}`.padEnd(25, "0"), input.ClientName ?? ""), ...structuredClone(input) };
    clients.push(created);
    return { UserPoolClient: created };
  });
  idp.on(GetUICustomizationCommand).callsFake((input: GetUICustomizationRequest) => {
    const key = input.ClientId ?? "ALL";
    const mine = customs.get(key);
    if (mine) return { UICustomization: answer(key, mine) };
    const pools = customs.get("ALL");
    return { UICustomization: pools ? answer("ALL", pools) : {} };
  });
  idp.on(SetUICustomizationCommand).callsFake((input: SetUICustomizationRequest) => {
    const key = input.ClientId ?? "ALL";
    if (input.CSS === undefined && input.ImageFile === undefined) customs.delete(key);
    else customs.set(key, { ...(input.CSS !== undefined ? { CSS: input.CSS } : {}), ...(input.ImageFile !== undefined ? { Image: input.ImageFile } : {}) });
    return { UICustomization: answer(key, customs.get(key) ?? {}) };
  });
  identity.on(ListIdentityPoolsCommand).resolves({ IdentityPools: [] });
}

let downloads: string[];

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  idp.reset();
  identity.reset();
  downloads = [];
  const realFetch = globalThis.fetch;
  vi.spyOn(globalThis, "fetch").mockImplementation((url, init) => {
    downloads.push(String(url));
    return realFetch(url, init);
  });
});
afterEach(() => {
  idp.reset();
  identity.reset();
  vi.restoreAllMocks();
});

const file = (lines: string[]) =>
  dir.write(`ui-${Math.random().toString(36).slice(2)}.yaml`, ["version: 1", "stack: ui-stack", "region: us-east-1", "userPools:", "  - name: Hosted", ...lines, ""].join("\n"));
const POOL_BLOCK = (logoFile = "logo.png") => [`    uiCustomization: { css: hosted-ui.css, logo: ${logoFile} }`];
const CLIENTS = (web: string[] = [], other: string[] = []) => ["    clients:", "      - name: web", ...web, "      - name: other", ...other];

/** Each SetUICustomization request, its logo as plain bytes (the file was read into a Buffer). */
const sent = () =>
  idp.commandCalls(SetUICustomizationCommand).map(({ args: [{ input }] }) => ({ ...input, ...(input.ImageFile !== undefined ? { ImageFile: new Uint8Array(input.ImageFile) } : {}) }));
const reads = () => idp.commandCalls(GetUICustomizationCommand).map((call) => call.args[0].input.ClientId ?? "(pool)");

async function apply(lines: string[]): Promise<string> {
  const io = captureOutput();
  expect(await applyCommand({ ...commonFlags, files: [file(lines)], autoApprove: true }, io, silentLogger), io.stderr()).toBe(0);
  return io.stdout();
}

async function plan(lines: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = captureOutput();
  const code = await planCommand({ ...commonFlags, files: [file(lines)], format: "text", detailedExitcode: true }, io, silentLogger);
  return { code, stdout: io.stdout(), stderr: io.stderr() };
}

describe("the pool's customization", () => {
  it("a changed logo sends the whole customization once, with ClientId ALL, the CSS as the file's text and the logo's bytes", async () => {
    wireFake({ pool: { CSS: POOL_CSS, Image: POOL_LOGO }, web: { CSS: WEB_CSS } });
    const out = await apply(POOL_BLOCK("new-logo.png"));
    expect(out).toContain("uiCustomization.pool");
    expect(sent()).toEqual([{ UserPoolId: POOL_ID, ClientId: "ALL", CSS: POOL_CSS, ImageFile: NEW_LOGO }]);
    // A client's own is not the pool's business.
    expect(customs.get(WEB)).toEqual({ CSS: WEB_CSS });
  });

  it("a logo left out of the block is removed: the request carries the CSS alone", async () => {
    wireFake({ pool: { CSS: POOL_CSS, Image: POOL_LOGO } });
    await apply(["    uiCustomization: { css: hosted-ui.css }"]);
    expect(sent()).toEqual([{ UserPoolId: POOL_ID, ClientId: "ALL", CSS: POOL_CSS }]);
  });

  it("null removes it with the ids alone; {} too; left out, it is neither read nor written", async () => {
    wireFake({ pool: { CSS: POOL_CSS, Image: POOL_LOGO } });
    await apply(["    uiCustomization: null"]);
    expect(sent()).toEqual([{ UserPoolId: POOL_ID, ClientId: "ALL" }]);
    idp.resetHistory();
    wireFake({ pool: { CSS: POOL_CSS } });
    await apply(["    uiCustomization: {}"]);
    expect(sent()).toEqual([{ UserPoolId: POOL_ID, ClientId: "ALL" }]);
    idp.resetHistory();
    wireFake({ pool: { CSS: POOL_CSS, Image: POOL_LOGO } });
    await apply(["    deletionProtection: true"]);
    expect(sent()).toEqual([]);
    expect(reads()).toEqual([]);
  });

  it("the same content live sends nothing: a second apply makes no call to SetUICustomization", async () => {
    wireFake({});
    await apply(POOL_BLOCK());
    expect(sent()).toHaveLength(1);
    idp.resetHistory();
    await apply(POOL_BLOCK());
    expect(sent()).toEqual([]);
    const again = await plan(POOL_BLOCK());
    expect(again.stdout).toContain("No changes.");
    expect(again.code).toBe(0);
  });

  it("a plan names the files and their hashes, never the CSS", async () => {
    wireFake({ pool: { CSS: ".old { color: red; }", Image: POOL_LOGO } });
    const planned = await plan(POOL_BLOCK());
    expect(planned.code).toBe(2);
    expect(planned.stdout).toMatch(/css:\s+"?\(sha256 [0-9a-f]{16}, 20 B\)"?\s+-> "?hosted-ui\.css \(sha256 [0-9a-f]{16}, 52 B\)"?/);
    expect(planned.stdout).not.toContain("color");
    expect(planned.stdout).not.toMatch(/logo:/);
  });

  it("a logo that cannot be downloaded stops the read with one line naming the URL", async () => {
    wireFake({ pool: { CSS: POOL_CSS, Image: POOL_LOGO } });
    vi.mocked(globalThis.fetch).mockImplementation(async (url) => {
      downloads.push(String(url));
      return new Response("denied", { status: 403, statusText: "Forbidden" });
    });
    await expect(plan(POOL_BLOCK())).rejects.toThrow(
      /^cannot download the hosted UI logo of us-east-1_Ui1 from data:image\/png;base64,\S+ \(HTTP 403 Forbidden\); check that this machine can reach it$/,
    );
    expect(downloads).toHaveLength(4);
  });
});

describe("a client's own customization", () => {
  it("a changed CSS sends the client's whole customization with its ClientId, and nothing for the pool or other clients", async () => {
    wireFake({ pool: { CSS: POOL_CSS, Image: POOL_LOGO }, web: { CSS: ".old {}" } });
    const out = await apply(CLIENTS(["        uiCustomization: { css: web.css, logo: logo.png }"]));
    expect(out).toContain("clientUiCustomization.web");
    expect(sent()).toEqual([{ UserPoolId: POOL_ID, ClientId: WEB, CSS: WEB_CSS, ImageFile: POOL_LOGO }]);
    expect(idp.commandCalls(UpdateUserPoolClientCommand)).toHaveLength(0);
  });

  it("null removes a client's own with the ids alone; a client answered with the pool's has none of its own to remove", async () => {
    wireFake({ pool: { CSS: POOL_CSS }, web: { CSS: WEB_CSS } });
    await apply(CLIENTS(["        uiCustomization: null"], ["        uiCustomization: null"]));
    expect(sent()).toEqual([{ UserPoolId: POOL_ID, ClientId: WEB }]);
    expect(customs.has(WEB)).toBe(false);
    expect(customs.has("ALL")).toBe(true);
  });

  it("a new client gets its own once it exists, with the new client's id", async () => {
    wireFake({});
    await apply([...CLIENTS(), "      - name: admin", "        uiCustomization: { css: web.css }"]);
    const created = idp.commandCalls(CreateUserPoolClientCommand);
    expect(created).toHaveLength(1);
    const id = clients.find((c) => c.ClientName === "admin")!.ClientId;
    expect(sent()).toEqual([{ UserPoolId: POOL_ID, ClientId: id, CSS: WEB_CSS }]);
  });
});

describe("what the reads cost", () => {
  it("with a client's section, only the clients that have it are read, once; the pool's logo is downloaded once", async () => {
    wireFake({ pool: { CSS: POOL_CSS, Image: POOL_LOGO }, web: { CSS: WEB_CSS, Image: NEW_LOGO } });
    const planned = await plan([...POOL_BLOCK(), ...CLIENTS(["        uiCustomization: { css: web.css, logo: new-logo.png }"])]);
    expect(planned.stderr).toBe("");
    expect(planned.code).toBe(0);
    // The other client's entry has no uiCustomization: its own is not the file's to read.
    expect(reads().sort()).toEqual(["(pool)", WEB].sort());
    expect(downloads).toHaveLength(2);
  });

  it("without any client's section, clients' customizations are not read", async () => {
    wireFake({ pool: { CSS: POOL_CSS, Image: POOL_LOGO }, web: { CSS: WEB_CSS } });
    expect((await plan([...POOL_BLOCK(), ...CLIENTS()])).code).toBe(0);
    expect(reads()).toEqual(["(pool)"]);
  });
});
