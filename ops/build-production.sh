#!/usr/bin/env bash
# Builds the self-contained production folder: what the Dockerfile copies into the image, and what an
# operator without Docker copies to a server and starts with plain `node` (Node 24, the LTS; Node 20 still works):
#
#   <out>/api/         the API: dist/ (compiled), its production dependencies (@credenciales/shared
#                      as its compiled dist/), src/ and scripts/ for the maintenance commands
#                      (`pnpm db:migrate`, `pnpm backup`…, run through tsx)
#   <out>/admin-ui/dist the office app, served at /admin/
#   <out>/migrations/  the database migrations
#
# Start it with `cd <out>/api && node --enable-source-maps --max-semi-space-size=4 dist/server.js` (as `pnpm start`).
# Usage: ops/build-production.sh [--no-build] [out]   (--no-build: package api/dist and admin-ui/dist as they are)
set -euo pipefail
cd "$(dirname "$0")/.."
build=yes
if [ "${1:-}" = "--no-build" ]; then
  build=no
  shift
fi
out="$(realpath -m "${1:-build/production}")"

rm -rf "$out"
if [ "$build" = yes ]; then
  pnpm build
fi
for built in packages/shared/dist/index.js api/dist/server.js admin-ui/dist/index.html; do
  [ -f "$built" ] || { echo "missing $built: run pnpm build first" >&2; exit 1; }
done
# `pnpm deploy` copies the package's published files (package.json «files») with its production
# dependencies installed from the lockfile, out of the workspace: no link back to this checkout.
pnpm --filter @credenciales/api deploy --prod "$out/api"
mkdir -p "$out/admin-ui"
cp -R admin-ui/dist "$out/admin-ui/dist"
cp -R migrations "$out/migrations"
echo "production folder: $out"
