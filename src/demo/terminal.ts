import { spawn, type ChildProcess } from "node:child_process";

/**
 * The demo's terminal: shows each command the way a user would type it, runs the real CLI as a
 * child process, indents what it prints, and checks its exit code. It keeps hold of the command
 * that is running so that an interrupted demo can stop it before it goes.
 */

const tty = process.stdout.isTTY === true;
export const bold = (s: string): string => (tty ? `\u001b[1m${s}\u001b[0m` : s);
export const dim = (s: string): string => (tty ? `\u001b[2m${s}\u001b[0m` : s);

/** How long an interrupted command gets to exit before it is killed. */
const STOP_GRACE_MS = 3_000;

export interface Command {
  /** The arguments after `cognito-reconcile`. */
  args: string[];
  /** Shown before the command, e.g. a variable set for it alone (`NAME=...`). */
  prefix?: string;
  /** Variables added to the environment of this command only. */
  env?: Record<string, string>;
  expectedExit: number;
}

export class Terminal {
  private running: ChildProcess | undefined;
  private step = 0;

  constructor(
    private readonly cliPath: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd: string,
  ) {}

  /** A numbered chapter heading with a one- or two-line explanation. */
  chapter(title: string, ...explanation: string[]): void {
    this.step += 1;
    console.log(`\n${bold(`${this.step}. ${title}`)}`);
    for (const line of explanation) console.log(dim(`   ${line}`));
  }

  note(text: string): void {
    console.log(`   ${text}`);
  }

  /** Runs `cognito-reconcile ARGS`, printing its output indented; rejects when the exit code is not the expected one. */
  run(command: Command): Promise<void> {
    const shown = [command.prefix, "cognito-reconcile", ...command.args].filter(Boolean).join(" ");
    console.log(`\n   $ ${shown}`);
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [this.cliPath, ...command.args], {
        cwd: this.cwd,
        env: { ...this.env, ...command.env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      this.running = child;
      const indent = (chunk: Buffer): string => chunk.toString().replace(/^/gm, "   | ").replace(/ {3}\| $/, "");
      child.stdout.on("data", (chunk: Buffer) => process.stdout.write(indent(chunk)));
      child.stderr.on("data", (chunk: Buffer) => process.stdout.write(indent(chunk)));
      child.once("error", reject);
      child.once("close", (code, signal) => {
        this.running = undefined;
        const status = code ?? signal;
        console.log(dim(`   (exit code ${status})`));
        if (code === command.expectedExit) resolve();
        else reject(new Error(`"${shown}" exited ${status}, expected ${command.expectedExit}`));
      });
    });
  }

  /** Stops the command that is running, if any, and waits until it has exited. */
  async stopRunning(): Promise<void> {
    const child = this.running;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    child.kill("SIGINT");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  }
}
