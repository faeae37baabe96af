#!/usr/bin/env bash
# Installs the real servers and tools the tests use, from Debian's packages, when they are missing:
# Chromium (driven by playwright-core; never `playwright install`), PostgreSQL 15, Prometheus
# (its binary and promtool) and Redis (redis-server and redis-cli, for the production backend's
# shared cache). The tests run their own instances on 127.0.0.1, never the packages' services.
set -euo pipefail

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql-15)
[ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ] || need+=(prometheus)
[ -x /usr/bin/redis-server ] && [ -x /usr/bin/redis-cli ] || need+=(redis-server)
[ ${#need[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "[test-deps] installing ${need[*]}" >&2
if ! $SUDO apt-get install -y --no-install-recommends "${need[@]}" >/dev/null; then
  $SUDO apt-get update >/dev/null
  $SUDO apt-get install -y --no-install-recommends "${need[@]}" >/dev/null
fi
