#!/usr/bin/env bash
# Obtains the real Kubernetes control plane of the real-infrastructure suite into
# <repo>/.cache/real-infra/kubernetes (git-ignored):
#   bin/etcd-<ETCD_VERSION>                 built from go.etcd.io/etcd/server/v3 (kubernetes/etcd/go.mod)
#   bin/kube-apiserver-<KUBERNETES_VERSION> built from k8s.io/kubernetes (kubernetes/kube-apiserver/go.mod)
#   crds/<project>-<version>/*.yaml         the CRDs of Istio, Kong Ingress Controller, Argo CD and
#                                           External Secrets, copied from their released Go modules
# Everything comes through the Go module proxy; versions are pinned in kubernetes/versions.env.
# Idempotent: what is cached (and built from the same go.mod/go.sum) is skipped. Prints what it
# did and how long it took; fails loudly, naming the step and the cause.
#
# Usage: obtain-kubernetes.sh               obtain what is missing
#        obtain-kubernetes.sh --regenerate  rewrite the build modules' go.mod/go.sum from versions.env
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/obtain-common.sh
. "$here/lib/obtain-common.sh" obtain-kubernetes
src="$pkg/kubernetes"
cache="$cache_root/kubernetes"

# shellcheck source=../kubernetes/versions.env
. "$src/versions.env"

require_go "kube-apiserver and etcd are built from their Go modules" \
  "k8s.io/kubernetes $KUBERNETES_VERSION needs Go >= 1.26"

mkdir -p "$cache/bin" "$cache/crds"
lock_cache "$cache"

minor="${KUBERNETES_VERSION#v1.}"
minor="${minor%%.*}"
staging_version="v0.${KUBERNETES_VERSION#v1.}"

# Downloads a module through the proxy and prints its directory in the module cache.
module_dir() {
  local out
  out="$(cd "$cache" && go mod download -json "$1@$2" 2>&1)" ||
    fail "go mod download $1@$2 through $(go env GOPROXY): $out"
  local dir
  dir="$(echo "$out" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  [ -n "$dir" ] && [ -d "$dir" ] || fail "go mod download $1@$2 gave no module directory: $out"
  echo "$dir"
}

regenerate() {
  log "regenerating kube-apiserver/go.mod for k8s.io/kubernetes $KUBERNETES_VERSION (staging modules at $staging_version)"
  local gomod
  gomod="$(cd "$cache" && go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
  [ -f "$gomod" ] || fail "no go.mod for k8s.io/kubernetes $KUBERNETES_VERSION"
  local go_line
  go_line="$(sed -n 's/^go \(.*\)/\1/p' "$gomod")"
  {
    echo "// Builds kube-apiserver at the pinned Kubernetes release. k8s.io/kubernetes replaces its"
    echo "// staging modules with local folders, which a dependent module cannot see, so each staging"
    echo "// module is pinned here to its published v0.X tag. Regenerate with"
    echo "// \`scripts/obtain-kubernetes.sh --regenerate\` after changing KUBERNETES_VERSION in ../versions.env."
    echo "module ops.internal/real-infra/kube-apiserver"
    echo
    echo "go $go_line"
    echo
    echo "tool k8s.io/kubernetes/cmd/kube-apiserver"
    echo
    echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
    echo
    sed -n '/^replace (/,/^)/p' "$gomod" |
      sed -E "s#(k8s.io/[a-z0-9-]+) => ./staging/src/k8s.io/[a-z0-9-]+#\1 => \1 $staging_version#"
  } >"$src/kube-apiserver/go.mod"
  rm -f "$src/kube-apiserver/go.sum"
  (cd "$src/kube-apiserver" && GOFLAGS=-mod=mod go mod tidy) || fail "go mod tidy of kube-apiserver/go.mod"

  log "regenerating etcd/go.mod for go.etcd.io/etcd/server/v3 $ETCD_VERSION"
  cat >"$src/etcd/go.mod" <<EOF
// Builds etcd at the pinned release: the root package of go.etcd.io/etcd/server/v3 is the etcd
// main (etcdmain.Main). Regenerate with \`scripts/obtain-kubernetes.sh --regenerate\` after
// changing ETCD_VERSION in ../versions.env.
module ops.internal/real-infra/etcd

go 1.26.0

tool go.etcd.io/etcd/server/v3

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
EOF
  rm -f "$src/etcd/go.sum"
  (cd "$src/etcd" && GOFLAGS=-mod=mod go mod tidy) || fail "go mod tidy of etcd/go.mod"
  log "regenerated; commit kubernetes/*/go.mod and go.sum"
}

if [ "${1:-}" = "--regenerate" ]; then
  regenerate
  exit 0
fi

grep -Eq "^[[:space:]]*(require )?k8s.io/kubernetes $KUBERNETES_VERSION( |$)" "$src/kube-apiserver/go.mod" ||
  fail "kube-apiserver/go.mod does not require k8s.io/kubernetes $KUBERNETES_VERSION (versions.env); run $0 --regenerate"
grep -Eq "^[[:space:]]*(require )?go.etcd.io/etcd/server/v3 $ETCD_VERSION( |$)" "$src/etcd/go.mod" ||
  fail "etcd/go.mod does not require go.etcd.io/etcd/server/v3 $ETCD_VERSION (versions.env); run $0 --regenerate"

# Builds one tool package of a build module unless the cached binary was built from the same
# go.mod/go.sum (recorded in <binary>.sum).
build() {
  local name="$1" module_dir="$2" package="$3" out="$4"
  shift 4
  local sum
  sum="$(cat "$module_dir/go.mod" "$module_dir/go.sum" | sha256sum | cut -d' ' -f1)"
  if [ -x "$out" ] && [ "$(cat "$out.sum" 2>/dev/null)" = "$sum" ]; then
    log "$name: cached ($out)"
    return
  fi
  log "$name: building $package (Go $go_version; a cold build takes several minutes on 2 cores)"
  local start
  start="$(now)"
  local build_log="$cache/$name.build.log"
  if ! (cd "$module_dir" && go build -trimpath "$@" -o "$out.tmp" "$package") >"$build_log" 2>&1; then
    tail -n 30 "$build_log" >&2
    fail "$name: go build $package failed (log: $build_log)"
  fi
  mv "$out.tmp" "$out"
  echo "$sum" >"$out.sum"
  log "$name: built in $(since "$start") ($(du -h "$out" | cut -f1))"
}

total_start="$(now)"

build etcd "$src/etcd" go.etcd.io/etcd/server/v3 "$cache/bin/etcd-$ETCD_VERSION" \
  -ldflags "-s -w"

build_date="$(cd "$cache" && go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" | sed -n 's/.*"Time": "\(.*\)".*/\1/p' | head -1)"
version_pkg=k8s.io/component-base/version
build kube-apiserver "$src/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver \
  "$cache/bin/kube-apiserver-$KUBERNETES_VERSION" \
  -ldflags "-s -w -X $version_pkg.gitVersion=$KUBERNETES_VERSION -X $version_pkg.gitMajor=1 -X $version_pkg.gitMinor=$minor -X $version_pkg.gitTreeState=clean -X $version_pkg.buildDate=${build_date:-1970-01-01T00:00:00Z}"

# Copies the CRD files of a released module into crds/<name>-<version>/ (skipped when present).
copy_crds() {
  local name="$1" module="$2" version="$3" dir="$4" pattern="$5"
  local target="$cache/crds/$name-$version"
  if [ -f "$target/.complete" ]; then
    log "CRDs $name $version: cached ($(find "$target" -name '*.yaml' | wc -l) files)"
    return
  fi
  local start
  start="$(now)"
  local root
  root="$(module_dir "$module" "$version")"
  [ -d "$root/$dir" ] || fail "CRDs $name: $module@$version has no $dir"
  rm -rf "$target"
  mkdir -p "$target"
  local count=0
  for file in "$root/$dir"/$pattern; do
    [ -f "$file" ] || continue
    grep -q '^kind: CustomResourceDefinition' "$file" ||
      fail "CRDs $name: $file is not a CustomResourceDefinition"
    cp "$file" "$target/"
    chmod u+w "$target/$(basename "$file")"
    count=$((count + 1))
  done
  [ "$count" -gt 0 ] || fail "CRDs $name: no $pattern in $module@$version/$dir"
  echo "$module@$version $dir/$pattern" >"$target/.source"
  touch "$target/.complete"
  log "CRDs $name $version: $count files from $module@$version/$dir in $(since "$start")"
}

copy_crds istio istio.io/api "$ISTIO_API_VERSION" kubernetes customresourcedefinitions.gen.yaml

kic_dir="$(module_dir github.com/kong/kubernetes-ingress-controller/v3 "$KONG_INGRESS_CONTROLLER_VERSION")"
kong_config_version="$(sed -n 's#^[[:space:]]*github.com/kong/kubernetes-configuration \(v[^ ]*\).*#\1#p' "$kic_dir/go.mod" | head -1)"
[ -n "$kong_config_version" ] ||
  fail "github.com/kong/kubernetes-ingress-controller/v3@$KONG_INGRESS_CONTROLLER_VERSION does not require github.com/kong/kubernetes-configuration (where its CRDs live)"
grep -q "kubernetes-configuration/config/crd/ingress-controller?ref=$kong_config_version" "$kic_dir/config/crd/kustomization.yaml" ||
  fail "the KIC $KONG_INGRESS_CONTROLLER_VERSION CRD kustomization does not point at kubernetes-configuration $kong_config_version"
copy_crds "kong-ingress-controller-$KONG_INGRESS_CONTROLLER_VERSION" github.com/kong/kubernetes-configuration \
  "$kong_config_version" config/crd/ingress-controller 'configuration.konghq.com_*.yaml'

copy_crds argo-cd github.com/argoproj/argo-cd/v3 "$ARGOCD_VERSION" manifests/crds '*-crd.yaml'
copy_crds external-secrets github.com/external-secrets/external-secrets "$EXTERNAL_SECRETS_VERSION" \
  config/crds/bases 'external-secrets.io_*.yaml'

# What the harness reads: binaries and CRD folders of the pinned versions.
cat >"$cache/obtained.env.tmp" <<EOF
KUBERNETES_VERSION=$KUBERNETES_VERSION
ETCD_VERSION=$ETCD_VERSION
KUBE_APISERVER=$cache/bin/kube-apiserver-$KUBERNETES_VERSION
ETCD=$cache/bin/etcd-$ETCD_VERSION
CRD_DIRS=$cache/crds/istio-$ISTIO_API_VERSION:$cache/crds/kong-ingress-controller-$KONG_INGRESS_CONTROLLER_VERSION-$kong_config_version:$cache/crds/argo-cd-$ARGOCD_VERSION:$cache/crds/external-secrets-$EXTERNAL_SECRETS_VERSION
EOF
mv "$cache/obtained.env.tmp" "$cache/obtained.env"
log "ready in $(since "$total_start"): kube-apiserver $KUBERNETES_VERSION, etcd $ETCD_VERSION, CRDs of Istio (istio.io/api $ISTIO_API_VERSION), KIC $KONG_INGRESS_CONTROLLER_VERSION (kubernetes-configuration $kong_config_version), Argo CD $ARGOCD_VERSION, External Secrets $EXTERNAL_SECRETS_VERSION"
