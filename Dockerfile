# Udbudsportal: the portal as one container. Without DATABASE_URL it keeps an embedded PGlite
# database in the /data volume; with DATABASE_URL (see compose.yaml) it is stateless and any number
# of copies can run behind a load balancer.

# Node 24, the newest LTS line; package.json's engines also allow 20 and 22 (CI runs one suite on each end).
FROM node:24-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false NPM_CONFIG_UPDATE_NOTIFIER=false

# Every dependency, for the build. Cached until the lock file changes.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci

# The compiled JavaScript (`npm run build`: tsc into dist/). tsc checks the types as it compiles,
# so a type error fails the image build (test/ is not in the build context; CI checks it). Of
# src/ only the JSON seed data is kept: the portal reads it at run time, the TypeScript it does not.
FROM deps AS build
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build \
 && rm dist/.tsbuildinfo \
 && find src -type f ! -name '*.json' -delete

# Runtime dependencies only: no TypeScript, no tsx.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# MALLOC_ARENA_MAX=2: fewer malloc arenas for the worker threads, so less memory held and not
# given back (about 10 MB of the portal's peak).
FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    MALLOC_ARENA_MAX=2
COPY --from=prod-deps /app/node_modules ./node_modules
# package.json makes dist/ ES modules and marks the root where views/ and the seed data are found.
COPY package.json package-lock.json ./
COPY --from=build /app/dist ./dist
COPY --from=build /app/src ./src
COPY views ./views

# The code stays root-owned and read-only for the app; only /data (PGlite, mail outbox) is its own.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
EXPOSE 3000
USER node

# /healthz answers once the portal listens, i.e. after migrations (and on an empty embedded
# database the first import) are done; start-period covers that.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Migrations run at every start, before the portal listens (openMigratedDatabase in
# src/prepare.ts, which src/server.ts calls: our Kysely migrations under a PostgreSQL lock, then
# pg-boss's own schema), so an image upgrade needs no separate migrate step.
# node itself is PID 1 (exec form, no npm or shell in between), so `docker stop`'s SIGTERM reaches
# the portal's handler, which stops the sync and the mail workers and closes the database cleanly.
# (Under npm, npm exits on SIGTERM without passing it on.) The portal's one child process, which
# makes a new embedded database folder at a first start, is waited for, so PID 1 has no zombies to
# reap and needs no init.
# The options are `npm start`'s (package.json), which keep the portal under 200 MB: see README.md,
# "Memory". The command-line tools run the same way: `node dist/src/cli/user-create.js …`.
CMD ["node", "--max-semi-space-size=2", "--optimize-for-size", "--liftoff-only", "dist/src/server.js"]
