import type { UserPoolClientType, UserPoolType } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/load.js";
import { fileRefsIn } from "../../src/config/named-files.js";
import { resolveTargets } from "../../src/config/targets.js";
import { blobText, keepBlob } from "../../src/core/blobs.js";
import type { ExportContext } from "../../src/core/child-kind.js";
import { PlanError } from "../../src/core/errors.js";
import type { LivePool } from "../../src/core/live-types.js";
import { clientUiCustomizationKind, uiCustomizationKind } from "../../src/kinds/ui-customization/kind.js";
import {
  exportedUiCustomization,
  logoExtension,
  NO_UI_CUSTOMIZATION,
  setUiCustomizationRequest,
  uiSpecFromConfig,
  uiSpecFromLive,
  type LiveUiCustomization,
} from "../../src/kinds/ui-customization/model.js";
import { USER_POOL_MATCH } from "../../src/kinds/user-pool/plan.js";
import { buildPlan } from "../../src/plan/build-plan.js";
import { matchPools } from "../../src/plan/match-pools.js";
import { STACK_TAG } from "../../src/schema/cognito-defaults.js";
import { UI_CSS_RULE, UI_LOGO_RULE, uiCustomizationSchema } from "../../src/schema/ui-customization.js";
import { diagnosticsOf } from "../helpers/diagnostics.js";
import { png } from "../helpers/png.js";

const CSS = ".banner-customizable { background-color: #1f6feb; }\n";
const WEB_CSS = "\ufeff.submitButton-customizable { color: white; }\r\n";
const LOGO = png([31, 111, 235]);
const POOL_ID = "us-east-1_Ui1";
const WEB = "webclient0000000000000001";
const OTHER = "otherclient00000000000001";

/** The files the examples name, by path, as the loader would read them. */
const FILES: Record<string, Uint8Array> = {
  "assets/hosted-ui.css": Buffer.from(CSS, "utf8"),
  "assets/logo.png": LOGO,
  "assets/web.css": Buffer.from(WEB_CSS, "utf8"),
  "assets/other.css": Buffer.from(".x { color: red; }\n", "utf8"),
};

/** What the loader does after the schema: each named file's bytes, kept for the AWS edge. */
function withFiles<T>(state: T): T {
  for (const { ref } of fileRefsIn(state)) {
    const bytes = FILES[ref.path];
    if (bytes === undefined) throw new Error(`no test file ${ref.path}`);
    ref.bytes = bytes;
    keepBlob(bytes, ref.path);
  }
  return state;
}

const block = (value: unknown) => withFiles(uiCustomizationSchema.parse(value));

/** What GetUICustomization answers (the logo downloaded from its ImageUrl) after a SetUICustomization request. */
function describedAfter(request: ReturnType<typeof setUiCustomizationRequest>): LiveUiCustomization {
  return {
    UserPoolId: request.UserPoolId,
    ClientId: request.ClientId,
    ...(request.CSS !== undefined ? { CSS: request.CSS, CSSVersion: "20260101000000000" } : {}),
    ...(request.ImageFile !== undefined ? { ImageUrl: `https://d1example.cloudfront.net/${request.UserPoolId}/${request.ClientId}/20260101/assets/images/image.png`, Image: request.ImageFile } : {}),
  };
}

const bytesOf = (text: string) => {
  const found = Object.entries(FILES).find(([path, bytes]) => blobText(bytes, path) === text);
  if (!found) throw new Error(`no bytes for ${text}`);
  return found[1];
};

describe("the block in the file", () => {
  it("takes a .css file and a .png, .jpg or .jpeg logo, each optional, and nothing else", () => {
    expect(uiCustomizationSchema.parse({ css: "a.css", logo: "b.JPEG" })).toMatchObject({ css: { path: "a.css" }, logo: { path: "b.JPEG" } });
    expect(uiCustomizationSchema.parse({})).toEqual({});
    expect(uiCustomizationSchema.parse({ css: null })).toEqual({ css: null });
    expect(
      diagnosticsOf(
        [
          "version: 1",
          "stack: s",
          "userPools:",
          "  - name: P",
          "    uiCustomization: { css: style.scss, logo: logo.gif }",
          "    clients:",
          "      - name: web",
          "        uiCustomization: { style: a.css }",
          "",
        ].join("\n"),
      ),
    ).toEqual([
      "5:29 userPools[0].uiCustomization.css must be a .css file",
      "5:47 userPools[0].uiCustomization.logo must be a .png, .jpg, .jpeg file",
      '8:28 unknown key "style" in userPools[0].clients[0].uiCustomization',
    ]);
  });

  it("checks sizes when the files are read: the API's 131,072 for CSS, the developer guide's 100 KB for the logo", () => {
    expect(UI_CSS_RULE.maxBytes).toBe(131_072);
    expect(UI_LOGO_RULE.maxBytes).toBe(100 * 1024);
  });
});

describe("the spec", () => {
  it("shows each file by its name and content, never the CSS itself; a file left out is none", () => {
    expect(uiSpecFromConfig(block({ css: "assets/hosted-ui.css", logo: "assets/logo.png" }))).toEqual({
      css: `assets/hosted-ui.css (sha256 ${sha(CSS)}, ${CSS.length} B)`,
      logo: expect.stringMatching(/^assets\/logo\.png \(sha256 [0-9a-f]{16}, \d+ B\)$/),
    });
    expect(uiSpecFromConfig(block({ logo: "assets/logo.png" })).css).toBeNull();
    expect(uiSpecFromConfig(block({}))).toEqual(NO_UI_CUSTOMIZATION);
    expect(uiSpecFromConfig(null)).toEqual(NO_UI_CUSTOMIZATION);
  });

  it("reads GetUICustomization's answer by content; an answer without CSS or logo is none", () => {
    expect(uiSpecFromLive({ UserPoolId: POOL_ID, ClientId: "ALL", CSS, ImageUrl: "https://x/image.png", Image: LOGO })).toEqual({ css: blobText(CSS), logo: blobText(LOGO) });
    expect(uiSpecFromLive({})).toEqual(NO_UI_CUSTOMIZATION);
    expect(uiSpecFromLive({ UserPoolId: POOL_ID, ClientId: WEB, CSS: "" })).toEqual(NO_UI_CUSTOMIZATION);
  });

  it("reads what a request set as the spec it was built from, once the file names are adopted: apply then plan is empty", () => {
    for (const value of [{ css: "assets/hosted-ui.css", logo: "assets/logo.png" }, { css: "assets/web.css" }, { logo: "assets/logo.png" }]) {
      const spec = uiSpecFromConfig(block(value));
      for (const clientId of ["ALL", WEB]) {
        const live = uiSpecFromLive(describedAfter(setUiCustomizationRequest(POOL_ID, clientId, spec, bytesOf)));
        expect(uiCustomizationKind.project!(live, spec)).toEqual(spec);
      }
    }
  });

  it("keeps the live content without a name where it differs, so the change shows both hashes", () => {
    const spec = uiSpecFromConfig(block({ css: "assets/hosted-ui.css", logo: "assets/logo.png" }));
    const live = uiSpecFromLive({ UserPoolId: POOL_ID, ClientId: "ALL", CSS: ".other {}", ImageUrl: "https://x/image.png", Image: LOGO });
    expect(uiCustomizationKind.project!(live, spec)).toEqual({ css: blobText(".other {}"), logo: spec.logo });
  });
});

describe("setUiCustomizationRequest", () => {
  it("sends the CSS as the file's text (a byte-order mark and CRLF kept) and the logo's bytes", () => {
    const spec = uiSpecFromConfig(block({ css: "assets/web.css", logo: "assets/logo.png" }));
    expect(setUiCustomizationRequest(POOL_ID, WEB, spec, bytesOf)).toEqual({ UserPoolId: POOL_ID, ClientId: WEB, CSS: WEB_CSS, ImageFile: LOGO });
  });

  it("leaves out what the block leaves out (which removes it), and sends the ids alone to remove it all", () => {
    expect(setUiCustomizationRequest(POOL_ID, "ALL", uiSpecFromConfig(block({ css: "assets/hosted-ui.css" })), bytesOf)).toEqual({ UserPoolId: POOL_ID, ClientId: "ALL", CSS });
    expect(setUiCustomizationRequest(POOL_ID, "ALL", NO_UI_CUSTOMIZATION, bytesOf)).toEqual({ UserPoolId: POOL_ID, ClientId: "ALL" });
  });
});

describe("export", () => {
  function context(): ExportContext & { files: Map<string, Uint8Array> } {
    const files = new Map<string, Uint8Array>();
    return { pool: {} as LivePool, leftOut: [], files, file: (name, bytes) => (files.set(`assets/${name}`, bytes), `assets/${name}`) };
  }

  it("writes the CSS and the logo as files and names them; the logo's extension comes from its content", () => {
    const ctx = context();
    const live: LiveUiCustomization = { UserPoolId: POOL_ID, ClientId: "ALL", CSS, ImageUrl: "https://x/assets/images/image", Image: LOGO };
    expect(exportedUiCustomization(live, { css: "hosted-ui.css", logo: "logo" }, "uiCustomization", ctx)).toEqual({ css: "assets/hosted-ui.css", logo: "assets/logo.png" });
    expect(Buffer.from(ctx.files.get("assets/hosted-ui.css")!).toString("utf8")).toBe(CSS);
    expect(ctx.files.get("assets/logo.png")).toEqual(LOGO);
    expect(exportedUiCustomization({ UserPoolId: POOL_ID, ClientId: "ALL" }, { css: "a.css", logo: "a" }, "uiCustomization", ctx)).toBeUndefined();
  });

  it("leaves the block out, saying why, when the logo is neither PNG nor JPEG", () => {
    const ctx = context();
    const gif = new Uint8Array(Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"));
    expect(exportedUiCustomization({ UserPoolId: POOL_ID, ClientId: WEB, CSS, ImageUrl: "https://x/image.gif", Image: gif }, { css: "web.css", logo: "web-logo" }, "client web uiCustomization", ctx)).toBeUndefined();
    expect(ctx.leftOut).toEqual([expect.stringMatching(/^client web uiCustomization: the logo is neither a PNG nor a JPEG image/)]);
    expect(ctx.files.size).toBe(0);
  });

  it("tells PNG from JPEG by the first bytes, else by the URL", () => {
    expect(logoExtension(LOGO, undefined)).toBe("png");
    expect(logoExtension(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), "https://x/image.png")).toBe("jpg");
    expect(logoExtension(new Uint8Array([1, 2, 3]), "https://x/image.JPEG?v=1")).toBe("jpeg");
    expect(logoExtension(new Uint8Array([1, 2, 3]), "https://x/image")).toBeUndefined();
  });
});

const sha = (text: string) => blobText(text).slice(8, 24);

describe("the kinds", () => {
  const pool = (yaml: string[]) => withFiles(parseConfig("f.yaml", Buffer.from(["version: 1", "stack: s", "userPools:", "  - name: P", ...yaml, ""].join("\n")), {})).userPools[0]!;

  it("the pool's: left out is not managed, null and {} declare none, a block declares one named pool", () => {
    expect(uiCustomizationKind.declared(pool([]))).toBeUndefined();
    expect(uiCustomizationKind.declared(pool(["    uiCustomization: null"]))).toEqual([]);
    expect(uiCustomizationKind.declared(pool(["    uiCustomization: {}"]))).toEqual([]);
    expect(uiCustomizationKind.declared(pool(["    uiCustomization: { css: assets/hosted-ui.css }"]))).toEqual([{ name: "pool", spec: { css: expect.stringContaining("assets/hosted-ui.css"), logo: null } }]);
  });

  it("a client's: managed for the clients whose entry has the section, declared for those with a file", () => {
    const declared = pool([
      "    clients:",
      "      - name: web",
      "        uiCustomization: { css: assets/web.css }",
      "      - name: other",
      "        uiCustomization: null",
      "      - name: admin",
    ]);
    expect(clientUiCustomizationKind.declared(declared)).toEqual([{ name: "web", owner: "web", spec: { css: expect.stringContaining("assets/web.css"), logo: null } }]);
    expect(clientUiCustomizationKind.owner!.manages(declared)).toEqual(["web", "other"]);
    expect(clientUiCustomizationKind.declared(pool(["    clients:", "      - name: web"]))).toBeUndefined();
    expect(clientUiCustomizationKind.declared(pool([]))).toBeUndefined();
  });
});

describe("plans", () => {
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

  function livePool(raw: Partial<UserPoolType>, ui: { pool?: LiveUiCustomization; clients?: LiveUiCustomization[] }): LivePool {
    const full: UserPoolType = { Id: POOL_ID, Name: "P", UserPoolTags: { [STACK_TAG]: "s" }, DeletionProtection: "INACTIVE", Domain: "p-auth", ...raw };
    return {
      id: POOL_ID,
      name: "P",
      region: "us-east-1",
      raw: full,
      stackTag: "s",
      children: { client: [client(WEB, "web"), client(OTHER, "other")], uiCustomization: ui.pool ? [ui.pool] : [], clientUiCustomization: ui.clients ?? [] },
    };
  }

  const CLIENTS = ["    clients:", "      - name: web", "      - name: other"];

  function plan(yaml: string[], live: LivePool) {
    const state = withFiles(parseConfig("f.yaml", Buffer.from(["version: 1", "stack: s", "region: us-east-1", "userPools:", "  - name: P", ...yaml, ""].join("\n")), {}));
    const match = matchPools(resolveTargets(state, "us-east-1").userPools, [live], { stack: "s", adopt: false, kind: USER_POOL_MATCH });
    return buildPlan(state, { live: { regions: ["us-east-1"], pools: [live] }, match }, { allowDestroy: false, allowReplace: false, defaultRegion: "us-east-1" });
  }
  const ui = (result: ReturnType<typeof plan>) =>
    result.plan.changes.filter((c) => c.kind === "uiCustomization" || c.kind === "clientUiCustomization").map((c) => ({ address: c.address, action: c.action, reason: c.reason, fields: c.fields.map((f) => [f.path, f.before, f.after]) }));
  const poolsLive = (css: string, image?: Uint8Array): LiveUiCustomization => ({ UserPoolId: POOL_ID, ClientId: "ALL", CSS: css, ...(image ? { ImageUrl: "https://x/image.png", Image: image } : {}) });
  const own = (id: string, name: string, css: string): LiveUiCustomization => ({ UserPoolId: POOL_ID, ClientId: id, ClientName: name, CSS: css });

  it("creates the pool's and a client's own, showing file names and hashes", () => {
    const result = plan(["    uiCustomization: { css: assets/hosted-ui.css, logo: assets/logo.png }", ...CLIENTS.slice(0, 2), "        uiCustomization: { css: assets/web.css }"], livePool({}, {}));
    expect(ui(result)).toEqual([
      {
        address: "userPool.P/uiCustomization.pool",
        action: "create",
        reason: "not found in the pool",
        fields: [
          ["css", undefined, `assets/hosted-ui.css (sha256 ${sha(CSS)}, ${CSS.length} B)`],
          ["logo", undefined, blobText(LOGO, "assets/logo.png")],
        ],
      },
      { address: "userPool.P/clientUiCustomization.web", action: "create", reason: "not found in the pool", fields: [["css", undefined, blobText(WEB_CSS, "assets/web.css")], ["logo", undefined, null]] },
    ]);
    // Written after the domain and, for the client's, after its client.
    const step = result.steps.find((s) => s.change.address === "userPool.P/clientUiCustomization.web")!;
    expect(step.dependsOn).toContain("userPool.P");
  });

  it("the same content live is no change; other CSS live is an update showing both hashes, not the CSS", () => {
    expect(ui(plan(["    uiCustomization: { css: assets/hosted-ui.css, logo: assets/logo.png }"], livePool({}, { pool: poolsLive(CSS, LOGO) })))[0]!.action).toBe("no-op");
    const changed = ui(plan(["    uiCustomization: { css: assets/hosted-ui.css }"], livePool({}, { pool: poolsLive(".old { color: red }", LOGO) })));
    expect(changed).toEqual([
      {
        address: "userPool.P/uiCustomization.pool",
        action: "update",
        reason: "differs",
        fields: [
          ["css", blobText(".old { color: red }"), blobText(CSS, "assets/hosted-ui.css")],
          ["logo", blobText(LOGO), null],
        ],
      },
    ]);
    expect(JSON.stringify(changed)).not.toContain("color");
  });

  it("null removes the pool's and a client's own; a client whose entry leaves the section out keeps its own", () => {
    const live = livePool({}, { pool: poolsLive(CSS), clients: [own(WEB, "web", WEB_CSS), own(OTHER, "other", CSS)] });
    const result = plan(["    uiCustomization: null", ...CLIENTS.slice(0, 2), "        uiCustomization: null", CLIENTS[2]!], live);
    expect(ui(result)).toEqual([
      { address: "userPool.P/uiCustomization.pool", action: "delete", reason: "the file's uiCustomization is none (null or {})", fields: [] },
      { address: "userPool.P/clientUiCustomization.web", action: "delete", reason: "the client's uiCustomization is none (null or {})", fields: [] },
    ]);
    // Left out of the file, nothing is read or planned.
    expect(ui(plan(CLIENTS, live))).toEqual([]);
  });

  it("a client being created gets its own with it", () => {
    const result = plan([...CLIENTS, "      - name: admin", "        uiCustomization: { css: assets/other.css }"], livePool({}, {}));
    expect(ui(result).map((c) => [c.address, c.action, c.reason])).toEqual([["userPool.P/clientUiCustomization.admin", "create", "client admin is being created"]]);
    const step = result.steps.find((s) => s.change.address === "userPool.P/clientUiCustomization.admin")!;
    expect(step.dependsOn).toContain("userPool.P/client.admin");
  });

  it("a customization to set needs the pool's domain: the file's, or the live pool's when the file leaves domain out", () => {
    const problems = (yaml: string[], raw: Partial<UserPoolType> = {}) => {
      try {
        plan(yaml, livePool(raw, {}));
        return [];
      } catch (error) {
        if (error instanceof PlanError) return error.problems;
        throw error;
      }
    };
    const withBlocks = ["    uiCustomization: { css: assets/hosted-ui.css }", ...CLIENTS.slice(0, 2), "        uiCustomization: { css: assets/web.css }"];
    expect(problems(["    domain: null", ...withBlocks])).toEqual([
      expect.stringMatching(/^userPool\.P: uiCustomization needs the pool's domain \(the classic hosted UI lives there/),
      expect.stringMatching(/^userPool\.P: the uiCustomization of client web needs the pool's domain/),
    ]);
    expect(problems(withBlocks, { Domain: undefined })).toHaveLength(2);
    expect(problems(withBlocks)).toEqual([]);
    expect(problems(["    domain: { prefix: p-auth }", ...withBlocks], { Domain: undefined })).toEqual([]);
    // Removing needs no domain to be declared.
    expect(problems(["    domain: null", "    uiCustomization: null"])).toEqual([]);
  });
});
