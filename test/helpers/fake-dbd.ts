import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { httpSource, type HttpSourceOptions } from '../../src/sync/dbd/http-source.js';

// A real HTTP server on 127.0.0.1 that speaks DBD's tender API (FORMAT.md) and fails on cue.

export type Fault =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'hang' }
  | { kind: 'reset' }
  | { kind: 'body'; body: string };

export interface FakeDbd {
  url: string;
  token: string;
  /** The items DBD holds; tests change them between runs. */
  items: Array<Record<string, unknown>>;
  /** DBD's clock, returned as serverTime. */
  serverTime: string;
  /** Faults for the coming requests, in order; a request with no fault queued is answered normally. */
  faults: Array<Fault | null>;
  requests: Array<{ url: URL; authorization: string | undefined }>;
  /** Delay every answer (to make runs overlap). */
  delayMs: number;
  /** While true, requests wait unanswered until `resume()` (to hold a run open for as long as a test needs). */
  paused: boolean;
  /** Answers every request held while paused, and stops pausing. */
  resume(): void;
  /** How many requests are held unanswered now (they count in `requests` once answered). */
  holding(): number;
  close(): Promise<void>;
}

/** Anything that can run a clean-up at the end: a tap test, or a script's own list. */
export interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function fakeDbd(t: Teardown, items: Array<Record<string, unknown>> = []): Promise<FakeDbd> {
  const sockets = new Set<Socket>();
  const held: Array<() => void> = [];
  const state: FakeDbd = {
    url: '',
    token: 'test-token',
    items,
    serverTime: '2026-11-20T06:00:00.000Z',
    faults: [],
    requests: [],
    delayMs: 0,
    paused: false,
    resume: () => {
      state.paused = false;
      for (const release of held.splice(0)) release();
    },
    holding: () => held.length,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', state.url);
    state.requests.push({ url, authorization: req.headers.authorization });
    const fault = state.faults.shift() ?? null;
    if (fault?.kind === 'hang') return; // never answers
    if (fault?.kind === 'reset') return req.socket.destroy();
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
      return res.end('{"error":"fault"}');
    }
    if (fault?.kind === 'body') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(fault.body);
    }
    if (req.headers.authorization !== `Bearer ${state.token}`) {
      res.writeHead(401);
      return res.end();
    }
    if (url.pathname !== '/tenders') {
      res.writeHead(404);
      return res.end();
    }
    const changedSince = url.searchParams.get('changedSince');
    const offset = Number(url.searchParams.get('cursor') ?? 0);
    const limit = Number(url.searchParams.get('limit') ?? 500);
    const matching = state.items.filter((item) => !changedSince || String(item.lastModified) > changedSince);
    const page = matching.slice(offset, offset + limit);
    const next = offset + limit < matching.length ? String(offset + limit) : null;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items: page, nextCursor: next, serverTime: state.serverTime }));
  };

  const server = createServer((req, res) => {
    if (state.paused) held.push(() => answer(req, res));
    else if (state.delayMs > 0) setTimeout(() => answer(req, res), state.delayMs);
    else answer(req, res);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.teardown(() => state.close());
  return state;
}

/** The portal's HTTP source pointed at the fake, with short timeouts so fault tests run fast. */
export function sourceFor(dbd: FakeDbd, overrides: Partial<HttpSourceOptions> = {}) {
  return httpSource({
    url: dbd.url,
    token: dbd.token,
    pageSize: 2,
    timeoutMs: 300,
    maxRetries: 2,
    retryBaseMs: 10,
    maxWaitMs: 400,
    ...overrides,
  });
}
