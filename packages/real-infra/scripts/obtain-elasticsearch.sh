#!/usr/bin/env bash
# Obtains Elasticsearch for the real-infrastructure suite: the integration-test distribution
# (org.elasticsearch.distribution.integ-test-zip:elasticsearch, type zip) from Maven Central,
# fetched with Maven (checksums verified) and unpacked into
#   <repo>/.cache/real-infra/elasticsearch/<version>/elasticsearch-<version>/
# The distribution ships no JDK: it runs on the machine's Java 17 (ES_JAVA_HOME, else JAVA_HOME,
# else the `java` on PATH). 8.19.x is the newest line on Maven Central and the last that runs on
# Java 17 (9.x needs Java 21); the version is pinned in src/elasticsearch/versions.env.
# Idempotent: a complete unpacked copy is kept and reused. Fails loudly, naming the cause.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/obtain-common.sh
. "$here/lib/obtain-common.sh" obtain-elasticsearch
pinned="$(sed -n 's/^ES_VERSION=//p' "$pkg/src/elasticsearch/versions.env")"
ES_VERSION="${REAL_INFRA_ES_VERSION:-$pinned}"
[ -n "$ES_VERSION" ] || fail "no ES_VERSION in src/elasticsearch/versions.env"
cache="$cache_root/elasticsearch/$ES_VERSION"
home="$cache/elasticsearch-$ES_VERSION"
marker="$cache/.complete"
artifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"

started=$(date +%s)

# Java 17+ (the distribution has no bundled JDK).
java_bin=""
for candidate in "${ES_JAVA_HOME:-}" "${JAVA_HOME:-}"; do
  if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ]; then
    java_bin="$candidate/bin/java"
    break
  fi
done
if [ -z "$java_bin" ]; then
  java_bin="$(command -v java || true)"
fi
[ -n "$java_bin" ] || fail "no Java found (set ES_JAVA_HOME or JAVA_HOME, or install openjdk-17-jre-headless)"
java_version="$("$java_bin" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -1)"
java_major="${java_version%%.*}"
if ! [ "${java_major:-0}" -ge 17 ] 2>/dev/null; then
  fail "Elasticsearch $ES_VERSION needs Java 17 or newer; $java_bin is '${java_version:-unknown}'"
fi

if [ -f "$marker" ] && [ -x "$home/bin/elasticsearch" ]; then
  log "Elasticsearch $ES_VERSION cached in $home (Java $java_version at $java_bin); nothing to do ($(($(date +%s) - started)) s)"
  exit 0
fi

command -v mvn >/dev/null || fail "mvn (Maven) is not installed; it fetches $artifact from Maven Central (apt-get install maven)"

rm -rf "$cache"
mkdir -p "$cache"
download="$cache/download"
mkdir -p "$download"
log "fetching $artifact from Maven Central with Maven (local repository: ${MAVEN_REPO_LOCAL:-~/.m2/repository})"
mvn_log="$cache/mvn.log"
mvn_args=(-B -C dependency:copy "-Dartifact=$artifact" "-DoutputDirectory=$download" -Dmdep.overWriteReleases=true)
[ -n "${MAVEN_REPO_LOCAL:-}" ] && mvn_args+=("-Dmaven.repo.local=$MAVEN_REPO_LOCAL")
if ! mvn "${mvn_args[@]}" >"$mvn_log" 2>&1; then
  log "Maven output (last 30 lines of $mvn_log):"
  tail -30 "$mvn_log" >&2
  fail "could not fetch $artifact from Maven Central"
fi
zip="$download/elasticsearch-$ES_VERSION.zip"
[ -s "$zip" ] || fail "Maven reported success but $zip is missing or empty"
log "fetched $(du -h "$zip" | cut -f1) in $(($(date +%s) - started)) s; unpacking"

if command -v unzip >/dev/null; then
  unzip -q -o "$zip" -d "$cache" || fail "could not unpack $zip"
else
  python3 -m zipfile -e "$zip" "$cache" || fail "could not unpack $zip (no unzip, python3 zipfile failed)"
  chmod +x "$home"/bin/* "$home"/lib/tools/*/* 2>/dev/null || true
fi
[ -x "$home/bin/elasticsearch" ] || fail "$zip has no elasticsearch-$ES_VERSION/bin/elasticsearch"
# Readable for the unprivileged user the harness runs it as when the suite runs as root.
chmod -R a+rX "$cache"
rm -rf "$download"
echo "version=$ES_VERSION artifact=$artifact java=$java_version" >"$marker"
log "Elasticsearch $ES_VERSION ready in $home (Java $java_version at $java_bin) in $(($(date +%s) - started)) s"
