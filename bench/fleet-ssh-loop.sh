#!/usr/bin/env bash
# The plain baseline: one `ssh` per host, all started at once from a bash loop. Fails if any host failed.
# Usage: fleet-ssh-loop.sh SSH_CONFIG HOSTS_FILE COMMAND
set -euo pipefail

config="$1" hosts="$2" command="$3"
pids=()
while read -r host; do
  # -n: a background ssh would otherwise share the loop's stdin (the hosts file) and, once connected, read
  # the host names not yet started.
  ssh -n -F "$config" "$host" "$command" &
  pids+=("$!")
done <"$hosts"
failed=0
for pid in "${pids[@]}"; do
  wait "$pid" || failed=1
done
exit "$failed"
