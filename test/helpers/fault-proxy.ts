import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/**
 * A loopback HTTP proxy in front of the emulator that misbehaves the way AWS and networks do:
 * throttling, 5xx, dropped connections, slow answers, and "lost responses" (a mutating call that
 * AWS carried out but whose answer never reached the caller). Every decision comes from a seeded
 * PRNG, drawn once per request in the order requests arrive.
 *
 * Cognito and Cognito Identity speak JSON 1.1 (operation in `X-Amz-Target`); IAM speaks the query
 * protocol (operation in the form body's `Action=`). Both get the same faults, each in its own
 * protocol's error format, as AWS would send them.
 */

export interface FaultRates {
  /** HTTP 400 TooManyRequestsException (IAM: Throttling). */
  throttle: number;
  /** HTTP 500 InternalErrorException (IAM: ServiceFailure). */
  internalError: number;
  /** Socket destroyed before anything is forwarded or answered. */
  drop: number;
  /** Forwarded, answered after an extra delay of slowMs. */
  slow: number;
  slowMs: readonly [number, number];
  /** Mutating operations only: forwarded and carried out, then the socket is destroyed unanswered. */
  lostResponse: number;
}

export const DEFAULT_FAULT_RATES: FaultRates = {
  throttle: 0.3,
  internalError: 0.05,
  drop: 0.03,
  slow: 0.05,
  slowMs: [200, 800],
  lostResponse: 0.03,
};

export type Fault = "throttle" | "internalError" | "drop" | "lostResponse" | { holdMs: number };

export interface FaultCounters {
  requests: number;
  forwarded: number;
  throttled: number;
  failed: number;
  dropped: number;
  slowed: number;
  held: number;
  lostResponses: number;
  /** Operations whose response was lost, with how often. */
  lostByOperation: Record<string, number>;
  /** Requests per operation, as they reached the proxy (retries included). */
  byOperation: Record<string, number>;
}

export interface FaultProxy {
  url: string;
  counters(): FaultCounters;
  /** Zeroes the counters and restarts the PRNG from `seed`. */
  reset(seed: number): void;
  /** Turns the random faults on or off (scripted faults still apply). */
  setRates(rates: Partial<FaultRates> | "none"): void;
  /**
   * Deterministic faults: the next `times` requests of `operation` get `fault`, before any random
   * one. `{ holdMs }` holds the request that long before forwarding it (it is carried out late).
   */
  script(operation: string, fault: Fault, times?: number): void;
  stop(): Promise<void>;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MUTATING = /^(Create|Update|Delete|Set|Add|Admin|Put|Attach|Detach|Tag|Untag)/;

/** A mutating operation, by name: Create*, Update*, Delete*, Set*, Add*, Admin* (and IAM's Put/Attach/Detach/Tag/Untag). */
export function isMutating(operation: string): boolean {
  return MUTATING.test(operation);
}

function operationOf(req: IncomingMessage, body: Buffer): { operation: string; query: boolean } {
  const target = req.headers["x-amz-target"];
  if (typeof target === "string" && target.includes(".")) return { operation: target.slice(target.lastIndexOf(".") + 1), query: false };
  const action = new URLSearchParams(body.toString("utf8")).get("Action");
  return { operation: action ?? "Unknown", query: true };
}

function jsonError(res: ServerResponse, status: number, type: string, message: string): void {
  const body = JSON.stringify({ __type: type, message });
  res.writeHead(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-ErrorType": type, "x-amzn-RequestId": "fault-proxy", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function queryError(res: ServerResponse, status: number, code: string, message: string): void {
  const type = status >= 500 ? "Receiver" : "Sender";
  const body = `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>`;
  res.writeHead(status, { "content-type": "text/xml", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

interface Upstream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const { "transfer-encoding": _chunked, ...headers } = req.headers;
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...headers, "content-length": String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    upstream.on("error", reject);
    upstream.end(body);
  });
}

const zero = (): FaultCounters => ({ requests: 0, forwarded: 0, throttled: 0, failed: 0, dropped: 0, slowed: 0, held: 0, lostResponses: 0, lostByOperation: {}, byOperation: {} });

/** Starts the proxy on 127.0.0.1 and a free port, in front of `targetUrl`. */
export async function startFaultProxy(targetUrl: string, options: { seed: number; rates?: Partial<FaultRates> | "none" }): Promise<FaultProxy> {
  const target = new URL(targetUrl);
  const none: FaultRates = { throttle: 0, internalError: 0, drop: 0, slow: 0, slowMs: [0, 0], lostResponse: 0 };
  let rates: FaultRates = options.rates === "none" ? none : { ...DEFAULT_FAULT_RATES, ...options.rates };
  let random = seededRandom(options.seed);
  let counters = zero();
  const scripted: { operation: string; fault: Fault; left: number }[] = [];

  const takeScripted = (operation: string): Fault | undefined => {
    const entry = scripted.find((s) => s.operation === operation && s.left > 0);
    if (!entry) return undefined;
    entry.left--;
    return entry.fault;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const { operation, query } = operationOf(req, body);
    counters.requests++;
    counters.byOperation[operation] = (counters.byOperation[operation] ?? 0) + 1;
    // Always the same number of draws per request, so one request's fate does not shift the next's.
    const roll = random();
    const slowRoll = random();
    const delayRoll = random();
    const lostRoll = random();
    const mutating = isMutating(operation);
    let fault = takeScripted(operation);
    if (fault === "lostResponse" && !mutating) fault = undefined;
    if (typeof fault === "object") {
      counters.held++;
      await sleep(fault.holdMs);
      fault = undefined;
    }
    if (!fault) {
      if (roll < rates.drop) fault = "drop";
      else if (roll < rates.drop + rates.throttle) fault = "throttle";
      else if (roll < rates.drop + rates.throttle + rates.internalError) fault = "internalError";
      else if (mutating && lostRoll < rates.lostResponse) fault = "lostResponse";
    }
    if (fault === "drop") {
      counters.dropped++;
      req.socket.destroy();
      return;
    }
    if (fault === "throttle") {
      counters.throttled++;
      if (query) queryError(res, 400, "Throttling", "Rate exceeded");
      else jsonError(res, 400, "TooManyRequestsException", "Rate exceeded");
      return;
    }
    if (fault === "internalError") {
      counters.failed++;
      if (query) queryError(res, 500, "ServiceFailure", "Internal error");
      else jsonError(res, 500, "InternalErrorException", "Internal error");
      return;
    }
    counters.forwarded++;
    const answer = await forward(target, req, body);
    if (fault === "lostResponse") {
      counters.lostResponses++;
      counters.lostByOperation[operation] = (counters.lostByOperation[operation] ?? 0) + 1;
      req.socket.destroy();
      return;
    }
    if (slowRoll < rates.slow) {
      counters.slowed++;
      const [min, max] = rates.slowMs;
      await sleep(min + Math.floor(delayRoll * (max - min)));
    }
    const headers = { ...answer.headers };
    delete headers["transfer-encoding"];
    delete headers.connection;
    delete headers["keep-alive"];
    res.writeHead(answer.status, { ...headers, "content-length": String(answer.body.length) });
    res.end(answer.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      // The emulator itself failed to answer: tell the caller as a gateway would.
      if (!res.headersSent) {
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(`fault proxy: ${error.message}`);
      } else {
        res.destroy();
      }
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    counters: () => structuredClone(counters),
    reset(seed) {
      random = seededRandom(seed);
      counters = zero();
      scripted.length = 0;
    },
    setRates(next) {
      rates = next === "none" ? none : { ...DEFAULT_FAULT_RATES, ...next };
    },
    script(operation, fault, times = 1) {
      scripted.push({ operation, fault, left: times });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
