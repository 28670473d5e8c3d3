# syntax=docker/dockerfile:1
#
# The API and the office app of Credenciales de capacitador independiente (MDT).
#   docker build -t credenciales-api .
# Runs the compiled `node dist/server.js` in api/ as the unprivileged `node` user,
# serving the office app built in the image at /admin/. With
# DATABASE_URL set it expects a database already migrated (`pnpm db:migrate`,
# the `migrate` service in docker-compose.yml); without it, it runs on the
# embedded PGlite database under /data and migrates itself.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------------------
# base: Node 24 (the LTS; CI runs the suite on it) and the pinned pnpm, shared
# by both stages
# ---------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
ARG PNPM_VERSION=12.21.0
# Installed with npm, as on the development machines; no corepack, no
# packageManager field to honour.
RUN npm install --global "pnpm@${PNPM_VERSION}" \
 && npm cache clean --force
# No update checks against the registry from a production container.
ENV npm_config_update_notifier=false
WORKDIR /app

# ---------------------------------------------------------------------------
# build: the production folder (ops/build-production.sh): the API compiled to
# JavaScript (type-checked on the way) with its production dependencies, the
# office app bundled, the migrations. The same folder an operator builds
# without Docker; api/test/server.test.ts starts it on PostgreSQL.
# ---------------------------------------------------------------------------
FROM base AS build
# Only the manifests first, so the install layer is rebuilt when dependencies
# change, not when the code does. pnpm-workspace.yaml carries the allowed
# build scripts (esbuild, sharp); sharp, @node-rs/argon2 and esbuild come as
# prebuilt binaries for linux/glibc, so no compiler is needed.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY api/package.json ./api/
COPY admin-ui/package.json ./admin-ui/
# The shared package whole (it is small): the install builds its dist/ (its
# «prepare» script), which the API's compiled code imports.
COPY packages/shared/ ./packages/shared/
RUN pnpm install --frozen-lockfile
COPY api/ ./api/
COPY admin-ui/ ./admin-ui/
COPY migrations/ ./migrations/
COPY ops/build-production.sh ./ops/
RUN bash ops/build-production.sh /app/production

# ---------------------------------------------------------------------------
# runtime
# ---------------------------------------------------------------------------
FROM base AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data \
    PATH=/app/api/node_modules/.bin:$PATH

# pg_dump and pg_restore for `pnpm backup` / `pnpm restore` inside the
# container: Debian's client of the same major as compose's PostgreSQL 15
# (pg_dump must not be older than the server).
RUN apt-get update \
 && apt-get install --yes --no-install-recommends postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/*

# The production folder whole: api/ (dist/, its production dependencies —
# `pnpm deploy --prod`: no tap, typescript or drizzle-kit —, and the sources
# and scripts/ for the maintenance commands, `pnpm db:migrate`, `pnpm backup`…,
# which run through tsx), admin-ui/dist and migrations/. Code and dependencies
# stay owned by root: the service can read them, not change them.
COPY --from=build /app/production/ ./

# The only writable place: stored files (and, in embedded mode, the database
# and the generated JWT secret). Created owned by `node` so that a fresh named
# volume mounted here starts with that owner.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]

USER node
WORKDIR /app/api
EXPOSE 3000

# No curl in the slim image: Node's own fetch. Readiness: database, migrations, files volume; 503 while draining.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Node itself is the process (under compose's init): SIGTERM reaches the
# server, which drains for SHUTDOWN_DRAIN_SECONDS, lets running jobs finish and
# closes within about 15 s more. The flags are api/package.json's `start`
# script's (a young generation of at most 2 × 4 MB: see bench/README.md, start-up).
CMD ["node", "--enable-source-maps", "--max-semi-space-size=4", "dist/server.js"]
