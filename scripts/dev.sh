#!/usr/bin/env bash
# Installs everything, then runs the local platform (packages/sandbox) and the portal against it:
# frontend http://localhost:3000, backend http://localhost:7007 (SQLite in memory, guest sign-in).
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$OPS_ROOT"

yarn sandbox &
sandbox_pid=$!
stop_sandbox() { kill "$sandbox_pid" 2>/dev/null || true; wait "$sandbox_pid" 2>/dev/null || true; }
trap stop_sandbox EXIT INT TERM

yarn start
