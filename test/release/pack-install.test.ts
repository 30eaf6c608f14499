// The npm package as a user gets it: what `npm pack` puts in it, and the packed tarball installed
// into an empty folder and run from there, with no network (the dependencies come from the npm
// cache that `npm ci` filled).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runCli, uniqueSuffix } from "../helpers/cli.js";
import { npmEnv, run } from "../helpers/npm.js";
import { tempDir } from "../helpers/temp-files.js";

const repoRoot = join(import.meta.dirname, "..", "..");
const packageJson = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  name: string;
  version: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
};

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; mode: number }[];
}

interface LockEntry {
  version?: string;
  dev?: boolean;
  [field: string]: unknown;
}

/** Every file under dir, relative to the repository, with / between folders. */
function filesUnder(dir: string): string[] {
  return readdirSync(join(repoRoot, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(repoRoot, join(entry.parentPath, entry.name)).split("\\").join("/"));
}

/**
 * A project that depends on the tarball alone, with a lockfile naming exactly the versions this
 * repository's lockfile has for the package's dependencies (every entry not marked dev: the same
 * tree, hoisted the same way). `npm ci --offline` then finds each of them in the cache that
 * `npm ci` of this repository filled; resolving version ranges afresh could pick a version the cache
 * has never seen.
 */
function writeProject(dir: string, tarball: string): void {
  const lock = JSON.parse(readFileSync(join(repoRoot, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const spec = `file:${tarball}`;
  const project = { name: "pack-install-check", version: "1.0.0", private: true, dependencies: { [packageJson.name]: spec } };
  const packages: Record<string, LockEntry> = {
    "": { name: project.name, version: project.version, dependencies: project.dependencies },
    [`node_modules/${packageJson.name}`]: {
      version: packageJson.version,
      resolved: spec,
      dependencies: packageJson.dependencies,
      bin: packageJson.bin,
      engines: { node: ">=20" },
      license: "Apache-2.0",
    },
  };
  for (const [path, entry] of Object.entries(lock.packages)) if (path !== "" && entry.dev !== true) packages[path] = entry;
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(project, null, 2)}\n`);
  writeFileSync(join(dir, "package-lock.json"), `${JSON.stringify({ name: project.name, version: project.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`);
}

/** The user's environment for the installed CLI, without the variable that turns the SDK's Node.js version warning off. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: _off, ...env } = npmEnv();
  return { ...env, ...extra };
}

describe("the npm package", () => {
  const work = tempDir("cognito-reconcile-pack-");
  const packDir = join(work.path, "pack");
  const app = join(work.path, "app");
  let packed: PackResult;
  let paths: string[];

  beforeAll(async () => {
    mkdirSync(packDir);
    mkdirSync(app);
    // The build already ran (npm test builds first); prepack and prepare would build again.
    const pack = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], { cwd: repoRoot });
    expect(pack.code, pack.stderr).toBe(0);
    packed = (JSON.parse(pack.stdout) as PackResult[])[0]!;
    paths = packed.files.map((f) => f.path).sort();
  }, 120_000);

  it("holds the compiled CLI, the JSON Schema, the emulator and the documents, and nothing else", () => {
    expect(packed.filename).toBe(`${packageJson.name}-${packageJson.version}.tgz`);
    for (const needed of [
      "package.json",
      "README.md",
      "CHANGELOG.md",
      "LICENSE",
      "dist/cli/main.js",
      "dist/emulator/cli.js",
      "dist/emulator/emulator.js",
      "src/emulator/moto_ext.py",
      "src/emulator/request_shape.py",
      "schemas/cognito-reconcile.schema.json",
    ]) {
      expect(paths).toContain(needed);
    }
    // Every module of the CLI is there, compiled; the demo and the schema generator are development tools.
    const modules = filesUnder("src")
      .filter((file) => file.endsWith(".ts") && !file.startsWith("src/demo/") && file !== "src/cli/write-json-schema.ts")
      .map((file) => file.replace(/^src\//, "dist/").replace(/\.ts$/, ".js"));
    expect(modules.length).toBeGreaterThan(50);
    expect(modules.filter((module) => !paths.includes(module))).toEqual([]);

    const allowed = (path: string) =>
      (/^dist\/.+\.js$/.test(path) && !/^dist\/(bench|demo)\//.test(path) && path !== "dist/cli/write-json-schema.js") ||
      /^schemas\/[^/]+\.schema\.json$/.test(path) ||
      ["src/emulator/moto_ext.py", "src/emulator/request_shape.py", "package.json", "README.md", "CHANGELOG.md", "LICENSE"].includes(path);
    expect(paths.filter((path) => !allowed(path))).toEqual([]);
    // Spelled out, what the rule above keeps out.
    expect(paths.filter((path) => /\.(map|ts)$/.test(path) || /^(test|bench|docs|examples|\.ci)\//.test(path) || path === "action.yml")).toEqual([]);
    // The CLI is about a megabyte unpacked; several would mean something was packed by mistake.
    expect(packed.unpackedSize).toBeLessThan(3_000_000);
  });

  it("records its version once: --version prints package.json's, and CHANGELOG.md has its entry", async () => {
    const version = await runCli(["--version"]);
    expect(version).toMatchObject({ code: 0, stdout: `${packageJson.version}\n` });
    const changelog = readFileSync(join(repoRoot, "CHANGELOG.md"), "utf8");
    // The newest release comes first, after Unreleased.
    expect(/^## \[(\d+\.\d+\.\d+)\]/m.exec(changelog)?.[1]).toBe(packageJson.version);
    expect(changelog).toContain(`[${packageJson.version}]: https://github.com/cognito-reconcile/cognito-reconcile/`);
  });

  describe("installed from the tarball into an empty folder, offline", () => {
    let file: string;
    let suffix: string;

    beforeAll(async () => {
      writeProject(app, join(packDir, packed.filename));
      const install = await run("npm", ["ci", "--offline", "--no-audit", "--no-fund"], { cwd: app });
      expect(install.code, `npm ci --offline of the packed tarball failed (its dependencies must be in the npm cache from npm ci):\n${install.stderr}`).toBe(0);
      suffix = uniqueSuffix();
      // The example, under a stack and pool name of this test's own.
      file = join(app, "cognito.yaml");
      const example = readFileSync(join(repoRoot, "examples", "basic.yaml"), "utf8");
      writeFileSync(file, example.replace("stack: basic-dev", `stack: pack-${suffix}`).replace("name: Basic-UserPool", `name: Pack-${suffix}`));
    }, 180_000);

    it("is the package at this version, with both commands", () => {
      const installed = join(app, "node_modules", packageJson.name);
      expect((JSON.parse(readFileSync(join(installed, "package.json"), "utf8")) as { version: string }).version).toBe(packageJson.version);
      for (const bin of ["cognito-reconcile", "cognito-reconcile-emulator"]) {
        expect(statSync(join(app, "node_modules", ".bin", bin)).mode & 0o111, `${bin} is executable`).not.toBe(0);
      }
    });

    it("npx cognito-reconcile --version and validate work", async () => {
      const version = await run("npx", ["cognito-reconcile", "--version"], { cwd: app, env: userEnv() });
      expect(version).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: "" });
      const validate = await run("npx", ["cognito-reconcile", "validate", "-f", "cognito.yaml"], { cwd: app, env: userEnv() });
      expect(validate).toEqual({ code: 0, stdout: `cognito.yaml is valid: stack "pack-${suffix}", 1 user pool, 0 identity pools.\n`, stderr: "" });
    });

    it("npx cognito-reconcile plan reads the emulator, and nothing but the plan reaches stdout or stderr", async () => {
      const url = inject("emulatorUrl");
      const plan = await run("npx", ["cognito-reconcile", "plan", "-f", "cognito.yaml", "--endpoint-url", url, "--detailed-exitcode"], { cwd: app, env: userEnv() });
      expect(plan.stderr).toBe("");
      expect(plan.code).toBe(2);
      expect(plan.stdout).toContain(`Changes for stack "pack-${suffix}":`);
      expect(plan.stdout).toContain(`+ userPool.Pack-${suffix}  (create: not found in AWS)`);
      // No NodeVersionSupportWarning from the AWS SDK on Node 20: the CLI turns it off itself.
      expect(plan.stdout + plan.stderr).not.toMatch(/NodeVersionSupportWarning|upgrade to node/i);
    });

    it("keeps the SDK's Node.js warning off stderr even when its switch says to warn, and it is real (in the debug log)", async () => {
      const major = Number(process.versions.node.split(".")[0]);
      if (major >= 22) return; // The SDK warns only below Node.js 22.
      const url = inject("emulatorUrl");
      const env = userEnv({ AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "false" });
      const quiet = await run("npx", ["cognito-reconcile", "plan", "-f", "cognito.yaml", "--endpoint-url", url], { cwd: app, env });
      expect(quiet).toMatchObject({ code: 0, stderr: "" });
      // The same run at debug level shows the SDK did warn: the check of stderr above can fail.
      const debug = await run("npx", ["cognito-reconcile", "plan", "-f", "cognito.yaml", "--endpoint-url", url, "--log-level", "debug"], { cwd: app, env });
      expect(debug.code).toBe(0);
      expect(debug.stderr).toMatch(/"warning":"NodeVersionSupportWarning[^\n]*"msg":"AWS SDK warning"/);
    });

    describe("cognito-reconcile-emulator", () => {
      let emulator: ChildProcess | undefined;
      afterAll(() => {
        if (emulator && emulator.exitCode === null && emulator.signalCode === null) emulator.kill("SIGKILL");
      });

      it("starts from the installed package, answers, and stops on SIGTERM", async () => {
        emulator = spawn(join(app, "node_modules", ".bin", "cognito-reconcile-emulator"), ["--port", "0"], { cwd: app, env: userEnv(), stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        emulator.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        const closed = once(emulator, "close") as Promise<[number | null, NodeJS.Signals | null]>;
        const lines = createInterface({ input: emulator.stdout! });
        const first = await Promise.race([once(lines, "line").then(([line]) => line as string), closed.then(([code]) => `exited ${code}: ${stderr}`)]);
        const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(first)?.[1];
        expect(url, first).toBeDefined();
        const calls = await fetch(`${url}/_emulator/calls`);
        expect(calls.status).toBe(200);
        emulator.kill("SIGTERM");
        expect(await closed).toEqual([0, null]);
      });
    });
  });
});
