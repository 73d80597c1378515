import { chmod, mkdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';

// The owner of DATA_DIR serves its PGlite to the command-line tools on a Unix socket, so they
// write into the one database instead of a copy of it. Only the owner's user can reach it: the
// socket sits in a 0700 folder and is itself 0600, and a Unix socket is never on the network.

/** The folder of the socket; pg connects to `<folder>/.s.PGSQL.<port>`. */
export const socketDirOf = (dataDir: string) => path.join(path.resolve(dataDir), 'socket');
export const SOCKET_PORT = 5432;

/**
 * Holds the session for one caller at a time. PGlite is one session: a socket client's BEGIN …
 * COMMIT arrives as several messages, and the portal's own queries must not land in between (nor
 * the client's inside the portal's transaction). The portal's queries already take turns on
 * Kysely's single PGlite connection (database.ts), so a socket client takes the same turn.
 */
export type TakeTurn = () => Promise<() => void>;

type QueryQueue = PGLiteSocketHandlerOptions['queryQueue'];

/** Message types after which, outside a transaction, the client has nothing half-done on the session. */
const SYNC = 0x53; // 'S': end of an extended-protocol round
const QUERY = 0x51; // 'Q': a simple query, answered in full
const TERMINATE = 0x58; // 'X'

/**
 * pglite-socket's own queue runs each message exclusively but lets other callers in between a
 * client's messages; this one keeps the turn from a client's first message until its session is
 * idle again (a Sync or simple query answered outside a transaction), and rolls back what a
 * client that went away left open.
 */
function turnQueue(pglite: PGlite, takeTurn: TakeTurn) {
  let holder: { id: number; release: () => void } | null = null;
  const gone = new Set<number>();
  // Only the holder lets go: a client that goes away mid-message is cleaned up twice (its last
  // message ends, and the handler's detach), and the second must not free someone else's turn.
  const letGo = (id: number) => {
    if (holder?.id !== id) return;
    const { release } = holder;
    holder = null;
    release();
  };
  const rollbackIfHolding = async (id: number) => {
    if (holder?.id !== id) return;
    // Queued on PGlite's own mutex behind the client's message in flight, ahead of the next caller.
    if (pglite.isInTransaction()) await pglite.exec('ROLLBACK').catch(() => {});
    letGo(id);
  };
  return {
    async enqueue(id: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
      if (holder?.id !== id) holder = { id, release: await takeTurn() };
      if (gone.has(id)) {
        await rollbackIfHolding(id);
        return 0;
      }
      let bytes = 0;
      try {
        await pglite.runExclusive(() =>
          pglite.execProtocolRawStream(message, {
            onRawData: (data) => {
              bytes += data.length;
              onData(data);
            },
          }),
        );
      } finally {
        // A startup message (first byte 0) is answered in full too.
        const kind = message[0];
        const atRest = kind === SYNC || kind === QUERY || kind === TERMINATE || kind === 0;
        if (atRest && !pglite.isInTransaction()) letGo(id);
      }
      return bytes;
    },
    clearQueueForHandler(id: number) {
      gone.add(id);
    },
    clearTransactionIfNeeded: rollbackIfHolding,
    getQueueLength: () => 0,
  };
}

export interface SocketService {
  stop(): Promise<void>;
}

/** Serves `pglite` on DATA_DIR's socket; the caller owns DATA_DIR's lock, so a socket file there is a crashed owner's. */
export async function serveOnSocket(
  pglite: PGlite,
  dataDir: string,
  takeTurn: TakeTurn,
): Promise<SocketService> {
  const dir = socketDirOf(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const file = path.join(dir, `.s.PGSQL.${SOCKET_PORT}`);
  await rm(file, { force: true });
  const queryQueue = turnQueue(pglite, takeTurn) as unknown as QueryQueue;
  const handlers = new Set<PGLiteSocketHandler>();
  const server: Server = createServer((socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue, closeOnDetach: true });
    handlers.add(handler);
    handler.addEventListener('close', () => handlers.delete(handler));
    handler.addEventListener('error', () => handlers.delete(handler));
    void handler.attach(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => resolve());
  });
  await chmod(file, 0o600);
  return {
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([...handlers].map((handler) => handler.detach(true)));
      await closed;
      await rm(file, { force: true });
    },
  };
}
