import { createServer, type Socket } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { tempDir } from "../helpers/temp-files.js";

/**
 * A CLI that hangs must fail its test within runCli's bound, with what it printed so far, instead of
 * at the test's timeout. Here every AWS call goes to a port that accepts connections and never
 * answers, so plan waits forever for its first answer.
 */
const sockets = new Set<Socket>();
const closed: Promise<void>[] = [];
const silent = createServer((socket) => {
  sockets.add(socket);
  closed.push(new Promise((resolve) => socket.on("close", () => resolve())));
  socket.on("error", () => undefined);
  // Reads (and drops) the request, so the peer's end is seen; never writes a byte.
  socket.resume();
});
afterAll(() => {
  for (const socket of sockets) socket.destroy();
  silent.close();
});

const dir = tempDir();

describe("runCli's bound", () => {
  it("kills a CLI that does not finish in time and fails with its output so far", async () => {
    // Long enough for the CLI to start and reach the port on a busy machine; the test waits for nothing else.
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    const file = dir.write("hangs.yaml", ["version: 1", "stack: run-cli-bound", "region: us-east-1", "userPools:", "  - name: Hangs", ""].join("\n"));

    const run = runCli(["plan", "-f", file, "--endpoint-url", `http://127.0.0.1:${port}`, "--log-level", "info"], { timeoutMs: 15_000 });

    await expect(run).rejects.toThrow(/^cognito-reconcile plan -f .*hangs\.yaml .* did not finish within 15000 ms and was killed\n--- stdout so far ---\n/);
    // The output so far is in the failure: the log line written before the first call hung.
    await expect(run).rejects.toThrow(/--- stderr so far ---\n.*"msg":"reading live state"/s);
    // The CLI had reached the silent port, and the kill closed its connection.
    expect(sockets.size).toBeGreaterThan(0);
    await Promise.all(closed);
  });
});
