#!/usr/bin/env bash
# Installs everything and runs every test stage: lint, workspace boundaries, type check, unit, integration (real PostgreSQL),
# end to end (built app + backend + sandbox in Chromium), production (the backend built as the image
# builds it, run on PostgreSQL and Redis), real infrastructure (real Kubernetes API server,
# Keycloak, Elasticsearch). Prints `N passed, N failed` last and exits
# non-zero on any failure.
set -uo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
"$here/bootstrap.sh" || { echo "0 passed, 1 failed"; exit 1; }
"$here/install-test-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }
. "$here/env.sh"
cd "$OPS_ROOT"

results=artifacts/results
rm -rf "$results" && mkdir -p "$results"

# A stage without Jest output counts as one test: passed when its command succeeds.
stage() {
  local name=$1; shift
  echo "== $name: $*" >&2
  if "$@"; then
    echo "{\"stage\":\"$name\",\"passed\":1,\"failed\":0}" >"$results/$name.json"
  else
    echo "{\"stage\":\"$name\",\"passed\":0,\"failed\":1}" >"$results/$name.json"
  fi
}
# A Jest stage: its own counts; a crash before Jest writes its report counts as one failure.
jest_stage() {
  local name=$1; shift
  echo "== $name: $*" >&2
  if ! "$@" --json --outputFile="$OPS_ROOT/$results/$name.json" && [ ! -s "$results/$name.json" ]; then
    echo "{\"stage\":\"$name\",\"passed\":0,\"failed\":1}" >"$results/$name.json"
  fi
}

stage lint yarn backstage-cli repo lint
# Workspace boundaries: no dependency or import cycle between workspaces, no plugin depending on
# packages/* at runtime, no undeclared or deep import (scripts/check-workspace-deps.mjs), and the
# check's own tests.
stage workspace-deps yarn check:workspaces
stage workspace-deps-tests yarn test:scripts
stage typecheck yarn tsc
# --watchAll=false: the Backstage test command watches unless CI is set.
jest_stage unit yarn backstage-cli repo test --ci --watchAll=false
# Integration tests (*.integration.test.ts) are ignored by the unit run; this stage starts a throwaway
# PostgreSQL and runs only them.
jest_stage integration scripts/with-postgres.sh yarn backstage-cli repo test --ci --watchAll=false \
  --testPathIgnorePatterns /node_modules/ --testPathPatterns '\.integration\.test\.ts$'
stage build-app yarn workspace app build
jest_stage e2e yarn workspace @internal/e2e-tests test:e2e --ci --watchAll=false
# The production backend: built into a temporary directory with the Dockerfile's commands
# (packages/backend/scripts/build-production.sh; bootstrap ran the install), then started as the
# image runs it, configured by environment variables only, on a throwaway PostgreSQL and Redis and
# the sandbox (free ports); then two replicas of it behind a readiness-polling round-robin proxy
# (template run once, a replica killed mid-run, concurrent saves, shared cache, rolling restart).
production_dir="$(mktemp -d "${TMPDIR:-/tmp}/ops-production.XXXXXX")"
stage production-build packages/backend/scripts/build-production.sh --skip-install "$production_dir"
export OPS_PRODUCTION_DIR="$production_dir"
jest_stage production yarn workspace @internal/e2e-tests test:production --ci --watchAll=false
unset OPS_PRODUCTION_DIR
rm -rf "$production_dir"
# The local platform's contract tests against real servers (kube-apiserver + etcd with the Istio, Kong and
# Argo CD CRDs, Keycloak, Elasticsearch), obtained into .cache/real-infra first; a server that cannot be
# obtained or started fails the stage with its cause.
jest_stage real-infra yarn workspace @internal/real-infra test:real-infra --ci --watchAll=false

node scripts/summarize-tests.mjs "$results"
