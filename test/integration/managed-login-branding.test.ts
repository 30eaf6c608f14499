// Managed login branding end to end, against the emulator, with the YAML and its image and
// settings files in a real folder: a client's branding with two images applies from nothing, plan
// is then empty, a change made with the SDK is drift that apply puts back in place, a changed image
// file is an update (the same branding), `branding: null` deletes it, an export to a folder plans
// as no changes, and a managed login domain warns of a client without one.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  DescribeManagedLoginBrandingByClientCommand,
  UpdateManagedLoginBrandingCommand,
  type CognitoIdentityProviderClient,
  type ManagedLoginBrandingType,
} from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { clientIdNamed, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `brand-${suffix}`;
const poolName = `Brand-${suffix}`;
const dir = tempDir();
let idp: CognitoIdentityProviderClient;

const LOGO = Buffer.from("\x89PNG\r\n\x1a\n\0\0\0\rIHDR the light header logo", "latin1");
const DARK = Buffer.from("\x89PNG\r\n\x1a\n\0\0\0\rIHDR the dark header logo", "latin1");
const NEWER = Buffer.from("\x89PNG\r\n\x1a\n\0\0\0\rIHDR a newer light header logo", "latin1");
const SETTINGS = { components: { primaryButton: { lightMode: { defaults: { backgroundColor: "0972d3ff", textColor: "ffffffff" } } } }, categories: { global: { colorSchemeMode: "LIGHT" } } };

const CLIENTS = (web: string) => `    clients:
      - name: web
        oauth: { flows: [code], scopes: [openid, email], callbackUrls: [https://app.example.com/callback] }
${web}      - name: admin
`;
const BRANDING = `        branding:
          settings: branding/settings.json
          assets:
            - { category: PAGE_HEADER_LOGO, colorMode: LIGHT, file: branding/logo.png }
            - { category: PAGE_HEADER_LOGO, colorMode: DARK, file: branding/logo-dark.png }
`;
const FILE = (web: string, domain = "") => `${onePoolFileHead(stack, poolName)}${domain}${CLIENTS(web)}`;

const cli = (verb: string, file: string, ...flags: string[]) => runCli([verb, "-f", file, "--endpoint-url", endpoint, ...flags]);

async function brandingOf(clientId: string): Promise<ManagedLoginBrandingType | undefined> {
  try {
    return (await idp.send(new DescribeManagedLoginBrandingByClientCommand({ UserPoolId: poolId, ClientId: clientId, ReturnMergedResources: false }))).ManagedLoginBranding;
  } catch (error) {
    if ((error as Error).name === "ResourceNotFoundException") return undefined;
    throw error;
  }
}

const bytesOf = (branding: ManagedLoginBrandingType | undefined, colorMode: string) => Buffer.from(branding?.Assets?.find((a) => a.ColorMode === colorMode)?.Bytes ?? []);

let file = "";
let poolId = "";
let webId = "";
let brandingId = "";

beforeAll(async () => {
  idp = idpClient(endpoint);
  mkdirSync(join(dir.path, "branding"));
  dir.write("branding/logo.png", LOGO);
  dir.write("branding/logo-dark.png", DARK);
  dir.write("branding/settings.json", `${JSON.stringify(SETTINGS, null, 2)}\n`);
  file = dir.write("branding.yaml", FILE(BRANDING));
});

describe("managed login branding", () => {
  it("applies a client's branding with two images from nothing; plan then shows no changes", async () => {
    const applied = await cli("apply", file, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`+ userPool.${poolName}/branding.web`);
    poolId = await userPoolIdNamed(idp, poolName);
    webId = await clientIdNamed(idp, poolId, "web");
    const live = await brandingOf(webId);
    brandingId = live?.ManagedLoginBrandingId ?? "";
    expect(brandingId).not.toBe("");
    expect(live?.Settings).toEqual(SETTINGS);
    expect(bytesOf(live, "LIGHT").equals(LOGO)).toBe(true);
    expect(bytesOf(live, "DARK").equals(DARK)).toBe(true);
    expect(live?.Assets?.map((a) => a.Extension)).toEqual(["PNG", "PNG"]);
    // The client the file gives none has none.
    expect(await brandingOf(await clientIdNamed(idp, poolId, "admin"))).toBeUndefined();

    const plan = await cli("plan", file, "--detailed-exitcode");
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("drift finds a setting changed with the SDK, and apply puts it back in place", async () => {
    const live = await brandingOf(webId);
    const settings = structuredClone(SETTINGS);
    settings.components.primaryButton.lightMode.defaults.backgroundColor = "d13212ff";
    await idp.send(new UpdateManagedLoginBrandingCommand({ UserPoolId: poolId, ManagedLoginBrandingId: brandingId, Settings: settings, Assets: live?.Assets }));

    const drift = await cli("drift", file);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain(`userPool.${poolName}/branding.web`);
    expect(drift.stdout).toContain("settings.components.primaryButton.lightMode.defaults.backgroundColor");

    const applied = await cli("apply", file, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`~ userPool.${poolName}/branding.web`);
    const repaired = await brandingOf(webId);
    expect(repaired?.Settings).toEqual(SETTINGS);
    expect(repaired?.ManagedLoginBrandingId).toBe(brandingId);
    expect((await cli("drift", file)).code).toBe(0);
  });

  it("a changed image file is an update of the same branding, shown by content, never a replacement", async () => {
    const changed = dir.write("changed.yaml", FILE(BRANDING.replace("branding/logo.png", "branding/logo-newer.png")));
    dir.write("branding/logo-newer.png", NEWER);
    const plan = await cli("plan", changed);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`~ userPool.${poolName}/branding.web`);
    expect(plan.stdout).not.toContain("-/+");
    expect(plan.stdout).toContain("assets.PAGE_HEADER_LOGO.LIGHT.file");
    expect(plan.stdout).toMatch(/branding\/logo-newer\.png \(sha256 [0-9a-f]{16}, \d+ B\)/);
    expect(plan.stdout).not.toContain("light header logo");

    const applied = await cli("apply", changed, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    const live = await brandingOf(webId);
    expect(live?.ManagedLoginBrandingId).toBe(brandingId);
    expect(bytesOf(live, "LIGHT").equals(NEWER)).toBe(true);
    expect(bytesOf(live, "DARK").equals(DARK)).toBe(true);
    expect((await cli("plan", changed, "--detailed-exitcode")).code).toBe(0);
  });

  it("export --output writes the branding with its settings and images as files, and the exported file plans no changes", async () => {
    const out = join(dir.path, "exported");
    const exported = await runCli(["export", "--pool-id", poolId, "--endpoint-url", endpoint, "--output", join(out, "file.yaml")]);
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    const yaml = readFileSync(join(out, "file.yaml"), "utf8");
    expect(yaml).toContain("settings: assets/web-settings.json");
    expect(yaml).toContain("file: assets/web-page-header-logo-light.png");
    expect(readFileSync(join(out, "assets", "web-page-header-logo-light.png")).equals(NEWER)).toBe(true);
    expect(readFileSync(join(out, "assets", "web-page-header-logo-dark.png")).equals(DARK)).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "assets", "web-settings.json"), "utf8"))).toEqual(SETTINGS);
    const plan = await cli("plan", join(out, "file.yaml"), "--detailed-exitcode");
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("branding: null deletes it; left out, it is left alone", async () => {
    writeFileSync(file, FILE(BRANDING));
    expect((await cli("apply", file, "--auto-approve")).code).toBe(0);
    const unmanaged = dir.write("unmanaged.yaml", FILE(""));
    const left = await cli("plan", unmanaged, "--detailed-exitcode");
    expect(left.stdout).toContain("No changes.");
    expect(left.code).toBe(0);

    const none = dir.write("none.yaml", FILE("        branding: null\n"));
    const plan = await cli("plan", none);
    expect(plan.stdout).toContain(`- userPool.${poolName}/branding.web`);
    const applied = await cli("apply", none, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(await brandingOf(webId)).toBeUndefined();
    expect((await cli("plan", none, "--detailed-exitcode")).code).toBe(0);
  });

  it("warns on stderr of a sign-in client without a branding when the domain is on managed login", async () => {
    const v2 = dir.write("v2.yaml", FILE("", `    domain: { prefix: brand-${suffix}, managedLoginVersion: 2 }\n`));
    const plan = await cli("plan", v2);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toContain(
      "client web has no managed login branding; its login pages will be unavailable (add branding: { useCognitoProvidedValues: true } or settings)",
    );
    // admin has no sign-in pages (no OAuth), so no word of it.
    expect(plan.stderr).not.toContain("client admin");
  });
});
