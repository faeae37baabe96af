# shellcheck shell=bash
# What the scripts/obtain-*.sh scripts share. Sourced, never run: obtain-all.sh runs only
# scripts/obtain-*.sh, which this file is not. Source it with the script's name, after
# `set -euo pipefail`:
#   . "$here/lib/obtain-common.sh" obtain-<server>
# It sets pkg (packages/real-infra), repo (the repository root) and cache_root (REAL_INFRA_CACHE,
# else <repo>/.cache/real-infra; git-ignored), and defines log, fail, now, since, require_go and
# lock_cache.

obtain_name="$1"
pkg="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
repo="$(cd "$pkg/../.." && pwd)"
# shellcheck disable=SC2034 # read by the sourcing script
cache_root="${REAL_INFRA_CACHE:-$repo/.cache/real-infra}"

# Progress and failures go to stderr, prefixed with the script's name.
log() { echo "[$obtain_name] $*" >&2; }
fail() {
  log "FAILED: $*"
  exit 1
}
now() { date +%s.%N; }
# The time since a `now` reading, e.g. "12.3 s".
since() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f s", e - s }'; }

# Checks for the Go toolchain the build modules ask for (>= 1.26) and sets go_version. $1 says what
# is built from Go modules, $2 what needs Go >= 1.26; both go into the failure. The build modules pin
# everything: the toolchain may never switch itself or skip checksums.
require_go() {
  command -v go >/dev/null 2>&1 ||
    fail "the Go toolchain is not on PATH: $1 (Go >= 1.26 needed)"
  go_version="$(go env GOVERSION)"
  case "$go_version" in
  go1.2[6-9]* | go1.[3-9][0-9]*) ;;
  *) fail "Go $go_version is too old: $2" ;;
  esac
  export GOTOOLCHAIN=local GOFLAGS="-mod=readonly -buildvcs=false"
}

# Creates the cache folder $1 and holds its lock (file descriptor 9) until the script exits, so two
# runs never write one cache at once.
lock_cache() {
  mkdir -p "$1"
  exec 9>"$1/.lock"
  flock 9
}
