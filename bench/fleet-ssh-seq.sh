#!/usr/bin/env bash
# COUNT sequential `ssh HOST true`, each a new connection, or (with `reuse`) over one OpenSSH ControlMaster.
# Usage: fleet-ssh-seq.sh SSH_CONFIG HOST COUNT [reuse]
set -euo pipefail

config="$1" host="$2" count="$3" mode="${4:-new}"
opts=(-F "$config")
if [ "$mode" = reuse ]; then
  control="$(mktemp -d)"
  # Closes the master even when a command fails, so no connection outlives the run.
  trap 'ssh "${opts[@]}" -O exit "$host" >/dev/null 2>&1 || true; rm -rf "$control"' EXIT
  opts+=(-o ControlMaster=auto -o "ControlPath=$control/%C" -o ControlPersist=30)
fi
for ((i = 0; i < count; i++)); do
  ssh "${opts[@]}" "$host" true
done
