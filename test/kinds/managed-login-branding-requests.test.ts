// What the managed login branding operations are sent, pinned with a faked SDK: the whole branding
// with each image's bytes, an image change as an update in place, `branding: null` as a delete, the
// client's id (also a client made in the same apply), and which reads a run pays for.
import {
  CognitoIdentityProviderClient,
  CreateManagedLoginBrandingCommand,
  type CreateManagedLoginBrandingRequest,
  CreateUserPoolClientCommand,
  type CreateUserPoolClientRequest,
  DeleteManagedLoginBrandingCommand,
  type DeleteManagedLoginBrandingRequest,
  DescribeManagedLoginBrandingByClientCommand,
  type DescribeManagedLoginBrandingByClientRequest,
  DescribeUserPoolClientCommand,
  type DescribeUserPoolClientRequest,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ManagedLoginBrandingExistsException,
  type ManagedLoginBrandingType,
  ResourceNotFoundException,
  UpdateManagedLoginBrandingCommand,
  type UpdateManagedLoginBrandingRequest,
  type UserPoolClientType,
} from "@aws-sdk/client-cognito-identity-provider";
import { CognitoIdentityClient, ListIdentityPoolsCommand } from "@aws-sdk/client-cognito-identity";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyCommand, planCommand } from "../../src/cli/commands.js";
import { captureOutput, commonFlags, silentLogger } from "../helpers/in-process.js";
import { tempDir } from "../helpers/temp-files.js";

const POOL_ID = "us-east-1_Brand1";
const CREATED = new Date("2026-01-01T00:00:00Z");
const WEB = "webclient0000000000000001";
const ADMIN = "adminclient00000000000001";
const NEW = "newclient0000000000000001";
const LOGO = Buffer.from("\x89PNG\r\n\x1a\n the header logo", "latin1");
const DARK = Buffer.from("\x89PNG\r\n\x1a\n the dark header logo", "latin1");
const NEWER = Buffer.from("\x89PNG\r\n\x1a\n a newer header logo", "latin1");
const SETTINGS = { categories: { global: { colorSchemeMode: "DARK" } } };

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

const idp = mockClient(CognitoIdentityProviderClient);
const identity = mockClient(CognitoIdentityClient);
/** Live brandings by client id. */
let brandings: Map<string, ManagedLoginBrandingType>;
let clients: UserPoolClientType[];

const notFound = () => new ResourceNotFoundException({ message: "not found", $metadata: {} });
const brandingId = (n: number) => `0b7e4c1a-2f3d-4e5f-8a9b-${String(n).padStart(12, "0")}`;

/**
 * A stateful fake of the branding API as the API reference describes it: one branding a client,
 * Describe answering only what the style customizes, ResourceNotFoundException for a client without
 * one, and an update that takes what it is sent.
 */
function wireFake(live: Record<string, Omit<ManagedLoginBrandingType, "UserPoolId" | "ManagedLoginBrandingId">> = {}) {
  clients = [client(WEB, "web"), client(ADMIN, "admin")];
  brandings = new Map(Object.entries(live).map(([id, b], i) => [id, { ...structuredClone(b), UserPoolId: POOL_ID, ManagedLoginBrandingId: brandingId(i + 1) }]));
  idp.on(ListUserPoolsCommand).resolves({ UserPools: [{ Id: POOL_ID, Name: "Branded" }] });
  idp.on(DescribeUserPoolCommand).resolves({
    UserPool: { Id: POOL_ID, Name: "Branded", CreationDate: CREATED, LastModifiedDate: CREATED, DeletionProtection: "INACTIVE", UserPoolTags: { "cognito-reconcile:stack": "brand-stack" } },
  });
  idp.on(GetUserPoolMfaConfigCommand).resolves({ MfaConfiguration: "OFF" });
  idp.on(ListUserPoolClientsCommand).callsFake(() => ({ UserPoolClients: clients.map((c) => ({ UserPoolId: POOL_ID, ClientId: c.ClientId, ClientName: c.ClientName })) }));
  idp.on(DescribeUserPoolClientCommand).callsFake((input: DescribeUserPoolClientRequest) => ({ UserPoolClient: structuredClone(clients.find((c) => c.ClientId === input.ClientId)) }));
  idp.on(CreateUserPoolClientCommand).callsFake((input: CreateUserPoolClientRequest) => {
    const made = { ...client(NEW, input.ClientName ?? "") };
    clients.push(made);
    return { UserPoolClient: made };
  });
  idp.on(DescribeManagedLoginBrandingByClientCommand).callsFake((input: DescribeManagedLoginBrandingByClientRequest) => {
    const found = brandings.get(input.ClientId ?? "");
    if (!found) throw notFound();
    return { ManagedLoginBranding: structuredClone(found) };
  });
  idp.on(CreateManagedLoginBrandingCommand).callsFake((input: CreateManagedLoginBrandingRequest) => {
    const { ClientId = "", ...rest } = structuredClone(input);
    if (brandings.has(ClientId)) throw new ManagedLoginBrandingExistsException({ message: "exists", $metadata: {} });
    const made = { ...rest, ManagedLoginBrandingId: brandingId(brandings.size + 10) };
    brandings.set(ClientId, made);
    return { ManagedLoginBranding: made };
  });
  idp.on(UpdateManagedLoginBrandingCommand).callsFake((input: UpdateManagedLoginBrandingRequest) => {
    const entry = [...brandings].find(([, b]) => b.ManagedLoginBrandingId === input.ManagedLoginBrandingId);
    if (!entry) throw notFound();
    const updated = { ...structuredClone(input), UserPoolId: POOL_ID };
    if (updated.UseCognitoProvidedValues) delete updated.Settings;
    brandings.set(entry[0], updated);
    return { ManagedLoginBranding: updated };
  });
  idp.on(DeleteManagedLoginBrandingCommand).callsFake((input: DeleteManagedLoginBrandingRequest) => {
    const entry = [...brandings].find(([, b]) => b.ManagedLoginBrandingId === input.ManagedLoginBrandingId);
    if (!entry) throw notFound();
    brandings.delete(entry[0]);
    return {};
  });
  identity.on(ListIdentityPoolsCommand).resolves({ IdentityPools: [] });
}

beforeEach(() => {
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
  idp.reset();
  identity.reset();
});
afterEach(() => {
  idp.reset();
  identity.reset();
});

const dir = tempDir();
dir.write("logo.png", LOGO);
dir.write("dark.png", DARK);
dir.write("newer.png", NEWER);
dir.write("settings.json", JSON.stringify(SETTINGS));
const file = (lines: string[]) =>
  dir.write(`brand-${Math.random().toString(36).slice(2)}.yaml`, ["version: 1", "stack: brand-stack", "region: us-east-1", "userPools:", "  - name: Branded", "    deletionProtection: false", "    clients:", ...lines, ""].join("\n"));
const WEB_LINES = (light = "logo.png") => [
  "      - name: web",
  "        branding:",
  "          settings: settings.json",
  "          assets:",
  `            - { category: PAGE_HEADER_LOGO, colorMode: LIGHT, file: ${light} }`,
  "            - { category: PAGE_HEADER_LOGO, colorMode: DARK, file: dark.png }",
];
const ADMIN_LINES = ["      - name: admin"];

/** The assets of the file's branding, sorted by category then mode, with the bytes read from the files. */
const ASSETS = (light: Buffer = LOGO) => [
  { Category: "PAGE_HEADER_LOGO", ColorMode: "DARK", Extension: "PNG", Bytes: DARK },
  { Category: "PAGE_HEADER_LOGO", ColorMode: "LIGHT", Extension: "PNG", Bytes: light },
] as const;

async function apply(lines: string[]): Promise<string> {
  const io = captureOutput();
  expect(await applyCommand({ ...commonFlags, files: [file(lines)], autoApprove: true }, io, silentLogger), io.stderr()).toBe(0);
  return io.stdout();
}

const inputs = <T>(command: Parameters<typeof idp.commandCalls>[0]) => idp.commandCalls(command).map((call) => call.args[0].input as T);
const changing = () => [...idp.commandCalls(CreateManagedLoginBrandingCommand), ...idp.commandCalls(UpdateManagedLoginBrandingCommand), ...idp.commandCalls(DeleteManagedLoginBrandingCommand)];

describe("managed login branding requests", () => {
  it("creates a client's branding with its settings and each image's bytes, for that client's id", async () => {
    wireFake();
    const out = await apply([...WEB_LINES(), ...ADMIN_LINES]);
    expect(out).toContain("userPool.Branded/branding.web");
    expect(inputs(CreateManagedLoginBrandingCommand)).toEqual([{ UserPoolId: POOL_ID, ClientId: WEB, UseCognitoProvidedValues: false, Settings: SETTINGS, Assets: ASSETS() }]);
    // Only what the style customizes is read and compared, for every client, before and after.
    expect(inputs<DescribeManagedLoginBrandingByClientRequest>(DescribeManagedLoginBrandingByClientCommand).every((i) => i.ReturnMergedResources === false)).toBe(true);
    idp.resetHistory();
    await apply([...WEB_LINES(), ...ADMIN_LINES]);
    expect(changing()).toEqual([]);
  });

  it("a changed image file is one UpdateManagedLoginBranding of the whole branding, in place", async () => {
    wireFake({ [WEB]: { UseCognitoProvidedValues: false, Settings: SETTINGS, Assets: [...ASSETS()] } });
    const out = await apply([...WEB_LINES("newer.png"), ...ADMIN_LINES]);
    expect(out).toContain("assets.PAGE_HEADER_LOGO.LIGHT.file");
    expect(inputs(UpdateManagedLoginBrandingCommand)).toEqual([
      { UserPoolId: POOL_ID, ManagedLoginBrandingId: brandingId(1), UseCognitoProvidedValues: false, Settings: SETTINGS, Assets: ASSETS(NEWER) },
    ]);
    expect(idp.commandCalls(CreateManagedLoginBrandingCommand)).toHaveLength(0);
    expect(idp.commandCalls(DeleteManagedLoginBrandingCommand)).toHaveLength(0);
  });

  it("Cognito's own style replaces the file's settings with the flag alone", async () => {
    wireFake({ [WEB]: { UseCognitoProvidedValues: false, Settings: SETTINGS, Assets: [...ASSETS()] } });
    await apply(["      - name: web", "        branding: { useCognitoProvidedValues: true }", ...ADMIN_LINES]);
    expect(inputs(UpdateManagedLoginBrandingCommand)).toEqual([{ UserPoolId: POOL_ID, ManagedLoginBrandingId: brandingId(1), UseCognitoProvidedValues: true }]);
  });

  it("branding: null deletes the client's branding by its id; another client's is left alone", async () => {
    wireFake({ [WEB]: { UseCognitoProvidedValues: true }, [ADMIN]: { UseCognitoProvidedValues: true } });
    await apply(["      - name: web", "        branding: null", ...ADMIN_LINES]);
    expect(inputs(DeleteManagedLoginBrandingCommand)).toEqual([{ UserPoolId: POOL_ID, ManagedLoginBrandingId: brandingId(1) }]);
    expect([...brandings.keys()]).toEqual([ADMIN]);
  });

  it("a client created in the same apply gets its branding with its new id", async () => {
    wireFake();
    await apply(["      - name: web", ...ADMIN_LINES, "      - name: new", "        branding: { useCognitoProvidedValues: true }"]);
    expect(inputs(CreateManagedLoginBrandingCommand)).toEqual([{ UserPoolId: POOL_ID, ClientId: NEW, UseCognitoProvidedValues: true }]);
  });

  it("a branding that already exists when created (a lost answer, a concurrent apply) is brought to the file's values", async () => {
    wireFake();
    // Made by someone else between this run's read and its create: the create meets it.
    let race = true;
    idp.on(DescribeManagedLoginBrandingByClientCommand).callsFake((input: DescribeManagedLoginBrandingByClientRequest) => {
      if (race && input.ClientId === WEB) {
        race = false;
        brandings.set(WEB, { UserPoolId: POOL_ID, ManagedLoginBrandingId: brandingId(7), UseCognitoProvidedValues: true });
        throw notFound();
      }
      const found = brandings.get(input.ClientId ?? "");
      if (!found) throw notFound();
      return { ManagedLoginBranding: structuredClone(found) };
    });
    await apply([...WEB_LINES(), ...ADMIN_LINES]);
    expect(idp.commandCalls(CreateManagedLoginBrandingCommand)).toHaveLength(1);
    expect(inputs(UpdateManagedLoginBrandingCommand)).toEqual([
      { UserPoolId: POOL_ID, ManagedLoginBrandingId: brandingId(7), UseCognitoProvidedValues: false, Settings: SETTINGS, Assets: ASSETS() },
    ]);
  });

  it("reads no branding when the file has none: the section left out is not managed", async () => {
    wireFake({ [WEB]: { UseCognitoProvidedValues: true } });
    const io = captureOutput();
    expect(await planCommand({ ...commonFlags, files: [file(["      - name: web", ...ADMIN_LINES])], format: "text", detailedExitcode: true }, io, silentLogger)).toBe(0);
    expect(idp.commandCalls(DescribeManagedLoginBrandingByClientCommand)).toHaveLength(0);
  });
});
