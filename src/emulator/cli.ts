#!/usr/bin/env node
// `npm run emulator -- [--port N] [--host 127.0.0.1] [--latency MS] [--throttle SHARE] [--enforce-iam N]`: runs the local AWS emulator in the
// foreground until SIGINT/SIGTERM, for trying cognito-reconcile without an AWS account.
import { Command, InvalidArgumentError } from "commander";
import { EmulatorStartError, isLoopbackHost, startEmulator, type Emulator } from "./emulator.js";

interface CliOptions {
  port: number;
  host: string;
  latency: number;
  throttle: number;
  enforceIam?: number;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError("expected a port number from 0 to 65535.");
  return port;
}

function parseLatency(value: string): number {
  const ms = Number(value);
  if (!/^\d+$/.test(value) || ms > 60_000) throw new InvalidArgumentError("expected milliseconds from 0 to 60000.");
  return ms;
}

function parseThrottle(value: string): number {
  const share = Number(value);
  if (!/^(0|1|0?\.\d+|1\.0+)$/.test(value) || !(share >= 0 && share <= 1)) throw new InvalidArgumentError("expected a share of calls from 0 to 1, e.g. 0.3.");
  return share;
}

function parseUncheckedRequests(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a number of requests let through unchecked first, 0 or more.");
  return Number(value);
}

function parseArgs(argv: string[]): CliOptions {
  return new Command("emulator")
    .description("Local AWS emulator (moto 5.2.1 with cognito-reconcile extensions) for trying the tool without AWS.")
    .option("--port <n>", "port to listen on (0 = any free port)", parsePort, 0)
    .option("--host <address>", "loopback address to listen on", "127.0.0.1")
    .option("--latency <ms>", "milliseconds every AWS call waits before it is answered, as AWS's ~100 ms round trip (0-60000)", parseLatency, 0)
    .option(
      "--throttle <share>",
      "share of AWS calls (0-1, e.g. 0.3) answered as AWS answers throttling (TooManyRequestsException; IAM: Throttling) and not carried out, picked with a fixed seed so runs repeat",
      parseThrottle,
      0,
    )
    .option(
      "--enforce-iam <n>",
      "check every AWS request after the first N against IAM, as AWS does (moto's INITIAL_NO_AUTH_ACTION_COUNT): only the access keys of IAM users made on the emulator are accepted, and a call their policies do not allow is refused with AccessDeniedException (IAM: AccessDenied) naming the action and resource; 0 checks from the first request",
      parseUncheckedRequests,
    )
    .showHelpAfterError()
    .parse(argv)
    .opts<CliOptions>();
}

function fail(message: string, exitCode = 1): never {
  console.error(`error: ${message}`);
  process.exit(exitCode);
}

function stopOnSignals(emulator: Emulator): void {
  const shutdown = (): void => {
    emulator.stop().then(
      () => process.exit(0),
      (err: unknown) => fail(`could not stop the emulator: ${String(err)}`),
    );
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

async function main(): Promise<void> {
  const { port, host, latency, throttle, enforceIam } = parseArgs(process.argv);
  if (!isLoopbackHost(host)) {
    fail(`refusing to listen on ${host}: the emulator accepts any credentials, use a loopback address such as 127.0.0.1`);
  }

  let emulator: Emulator;
  try {
    // Not quiet: moto's own error output helps when a call fails during local experiments.
    emulator = await startEmulator({ port, host, quiet: false, latencyMs: latency, throttle, enforceIam });
  } catch (err) {
    if (err instanceof EmulatorStartError) fail(err.message, err.exitCode === 3 ? 3 : 1);
    throw err;
  }

  stopOnSignals(emulator);
  console.log(`Emulator (moto 5.2.1 + cognito-reconcile extensions) listening on ${emulator.url}${latency > 0 ? `, answering each AWS call after ${latency} ms` : ""}${throttle > 0 ? `, throttling ${Math.round(throttle * 100)}% of AWS calls` : ""}`);
  if (enforceIam === undefined) {
    console.log(`Point the tool at it: --endpoint-url ${emulator.url} (any access key works)`);
  } else {
    const after = enforceIam === 0 ? "every AWS request" : `every AWS request after the first ${enforceIam}`;
    console.log(`IAM is enforced on ${after}: use the access keys of an IAM user created on the emulator`);
    console.log(`Point the tool at it: --endpoint-url ${emulator.url}`);
  }
}

await main();
