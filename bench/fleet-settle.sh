#!/usr/bin/env bash
# Run before every timed run (hyperfine --prepare): closes the masters Ansible keeps for 60 s, then waits
# (at most 30 s) until no client connection to the fleet's port is left, so no run starts on another's
# leftovers. Usage: fleet-settle.sh PORT ANSIBLE_CONTROL_DIR SSH_CONFIG
set -euo pipefail

port="$1" control="$2" config="$3"
for socket in "$control"/*; do
  [ -S "$socket" ] && ssh -F "$config" -S "$socket" -O exit fleet >/dev/null 2>&1 || true
done
for ((i = 0; i < 300; i++)); do
  [ -z "$(ss -Htn dport = ":$port" | grep -v TIME-WAIT || true)" ] && exit 0
  sleep 0.1
done
echo "fleet-settle: connections to port $port still open after 30 s" >&2
