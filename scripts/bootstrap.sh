#!/usr/bin/env bash
# Installs everything the portal needs on a fresh machine: Node 22 (from the npm registry, into .tools/),
# the checked-in Yarn, and the workspace dependencies.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$OPS_ROOT"
if [ "${CI:-}" = "true" ]; then
  yarn install --immutable
else
  yarn install
fi
