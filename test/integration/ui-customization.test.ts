// The classic hosted UI customization end to end, against the emulator, with real files beside the
// YAML: the pool's and a client's own apply from nothing, plan is then empty, a change made behind
// the tool's back is drift and apply puts it back, an export (with the files it writes) plans as
// no changes, and null removes them.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GetUICustomizationCommand, SetUICustomizationCommand, type CognitoIdentityProviderClient, type UICustomizationType } from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { clientIdNamed, userPoolIdNamed } from "../helpers/aws-lists.js";
import { idpClient, runCli, uniqueSuffix } from "../helpers/cli.js";
import { png } from "../helpers/png.js";
import { tempDir } from "../helpers/temp-files.js";
import { onePoolFileHead } from "../helpers/desired-state.js";

const endpoint = inject("emulatorUrl");
const suffix = uniqueSuffix();
const stack = `ui-${suffix}`;
const poolName = `Ui-${suffix}`;
const dir = tempDir();
let idp: CognitoIdentityProviderClient;

const POOL_CSS = ".banner-customizable { background-color: #1f6feb; }\n.submitButton-customizable { font-weight: 600; }\n";
const WEB_CSS = ".background-customizable { background-color: #fafbfc; }\n";
const LOGO = png([31, 111, 235]);

const FILE = `${onePoolFileHead(stack, poolName)}    domain: { prefix: ui-${suffix} }
    uiCustomization:
      css: assets/hosted-ui.css
      logo: assets/logo.png
    clients:
      - name: web
        uiCustomization: { css: assets/web.css }
      - name: admin
`;

const cli = (verb: string, file: string, ...flags: string[]) => runCli([verb, "-f", file, "--endpoint-url", endpoint, ...flags]);

async function customizationOf(poolId: string, clientId?: string): Promise<UICustomizationType> {
  return (await idp.send(new GetUICustomizationCommand({ UserPoolId: poolId, ...(clientId ? { ClientId: clientId } : {}) }))).UICustomization ?? {};
}

async function logoAt(url: string | undefined): Promise<Uint8Array> {
  expect(url).toBeDefined();
  const response = await fetch(url!);
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

let file = "";
let poolId = "";
let web = "";

beforeAll(async () => {
  idp = idpClient(endpoint);
  mkdirSync(join(dir.path, "assets"));
  dir.write("assets/hosted-ui.css", POOL_CSS);
  dir.write("assets/web.css", WEB_CSS);
  dir.write("assets/logo.png", Buffer.from(LOGO));
  file = dir.write("ui.yaml", FILE);
});

describe("uiCustomization", () => {
  it("applies the pool's and a client's own from nothing, with the files' contents; plan then shows no changes", async () => {
    const applied = await cli("apply", file, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`+ userPool.${poolName}/uiCustomization.pool: created`);
    expect(applied.stdout).toContain(`+ userPool.${poolName}/clientUiCustomization.web: created`);
    poolId = await userPoolIdNamed(idp, poolName);
    web = await clientIdNamed(idp, poolId, "web");
    const admin = await clientIdNamed(idp, poolId, "admin");

    const pools = await customizationOf(poolId);
    expect(pools.CSS).toBe(POOL_CSS);
    expect(await logoAt(pools.ImageUrl)).toEqual(LOGO);
    const webs = await customizationOf(poolId, web);
    expect(webs.ClientId).toBe(web);
    expect(webs.CSS).toBe(WEB_CSS);
    // Its block has no logo: the client's own has none.
    expect(webs.ImageUrl).toBeUndefined();
    // A client the file gives none shows the pool's.
    expect((await customizationOf(poolId, admin)).ClientId).toBe("ALL");

    const plan = await cli("plan", file, "--detailed-exitcode");
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("drift finds a client's CSS and the pool's logo changed with the SDK, and apply puts them back", async () => {
    await idp.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: web, CSS: ".background-customizable { background-color: red; }" }));
    await idp.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: "ALL", CSS: POOL_CSS, ImageFile: png([200, 30, 30]) }));

    const drift = await cli("drift", file);
    expect(drift.code).toBe(2);
    expect(drift.stdout).toContain(`userPool.${poolName}/clientUiCustomization.web`);
    expect(drift.stdout).toMatch(/css:\s+"?\(sha256 [0-9a-f]{16}, 51 B\)"?\s+-> "?assets\/web\.css \(sha256 [0-9a-f]{16}, 56 B\)"?/);
    expect(drift.stdout).toContain(`userPool.${poolName}/uiCustomization.pool`);
    expect(drift.stdout).toMatch(/logo:\s+"?\(sha256 [0-9a-f]{16}, \d+ B\)"?\s+-> "?assets\/logo\.png \(sha256/);
    // Content is shown by hash only.
    expect(drift.stdout).not.toContain("background-color");

    const applied = await cli("apply", file, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect((await customizationOf(poolId, web)).CSS).toBe(WEB_CSS);
    expect(await logoAt((await customizationOf(poolId)).ImageUrl)).toEqual(LOGO);

    const after = await cli("drift", file);
    expect(after.code).toBe(0);
  });

  it("export --output writes the files it names beside the file, and plan of the exported file shows no changes", async () => {
    const out = join(dir.path, "exported");
    mkdirSync(out);
    const written = join(out, "pool.yaml");
    const exported = await runCli(["export", "--pool-id", poolId, "--endpoint-url", endpoint, "--output", written]);
    expect(exported.stderr).toBe("");
    expect(exported.code).toBe(0);
    const yaml = readFileSync(written, "utf8");
    expect(yaml).toContain("    uiCustomization:\n      css: assets/hosted-ui.css\n      logo: assets/logo.png\n");
    expect(yaml).toContain("        uiCustomization:\n          css: assets/web.css\n");
    // Only web has one of its own; admin shows the pool's and its entry leaves the block out.
    expect(yaml.match(/^ {8}uiCustomization:$/gm)).toHaveLength(1);
    expect(readFileSync(join(out, "assets", "hosted-ui.css"), "utf8")).toBe(POOL_CSS);
    expect(new Uint8Array(readFileSync(join(out, "assets", "logo.png")))).toEqual(LOGO);
    expect(readFileSync(join(out, "assets", "web.css"), "utf8")).toBe(WEB_CSS);
    expect(existsSync(join(out, "assets", "web-logo.png"))).toBe(false);

    expect((await runCli(["validate", "-f", written])).code).toBe(0);
    const plan = await cli("plan", written, "--detailed-exitcode");
    expect(plan.stderr).toBe("");
    expect(plan.stdout).toContain("No changes.");
    expect(plan.code).toBe(0);
  });

  it("null removes the pool's and the client's own; left out, they are left alone", async () => {
    const removed = dir.write(
      "removed.yaml",
      FILE.replace(/ {4}uiCustomization:\n(?: {6}.*\n)+/, "    uiCustomization: null\n").replace("        uiCustomization: { css: assets/web.css }", "        uiCustomization: null"),
    );
    const plan = await cli("plan", removed);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`- userPool.${poolName}/uiCustomization.pool`);
    expect(plan.stdout).toContain(`- userPool.${poolName}/clientUiCustomization.web`);
    const applied = await cli("apply", removed, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    const pools = await customizationOf(poolId);
    expect(pools.CSS).toBeUndefined();
    expect(pools.ImageUrl).toBeUndefined();
    const webs = await customizationOf(poolId, web);
    expect(webs.CSS).toBeUndefined();
    expect(webs.ImageUrl).toBeUndefined();
    const again = await cli("plan", removed, "--detailed-exitcode");
    expect(again.stdout).toContain("No changes.");
    expect(again.code).toBe(0);

    // Set again, then a file without the blocks leaves them as they are.
    expect((await cli("apply", file, "--auto-approve")).code).toBe(0);
    const unmanaged = dir.write("unmanaged.yaml", FILE.replace(/ {4}uiCustomization:\n(?: {6}.*\n)+/, "").replace("        uiCustomization: { css: assets/web.css }\n", ""));
    const left = await cli("plan", unmanaged, "--detailed-exitcode");
    expect(left.stdout).toContain("No changes.");
    expect(left.code).toBe(0);
    expect((await customizationOf(poolId, web)).CSS).toBe(WEB_CSS);
  });

  it("the domain and the customizations going together: the customizations are removed first, while the domain still exists", async () => {
    const gone = dir.write(
      "gone.yaml",
      FILE.replace(/ {4}domain: .*\n/, "    domain: null\n")
        .replace(/ {4}uiCustomization:\n(?: {6}.*\n)+/, "    uiCustomization: null\n")
        .replace("        uiCustomization: { css: assets/web.css }", "        uiCustomization: null"),
    );
    const applied = await cli("apply", gone, "--auto-approve");
    expect(applied.stderr).toBe("");
    expect(applied.code).toBe(0);
    expect((await customizationOf(poolId)).CSS).toBeUndefined();
    const again = await cli("plan", gone, "--detailed-exitcode");
    expect(again.stdout).toContain("No changes.");
    expect(again.code).toBe(0);
  });
});
