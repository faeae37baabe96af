#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster, then removes the cluster.
#
# Usage: scripts/with-postgres.sh <command...>
#
# The cluster lives in a temporary directory, listens on 127.0.0.1 on a free port (unix socket in the
# same directory) and has a password-authenticated role with CREATEDB, as Backstage needs (each plugin
# creates its own backstage_plugin_* database). The command sees:
#   OPS_TEST_PG_URL       postgres://<user>:<password>@127.0.0.1:<port>/postgres
#   OPS_TEST_PG_HOST, OPS_TEST_PG_PORT, OPS_TEST_PG_USER, OPS_TEST_PG_PASSWORD
# The server is stopped by its data directory (pg_ctl stop) or, failing that, by the PID in
# postmaster.pid, whatever the command's outcome. The script exits with the command's status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 <command...>" >&2
  exit 2
fi

PG_BIN="${OPS_PG_BIN:-/usr/lib/postgresql/15/bin}"
if [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "[with-postgres] installing postgresql-15" >&2
    apt-get install -y --no-install-recommends postgresql-15 >/dev/null ||
      { apt-get update >/dev/null && apt-get install -y --no-install-recommends postgresql-15 >/dev/null; }
  else
    echo "[with-postgres] PostgreSQL 15 not found in $PG_BIN; install postgresql-15 (or set OPS_PG_BIN)" >&2
    exit 1
  fi
fi

# PostgreSQL refuses to run as root: as root, run the server tools as the postgres OS user.
if [ "$(id -u)" -eq 0 ]; then
  as_pg=(runuser -u postgres --)
else
  as_pg=()
fi

tmp_dir="$(mktemp -d "${TMPDIR:-/tmp}/ops-pg.XXXXXX")"
data_dir="$tmp_dir/data"
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$tmp_dir"
fi

stop_server() {
  if [ -f "$data_dir/postmaster.pid" ]; then
    if ! "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data_dir" -m fast -w -t 30 stop >/dev/null 2>&1; then
      pid="$(head -n 1 "$data_dir/postmaster.pid" 2>/dev/null || true)"
      if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
      fi
    fi
  fi
  rm -rf "$tmp_dir"
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port="$(node -e '
  const server = require("node:net").createServer();
  server.listen(0, "127.0.0.1", () => { console.log(server.address().port); server.close(); });
')"
user="ops_test"
password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

"${as_pg[@]}" "$PG_BIN/initdb" -D "$data_dir" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
  --encoding=UTF8 --locale=C >"$tmp_dir/initdb.log" 2>&1 ||
  { cat "$tmp_dir/initdb.log" >&2; exit 1; }
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$data_dir" -l "$tmp_dir/server.log" -w -t 30 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $tmp_dir -c fsync=off" start >/dev/null ||
  { cat "$tmp_dir/server.log" >&2; exit 1; }

"${as_pg[@]}" "$PG_BIN/psql" -h "$tmp_dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
  -c "CREATE ROLE $user LOGIN CREATEDB PASSWORD '$password'"

export OPS_TEST_PG_HOST=127.0.0.1
export OPS_TEST_PG_PORT="$port"
export OPS_TEST_PG_USER="$user"
export OPS_TEST_PG_PASSWORD="$password"
export OPS_TEST_PG_URL="postgres://$user:$password@127.0.0.1:$port/postgres"
echo "[with-postgres] PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
