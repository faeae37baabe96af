#!/usr/bin/env bash
# Installs everything, then runs the local platform (packages/sandbox), a Prometheus that scrapes
# the sandbox's traffic simulator (http://127.0.0.1:9090, when Prometheus is installed or can be;
# see scripts/prometheus-dev.sh) and the portal against them:
# frontend http://localhost:3000, backend http://localhost:7007 (SQLite in memory, guest sign-in).
set -euo pipefail
"$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$OPS_ROOT"

yarn sandbox &
sandbox_pid=$!
scripts/prometheus-dev.sh &
prometheus_pid=$!
stop_background() {
  kill "$prometheus_pid" "$sandbox_pid" 2>/dev/null || true
  wait "$prometheus_pid" "$sandbox_pid" 2>/dev/null || true
}
trap stop_background EXIT INT TERM

yarn start
