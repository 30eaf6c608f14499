// Files a desired-state file names (logos, style sheets, settings JSON): read relative to the YAML
// file, refused at the naming key when missing, too large or not JSON, compared by content hash.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readNamedFiles, fileRefsIn } from "../../src/config/named-files.js";
import { adoptFileNames, blobBytes, blobHash, blobText, formatSize } from "../../src/core/blobs.js";
import { FileRef, fileRefSchema } from "../../src/schema/file-ref.js";
import { tempDir } from "../helpers/temp-files.js";

const dir = tempDir("cognito-reconcile-named-files-");
const yaml = join(dir.path, "config", "cognito.yaml");
mkdirSync(join(dir.path, "config", "assets"), { recursive: true });
dir.write("config/assets/logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
dir.write("config/assets/settings.json", '{"components": {"pageHeader": {"lightMode": {"background": {"color": "ffffffff"}}}}}');
dir.write("config/assets/broken.json", "{ not json");
dir.write("config/assets/big.css", "x".repeat(101));

const logoRule = { what: "the logo", maxBytes: 100 };
/** Where each path sits, as the loader's source map would say (here: the path's length as the line). */
const locate = (path: (string | number)[]) => ({ file: yaml, line: path.length, column: 1 });
const yamlFile = () => yaml;

describe("named files", () => {
  it("reads each file relative to the YAML file's folder and keeps its bytes for the AWS edge", async () => {
    const logo = new FileRef("assets/logo.png", logoRule);
    const settings = new FileRef("assets/settings.json", { what: "the settings", maxBytes: 1000, json: true });
    const state = { userPools: [{ clients: [{ branding: { settings, assets: [{ file: logo }] } }] }] };
    expect(await readNamedFiles(state, yamlFile, locate)).toEqual([]);
    expect(Buffer.from(logo.content())).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]));
    expect(settings.json).toEqual({ components: { pageHeader: { lightMode: { background: { color: "ffffffff" } } } } });
    expect(Buffer.from(blobBytes(blobText(logo.content(), "any name")))).toEqual(Buffer.from(logo.content()));
    expect(fileRefsIn(state).map((r) => r.path)).toEqual([
      ["userPools", 0, "clients", 0, "branding", "settings"],
      ["userPools", 0, "clients", 0, "branding", "assets", 0, "file"],
    ]);
  });

  it("names the key, the file and the limit for a file that is missing, too large or not JSON", async () => {
    const state = {
      missing: new FileRef("assets/nope.png", logoRule),
      big: new FileRef("assets/big.css", { what: "the style sheet", maxBytes: 100 }),
      broken: new FileRef("assets/broken.json", { what: "the settings", maxBytes: 1000, json: true }),
    };
    const problems = await readNamedFiles(state, yamlFile, (path) => ({ file: yaml, line: ["missing", "big", "broken"].indexOf(String(path[0])) + 1, column: 7 }));
    expect(problems).toEqual([
      { file: yaml, line: 1, column: 7, message: "no such file assets/nope.png (the logo, relative to the YAML file's folder)" },
      { file: yaml, line: 2, column: 7, message: "assets/big.css is 101 bytes; AWS accepts the style sheet of at most 100 bytes" },
      { file: yaml, line: 3, column: 7, message: expect.stringMatching(/^assets\/broken\.json is not valid JSON \(.+\); the settings must be a JSON object$/) },
    ]);
  });

  it("checks the extension from the name alone, before anything is read", () => {
    const schema = fileRefSchema(logoRule, ["png", "jpg"]);
    expect(schema.safeParse("assets/logo.PNG").success).toBe(true);
    expect(schema.safeParse("assets/logo.gif").error?.issues[0]?.message).toBe("must be a .png, .jpg file");
    const parsed = schema.parse("assets/logo.jpg");
    expect(parsed).toBeInstanceOf(FileRef);
    // A printed state shows the path as written, never the bytes.
    expect(JSON.stringify({ logo: parsed })).toBe('{"logo":"assets/logo.jpg"}');
  });
});

describe("blob texts", () => {
  it("show a file by name, short hash and size, and never its bytes", () => {
    const text = blobText(Buffer.from("body { color: red }"), "assets/web.css");
    expect(text).toMatch(/^assets\/web\.css \(sha256 [0-9a-f]{16}, 19 B\)$/);
    expect(blobText("body { color: red }")).toBe(text.replace("assets/web.css ", ""));
    expect(blobHash(text)).toBe(blobHash(blobText("body { color: red }")));
    expect(blobHash("assets/web.css")).toBeUndefined();
    expect([formatSize(1023), formatSize(12_600), formatSize(2_400_000)]).toEqual(["1023 B", "12.3 KB", "2.3 MB"]);
  });

  it("give live content the file's name where the bytes are the same, so equal content compares equal", () => {
    const desired = { css: blobText("a", "web.css"), assets: [{ file: blobText("b", "logo.png") }, { file: blobText("c", "dark.png") }] };
    const live = { css: blobText("a"), assets: [{ file: blobText("b") }, { file: blobText("changed") }] };
    expect(adoptFileNames(live, desired)).toEqual({ css: desired.css, assets: [{ file: desired.assets[0]!.file }, { file: blobText("changed") }] });
  });
});
