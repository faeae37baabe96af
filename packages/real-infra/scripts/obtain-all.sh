#!/usr/bin/env bash
# Obtains every real server of the real-infrastructure suite into .cache/real-infra (git-ignored),
# building or downloading only what is not cached yet. Fails loudly, naming the server and the cause.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
for script in "$here"/obtain-*.sh; do
  [ "$(basename "$script")" = obtain-all.sh ] && continue
  echo "[real-infra] $(basename "$script")" >&2
  start=$(date +%s)
  "$script"
  echo "[real-infra] $(basename "$script") done in $(( $(date +%s) - start )) s" >&2
done
