#!/usr/bin/env bash
# Obtains the Helm CLI of the real-infrastructure suite into
# <repo>/.cache/real-infra/helm/bin/helm-<HELM_VERSION> (git-ignored), built from its Go module
# helm.sh/helm/v3 (cmd/helm) through the Go module proxy by the build module helm/go.mod.
# The version is pinned in helm/versions.env. Idempotent: a binary built from the same
# go.mod/go.sum is kept. Writes helm/obtained.env (HELM=<path>), which the chart tests read.
# Prints what it did and how long it took; fails loudly, naming the step and the cause.
#
# Usage: obtain-helm.sh               obtain what is missing
#        obtain-helm.sh --regenerate  rewrite helm/go.mod and go.sum from versions.env
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/obtain-common.sh
. "$here/lib/obtain-common.sh" obtain-helm
src="$pkg/helm"
cache="$cache_root/helm"

# shellcheck source=../helm/versions.env
. "$src/versions.env"

require_go "helm is built from its Go module helm.sh/helm/v3" \
  "the build module asks for Go >= 1.26"

if [ "${1:-}" = "--regenerate" ]; then
  log "regenerating helm/go.mod for helm.sh/helm/v3 $HELM_VERSION"
  cat >"$src/go.mod" <<GOMOD
// Builds the helm CLI at the pinned release (HELM_VERSION in versions.env).
// Regenerate with \`scripts/obtain-helm.sh --regenerate\` after changing HELM_VERSION.
module ops.internal/real-infra/helm

go 1.26.0

tool helm.sh/helm/v3/cmd/helm

require helm.sh/helm/v3 $HELM_VERSION
GOMOD
  rm -f "$src/go.sum"
  (cd "$src" && GOFLAGS=-mod=mod go mod tidy) || fail "go mod tidy of helm/go.mod"
  log "regenerated; commit helm/go.mod and go.sum"
  exit 0
fi

grep -Eq "^[[:space:]]*(require )?helm.sh/helm/v3 $HELM_VERSION( |$)" "$src/go.mod" ||
  fail "helm/go.mod does not require helm.sh/helm/v3 $HELM_VERSION (versions.env); run $0 --regenerate"

mkdir -p "$cache/bin"
lock_cache "$cache"

out="$cache/bin/helm-$HELM_VERSION"
sum="$(cat "$src/go.mod" "$src/go.sum" | sha256sum | cut -d' ' -f1)"
if [ -x "$out" ] && [ "$(cat "$out.sum" 2>/dev/null)" = "$sum" ]; then
  log "helm: cached ($out)"
else
  # As helm's own Makefile: the version, and the Kubernetes version the client-go modules speak
  # (the default .Capabilities.KubeVersion of `helm template` and `helm lint`).
  client_go="$(cd "$src" && go list -f '{{.Version}}' -m k8s.io/client-go)" ||
    fail "go list -m k8s.io/client-go in helm/go.mod"
  k8s_minor="$(echo "$client_go" | cut -d. -f2)"
  ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  ldflags="$ldflags -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
  for p in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldflags="$ldflags -X $p.k8sVersionMajor=1 -X $p.k8sVersionMinor=$k8s_minor"
  done
  log "helm: building helm.sh/helm/v3/cmd/helm $HELM_VERSION (Go $go_version; a cold build takes several minutes on 2 cores)"
  start="$(now)"
  build_log="$cache/helm.build.log"
  if ! (cd "$src" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$out.tmp" helm.sh/helm/v3/cmd/helm) >"$build_log" 2>&1; then
    tail -n 30 "$build_log" >&2
    fail "helm: go build helm.sh/helm/v3/cmd/helm failed (log: $build_log)"
  fi
  mv "$out.tmp" "$out"
  echo "$sum" >"$out.sum"
  log "helm: built in $(since "$start") ($(du -h "$out" | cut -f1))"
fi

reported="$("$out" version --template '{{.Version}}' 2>&1)" || fail "helm: $out version failed: $reported"
[ "$reported" = "$HELM_VERSION" ] || fail "helm: $out reports $reported, expected $HELM_VERSION"

cat >"$cache/obtained.env.tmp" <<EOF2
HELM_VERSION=$HELM_VERSION
HELM=$out
EOF2
mv "$cache/obtained.env.tmp" "$cache/obtained.env"
log "ready: helm $HELM_VERSION ($out)"
