#!/usr/bin/env bash
# Runs a real Prometheus for development on 127.0.0.1:9090 that scrapes the sandbox's metrics
# listener (sandbox.metrics.url in app-config.yaml), with its config and data under
# <sandbox.dataDir>/prometheus. dev.sh starts it and stops it by PID; the script execs Prometheus,
# so its PID is Prometheus's. Arguments (e.g. --config <file>) go to the sandbox config loader.
#
# Without a prometheus binary (/usr/bin/prometheus or on PATH) it installs Debian's package when it
# may (root, or passwordless sudo); otherwise it prints how to install it and exits 0, so the
# portal runs on without metrics.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$OPS_ROOT"
address="${PROMETHEUS_LISTEN_ADDRESS:-127.0.0.1:9090}"

find_prometheus() {
  if [ -x /usr/bin/prometheus ]; then
    echo /usr/bin/prometheus
  else
    command -v prometheus || true
  fi
}

bin="$(find_prometheus)"
if [ -z "$bin" ]; then
  sudo_cmd=none
  if [ "$(id -u)" -eq 0 ]; then
    sudo_cmd=""
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo_cmd="sudo -n"
  fi
  if [ "$sudo_cmd" != none ]; then
    echo "[prometheus] installing Debian's prometheus package" >&2
    export DEBIAN_FRONTEND=noninteractive
    $sudo_cmd apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1 ||
      { $sudo_cmd apt-get update >/dev/null 2>&1 &&
        $sudo_cmd apt-get install -y --no-install-recommends prometheus >/dev/null 2>&1; } ||
      echo "[prometheus] apt-get could not install prometheus" >&2
    bin="$(find_prometheus)"
  fi
fi
if [ -z "$bin" ]; then
  cat >&2 <<'HELP'
[prometheus] Prometheus is not installed, so the portal runs without metrics.
[prometheus] Install it, then restart scripts/dev.sh:
[prometheus]   sudo apt-get install -y --no-install-recommends prometheus
[prometheus] (or put a `prometheus` binary from https://prometheus.io/download/ on PATH)
HELP
  exit 0
fi

dir="$(cd packages/sandbox && node --require ./scripts/register.cjs src/prometheusDev.ts "$@")"
echo "[prometheus] http://$address scraping the sandbox (config and data in $dir)" >&2
exec "$bin" \
  --config.file="$dir/prometheus.yml" \
  --storage.tsdb.path="$dir/data" \
  --storage.tsdb.retention.time=7d \
  --web.listen-address="$address" \
  --log.level=warn
