# Udbudsportal: one container with the portal and its embedded PGlite database under /data.
# Set DATABASE_URL to use a PostgreSQL server instead.
FROM node:20-bookworm-slim

WORKDIR /app

# Runtime dependencies only; tsx is one of them and runs the TypeScript sources directly.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
  && npm cache clean --force

COPY src ./src
COPY views ./views
COPY migrations ./migrations
COPY tsconfig.json ./

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data

RUN mkdir -p /data && chown node:node /data
VOLUME /data
EXPOSE 3000

USER node

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node itself is PID 1, so `docker stop`'s SIGTERM reaches the portal, which closes the database
# cleanly. (Under `npx tsx`, npm exits on SIGTERM without passing it on, and the database is killed.)
CMD ["node", "--import=tsx", "src/server.ts"]
