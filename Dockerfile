# Udbudsportal: the portal as one container. Without DATABASE_URL it keeps an embedded PGlite
# database in the /data volume; with DATABASE_URL (see compose.yaml) it is stateless and any number
# of copies can run behind a load balancer.

# Node 24, the newest LTS line; package.json's engines also allow 20 and 22 (CI runs one suite on each end).
FROM node:24-bookworm-slim AS base
WORKDIR /app
ENV NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false NPM_CONFIG_UPDATE_NOTIFIER=false

# Every dependency, for the type check. Cached until the lock file changes.
FROM base AS deps
COPY package.json package-lock.json ./
RUN npm ci

# The build fails on a type error. tsx runs the sources without checking types, so this is the
# only place an image build checks them (test/ is not in the build context; CI checks it).
FROM deps AS check
COPY tsconfig.json ./
COPY src ./src
COPY migrations ./migrations
RUN npx tsc --noEmit && touch /typecheck.ok

# Runtime dependencies only; tsx is one of them and runs the TypeScript sources directly.
FROM base AS prod-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
COPY --from=prod-deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY src ./src
COPY views ./views
COPY migrations ./migrations
# BuildKit builds only the stages the target needs: this copy makes the type check one of them.
COPY --from=check /typecheck.ok /tmp/typecheck.ok

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
# (Under npm or `npx tsx`, npm exits on SIGTERM without passing it on.) The portal starts no child
# processes, so PID 1 has no zombies to reap and needs no init.
CMD ["node", "--import=tsx", "src/server.ts"]
