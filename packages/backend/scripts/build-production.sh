#!/usr/bin/env bash
# Builds the production backend into a directory with the commands packages/backend/Dockerfile runs,
# for machines without a container runtime (the test command's production stage uses it).
#
# Usage: packages/backend/scripts/build-production.sh [--skip-install] <out-dir>
#
#   build stage   yarn install --immutable (skipped with --skip-install, when the caller just ran
#                 it), yarn tsc, yarn build:backend: the backend bundle with the app in it
#   final stage   <out-dir> gets the skeleton, `yarn workspaces focus --all --production`, the
#                 bundle unpacked over it and app-config.yaml + app-config.production.yaml;
#                 start it as the image does:
#                   cd <out-dir> && NODE_ENV=production node packages/backend \
#                     --config app-config.yaml --config app-config.production.yaml
#
# What differs from the image: the production install reads the packages from this repository's
# Yarn cache with the network off (the image downloads them into its own cache), the host's
# compiler builds the native modules (the image installs python3, g++ and libsqlite3-dev), and
# the files belong to the calling user, not `node`.
set -euo pipefail

skip_install=0
if [ "${1:-}" = "--skip-install" ]; then
  skip_install=1
  shift
fi
if [ "$#" -ne 1 ]; then
  echo "usage: $0 [--skip-install] <out-dir>" >&2
  exit 2
fi

. "$(dirname "${BASH_SOURCE[0]}")/../../../scripts/env.sh"
out="$(mkdir -p "$1" && cd "$1" && pwd)"
case "$out/" in
  "$OPS_ROOT"/*) echo "[build-production] <out-dir> must be outside the repository" >&2; exit 2 ;;
esac
cd "$OPS_ROOT"

# Stage 2 (build).
if [ "$skip_install" -eq 0 ]; then
  yarn install --immutable
fi
yarn tsc
yarn build:backend

# Stage 3 (runtime): skeleton, production install, bundle, config.
# Only an empty directory or an earlier build of this script is emptied.
if [ -n "$(ls -A "$out")" ] && [ ! -f "$out/.ops-production-build" ]; then
  echo "[build-production] $out is neither empty nor an earlier production build" >&2
  exit 2
fi
find "$out" -mindepth 1 -maxdepth 1 -exec rm -rf {} +
touch "$out/.ops-production-build"
mkdir -p "$out/.yarn"
cp -r .yarn/releases "$out/.yarn/"
cp .yarnrc.yml backstage.json yarn.lock package.json "$out/"
cp -r stubs "$out/"
tar xzf packages/backend/dist/skeleton.tar.gz -C "$out"
(
  cd "$out"
  YARN_CACHE_FOLDER="$OPS_ROOT/.yarn/cache" YARN_ENABLE_NETWORK=0 YARN_ENABLE_IMMUTABLE_CACHE=1 \
    node "$out/$(sed -n 's/^yarnPath: *//p' .yarnrc.yml)" workspaces focus --all --production
)
tar xzf packages/backend/dist/bundle.tar.gz -C "$out"
cp app-config.yaml app-config.production.yaml "$out/"
echo "[build-production] production backend in $out" >&2
