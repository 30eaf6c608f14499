// Starting and stopping the emulator process, and moto_ext.py's own contract.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorStartError, motoExtPath, startEmulator } from "../../src/emulator/emulator.js";

const python = process.env.COGNITO_RECONCILE_PYTHON || "python3";
const LAUNCHER = join(import.meta.dirname, "..", "..", "dist", "emulator", "cli.js");

/**
 * True while the process (or, for a negative id, the process group) exists. Only ESRCH means gone:
 * EPERM would mean it exists under another user, and anything else is not an answer.
 */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
}

/** The processes running moto_ext.py on this port (the emulator's Python server), from ps. */
function serversOnPort(port: number): ProcessInfo[] {
  const listing = execFileSync("ps", ["-ax", "-o", "pid=,ppid=,pgid=,args="], { encoding: "utf8" });
  return listing.split("\n").flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (!match) return [];
    const args = match[4]!.split(/\s+/);
    const portAt = args.indexOf("--port");
    if (!args.includes(motoExtPath()) || portAt < 0 || args[portAt + 1] !== String(port)) return [];
    return [{ pid: Number(match[1]), ppid: Number(match[2]), pgid: Number(match[3]) }];
  });
}

/** Polls until the process is gone; false if it is still there after `ms`. */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) if (!processExists(pid)) return true;
  return !processExists(pid);
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
    // One Python server, a child of this process, leading a process group of its own (what stop() signals).
    const servers = serversOnPort(emulator.port);
    expect(servers).toHaveLength(1);
    const server = servers[0]!;
    expect(server.ppid).toBe(process.pid);
    expect(server.pgid).toBe(server.pid);
    expect(processExists(server.pid)).toBe(true);

    await emulator.stop();
    // Gone by the time stop() resolves, with everything of its group, not just no longer listening.
    expect(processExists(server.pid), `python server ${server.pid}`).toBe(false);
    expect(processExists(-server.pid), `process group ${server.pid}`).toBe(false);
    expect(serversOnPort(emulator.port)).toEqual([]);
    await expect(fetch(`${emulator.url}/_emulator/calls`)).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
  });

  it("npm run emulator: SIGTERM stops the launcher and its Python server; SIGKILL of the launcher still ends the server", async () => {
    expect(existsSync(LAUNCHER), `${LAUNCHER} is missing: run npm run build first`).toBe(true);
    for (const signal of ["SIGTERM", "SIGKILL"] as const) {
      const launcher = spawn(process.execPath, [LAUNCHER, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
      const closed = once(launcher, "close") as Promise<[number | null, NodeJS.Signals | null]>;
      const lines = createInterface({ input: launcher.stdout });
      const [first] = (await once(lines, "line")) as [string];
      const port = Number(/listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(first)?.[1]);
      expect(port, first).toBeGreaterThan(0);
      const servers = serversOnPort(port);
      expect(servers.map((s) => s.ppid)).toEqual([launcher.pid]);
      const server = servers[0]!;

      try {
        launcher.kill(signal);
        const [code, killedBy] = await closed;
        expect(processExists(launcher.pid!), `launcher ${launcher.pid}`).toBe(false);
        if (signal === "SIGTERM") {
          // A clean stop: exit 0 once the server has exited, nothing left to wait for.
          expect([code, killedBy]).toEqual([0, null]);
          expect(processExists(server.pid), `python server ${server.pid}`).toBe(false);
        } else {
          // No handler ran; the server notices its stdin pipe close and exits on its own.
          expect(killedBy).toBe("SIGKILL");
          expect(await goneWithin(server.pid, 10_000), `python server ${server.pid} outlived its SIGKILLed launcher`).toBe(true);
        }
        expect(processExists(-server.pid), `process group ${server.pid}`).toBe(false);
      } finally {
        // A failed check must not leave a server running on this machine.
        if (processExists(-server.pid)) process.kill(-server.pid, "SIGKILL");
      }
    }
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
