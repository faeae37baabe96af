#!/usr/bin/env bash
# Obtains the real Keycloak of the real-infrastructure suite into
# <repo>/.cache/real-infra/keycloak/<KEYCLOAK_VERSION>/keycloak-<KEYCLOAK_VERSION> (git-ignored):
# the server distribution org.keycloak:keycloak-quarkus-dist:<version>:tar.gz, fetched from Maven
# Central with Maven (so ~/.m2 keeps the archive for the next clean clone) and unpacked. The
# version is pinned in src/keycloak/versions.env. Checks that the Java on PATH (or JAVA_HOME) is
# 17 or newer, which this Keycloak runs on.
# Idempotent: an unpacked distribution with its marker is kept. Prints what it did and how long it
# took; fails loudly, naming the step and the cause.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/obtain-common.sh
. "$here/lib/obtain-common.sh" obtain-keycloak

# shellcheck source=../src/keycloak/versions.env
. "$pkg/src/keycloak/versions.env"
[ -n "${KEYCLOAK_VERSION:-}" ] || fail "KEYCLOAK_VERSION is not set in src/keycloak/versions.env"

cache="$cache_root/keycloak/$KEYCLOAK_VERSION"
dist="$cache/keycloak-$KEYCLOAK_VERSION"
marker="$dist/.obtained"
artifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz"
started="$(now)"

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$java_bin" >/dev/null 2>&1 ||
  fail "no Java found (${JAVA_HOME:+JAVA_HOME=$JAVA_HOME, }PATH): Keycloak $KEYCLOAK_VERSION needs Java 17 or newer"
java_line="$("$java_bin" -version 2>&1 | head -n 1)"
java_major="$(echo "$java_line" | sed -n 's/.*version "\([0-9]*\).*/\1/p')"
[ -n "$java_major" ] && [ "$java_major" -ge 17 ] ||
  fail "Keycloak $KEYCLOAK_VERSION needs Java 17 or newer; $java_bin is: $java_line"

lock_cache "$cache"

if [ -f "$marker" ] && [ -x "$dist/bin/kc.sh" ]; then
  log "Keycloak $KEYCLOAK_VERSION is cached at $dist ($java_line); nothing to do ($(since "$started"))"
  exit 0
fi

command -v mvn >/dev/null 2>&1 ||
  fail "Maven (mvn) is not on PATH: the Keycloak distribution $artifact is fetched from Maven Central with it"

download="$cache/download"
rm -rf "$download" "$dist"
mkdir -p "$download"
step="$(now)"
log "fetching $artifact with Maven (from ~/.m2 when it is there, else from Maven Central)"
if ! out="$(mvn -B -q -ntp -Dstyle.color=never \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
  "-Dartifact=$artifact" "-DoutputDirectory=$download" 2>&1)"; then
  fail "mvn dependency:copy of $artifact: $(echo "$out" | grep -E 'ERROR|Could not|resolve' | head -n 5)"
fi
archive="$download/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
[ -s "$archive" ] || fail "Maven reported success but $archive is missing or empty"
log "fetched $(du -h "$archive" | cut -f1) in $(since "$step")"

step="$(now)"
tar -xzf "$archive" -C "$cache" || fail "unpacking $archive into $cache"
[ -x "$dist/bin/kc.sh" ] || fail "the archive did not contain keycloak-$KEYCLOAK_VERSION/bin/kc.sh"
rm -rf "$download"
echo "$KEYCLOAK_VERSION $(date -u +%FT%TZ)" >"$marker"
log "unpacked into $dist in $(since "$step")"
log "obtained Keycloak $KEYCLOAK_VERSION for $java_line in $(since "$started")"
