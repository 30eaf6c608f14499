// Starting and stopping the emulator process, and moto_ext.py's own contract.
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorStartError, motoExtPath, startEmulator } from "../../src/emulator/emulator.js";

const python = process.env.COGNITO_RECONCILE_PYTHON || "python3";

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("startEmulator", () => {
  const savedPython = process.env.COGNITO_RECONCILE_PYTHON;
  afterEach(() => {
    if (savedPython === undefined) delete process.env.COGNITO_RECONCILE_PYTHON;
    else process.env.COGNITO_RECONCILE_PYTHON = savedPython;
  });

  it("serves on a free loopback port and stop() leaves no process behind", async () => {
    const emulator = await startEmulator();
    expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    expect(await emulator.calls()).toEqual({});

    await emulator.stop();
    await expect(fetch(`${emulator.url}/_emulator/calls`)).rejects.toThrow();
  });

  it("refuses a host that is not loopback", async () => {
    await expect(startEmulator({ host: "0.0.0.0" })).rejects.toBeInstanceOf(EmulatorStartError);
  });

  it("says which Python it could not run", async () => {
    process.env.COGNITO_RECONCILE_PYTHON = "/nonexistent/python3";
    await expect(startEmulator()).rejects.toThrow(/cannot run \/nonexistent\/python3.*COGNITO_RECONCILE_PYTHON/);
  });
});

describe("moto_ext.py", () => {
  it("prints one ready line, keeps request logging quiet, and exits on SIGTERM", async () => {
    const child = spawn(python, [motoExtPath(), "--host", "127.0.0.1", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const stdout: string[] = [];
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => stdout.push(line));
    const [readyLine] = (await once(lines, "line")) as [string];
    const url = /^ready (http:\/\/127\.0\.0\.1:\d+)$/.exec(readyLine)?.[1];
    expect(url).toBeDefined();

    expect((await fetch(`${url}/_emulator/calls`)).status).toBe(200);
    await fetch(`${url}/moto-api/reset`, { method: "POST" });

    child.kill("SIGTERM");
    const [code] = (await once(child, "close")) as [number | null];
    expect(code).toBe(0);
    expect(stdout).toEqual([readyLine]);
    expect(stderr).toBe("");
    expect(processExists(child.pid!)).toBe(false);
  });

  it("exits 3 with a pip install hint when moto cannot be imported", () => {
    // -S leaves site-packages off sys.path, which is how a Python without moto looks.
    const result = spawnSync(python, ["-S", motoExtPath(), "--port", "0"], { encoding: "utf8" });
    expect(result.status).toBe(3);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('pip install "moto[server]==5.2.1"');
  });
});
