import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A small fake HTTP upstream for tests: answers on 127.0.0.1 (port 0) from declared
 * routes or one handler, records every request, and can misbehave on purpose (slow,
 * hung, dropped, dripping, failing N times). The weather and GitHub fakes are built
 * on it, so it knows nothing about either API.
 */

/** One request as the fake saw it. Header names are lower case. */
export interface RecordedRequest {
  method: string;
  /** The path without the query string (`/v1/forecast`). */
  path: string;
  /** Query parameters, decoded; a repeated key keeps its last value (see `searchParams`). */
  query: Record<string, string>;
  searchParams: URLSearchParams;
  /** Path and raw query as sent (`/v1/forecast?latitude=1`). */
  url: string;
  headers: IncomingHttpHeaders;
  /** The request body as UTF-8 text ('' when there was none). */
  body: string;
}

/**
 * How to answer. Everything is optional: `{}` is an empty 200. At most one of
 * `json`, `text`, `html`, `body` should be set.
 */
export interface FakeResponse {
  /** @default 200 */
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON with `content-type: application/json` (unless `headers` says otherwise). */
  json?: unknown;
  /** Sent with `content-type: text/plain; charset=utf-8`. */
  text?: string;
  /** Sent with `content-type: text/html; charset=utf-8`. */
  html?: string;
  /** Raw bytes, no content type added. */
  body?: string | Uint8Array;
  /** Wait this long before sending anything. */
  delayMs?: number;
  /** Never answer: the request stays open until the client gives up or the fake closes. */
  hang?: boolean;
  /** Drop the connection without answering (the client sees a socket error). */
  destroySocket?: boolean;
  /** Send without `content-length` (chunked transfer encoding), as streaming APIs do. */
  chunked?: boolean;
  /**
   * Send headers at once, then the body in `chunkBytes` pieces every `intervalMs`
   * (a slow upstream). `content-length` is still announced unless `chunked`.
   */
  drip?: { intervalMs: number; chunkBytes?: number };
}

/** Answers a request; `hit` counts the requests this handler or route has seen, from 1. */
export type RouteHandler = (request: RecordedRequest, info: { hit: number }) => FakeResponse | Promise<FakeResponse>;

export interface FakeRoute {
  /** Any method when omitted; compared case-insensitively. */
  method?: string;
  /** An exact path (no query) or a pattern tested on the path. */
  path: string | RegExp;
  /**
   * A fixed answer, a handler, or a sequence: the n-th request gets the n-th answer
   * and the last one repeats, so "fail twice then succeed" is `[failure, failure, ok]`.
   */
  respond: FakeResponse | readonly FakeResponse[] | RouteHandler;
}

export interface FakeUpstream {
  /** Base URL without a trailing slash (`http://127.0.0.1:40123`). */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** How many requests arrived, or how many whose path starts with `pathPrefix`. */
  hits(pathPrefix?: string): number;
  /** Replaces the routes or handler; hit counters start again. Recorded requests are kept. */
  setHandler(routes: readonly FakeRoute[] | RouteHandler): void;
  /** Stops the server and destroys every open socket, hung requests included. */
  close(): Promise<void>;
}

interface CompiledRoute {
  route: FakeRoute;
  hits: number;
}

/** Starts a fake upstream on 127.0.0.1 with an ephemeral port. */
export async function startFakeUpstream(routes: readonly FakeRoute[] | RouteHandler): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  let table: CompiledRoute[] = [];
  let handler: { fn: RouteHandler; hits: number } | undefined;

  const install = (next: readonly FakeRoute[] | RouteHandler) => {
    if (typeof next === 'function') {
      handler = { fn: next, hits: 0 };
      table = [];
    } else {
      handler = undefined;
      table = next.map((route) => ({ route, hits: 0 }));
    }
  };
  install(routes);

  // Every wait goes through here so close() can cancel it; a cancelled wait never resolves,
  // which is what a hung upstream should look like.
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (closed) return;
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const resolveAnswer = async (recorded: RecordedRequest): Promise<FakeResponse> => {
    if (handler) {
      handler.hits += 1;
      return handler.fn(recorded, { hit: handler.hits });
    }
    const match = table.find(({ route }) => matches(route, recorded));
    if (!match) {
      return { status: 404, json: { error: `fake upstream: no route for ${recorded.method} ${recorded.path}` } };
    }
    match.hits += 1;
    const { respond } = match.route;
    if (typeof respond === 'function') return respond(recorded, { hit: match.hits });
    if (isSequence(respond)) {
      const answer = respond[Math.min(match.hits, respond.length) - 1];
      return answer ?? {};
    }
    return respond;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const recorded = await record(req);
    requests.push(recorded);
    let answer: FakeResponse;
    try {
      answer = await resolveAnswer(recorded);
    } catch (error) {
      answer = { status: 500, json: { error: `fake upstream handler threw: ${String(error)}` } };
    }
    if (answer.delayMs !== undefined && answer.delayMs > 0) await wait(answer.delayMs);
    if (answer.hang) return; // left open on purpose; close() destroys the socket
    if (closed) return;
    if (answer.destroySocket) {
      req.socket.destroy();
      return;
    }
    const { headers, payload } = encode(answer);
    res.writeHead(answer.status ?? 200, headers);
    if (!answer.drip || payload.length === 0) {
      res.end(payload);
      return;
    }
    const step = Math.max(1, answer.drip.chunkBytes ?? 1);
    for (let offset = 0; offset < payload.length; offset += step) {
      if (closed || res.destroyed) return;
      res.write(payload.subarray(offset, offset + step));
      if (offset + step < payload.length) await wait(answer.drip.intervalMs);
    }
    res.end();
  };

  const server = createServer((req, res) => {
    serve(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) res.writeHead(500).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hits: (pathPrefix) => (pathPrefix === undefined ? requests.length : requests.filter((r) => r.path.startsWith(pathPrefix)).length),
    setHandler: install,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive and hung connections would hold server.close() (and the test run) open.
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await stopped;
    },
  };
}

function matches(route: FakeRoute, request: RecordedRequest): boolean {
  if (route.method !== undefined && route.method.toUpperCase() !== request.method) return false;
  return typeof route.path === 'string' ? route.path === request.path : route.path.test(request.path);
}

function isSequence(respond: FakeRoute['respond']): respond is readonly FakeResponse[] {
  return Array.isArray(respond);
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = req.url ?? '/';
  const parsed = new URL(url, 'http://fake.invalid');
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path: parsed.pathname,
    query: Object.fromEntries(parsed.searchParams),
    searchParams: parsed.searchParams,
    url,
    headers: req.headers,
    body: Buffer.concat(chunks).toString('utf8'),
  };
}

function encode(answer: FakeResponse): { headers: Record<string, string>; payload: Buffer } {
  let contentType: string | undefined;
  let payload: Buffer;
  if (answer.json !== undefined) {
    contentType = 'application/json';
    payload = Buffer.from(JSON.stringify(answer.json));
  } else if (answer.text !== undefined) {
    contentType = 'text/plain; charset=utf-8';
    payload = Buffer.from(answer.text);
  } else if (answer.html !== undefined) {
    contentType = 'text/html; charset=utf-8';
    payload = Buffer.from(answer.html);
  } else if (answer.body !== undefined) {
    payload = Buffer.from(answer.body);
  } else {
    payload = Buffer.alloc(0);
  }
  const headers: Record<string, string> = {};
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (!answer.chunked) headers['content-length'] = String(payload.length);
  for (const [name, value] of Object.entries(answer.headers ?? {})) headers[name.toLowerCase()] = value;
  return { headers, payload };
}
