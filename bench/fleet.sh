#!/usr/bin/env bash
# Fleet benchmark (issue 6): on loopback sshd fleets of 1, 10, 50, 200 and 1000 hosts, times `echo hi` on every host
# with dk, a plain ssh loop, parallel-ssh, pdsh, Ansible (-m shell, -m raw) and Fabric; 20 sequential commands
# through dk with and without connection reuse; the time to the first output line; peak memory at 200 hosts.
# At N ≥ 1000 only FLEET_TOOLS_HUGE run (default: dk, pdsh, Fabric). Writes medians and ratios to dk to
# bench/results/fleet.md.
# Usage: bash bench/fleet.sh [--kex ALGORITHM]   (e.g. --kex curve25519-sha256: the sshd forces it for all)
# Knobs: FLEET_SIZES="1 10 50 200 1000", FLEET_TOOLS_HUGE, FLEET_MEMORY_HOSTS=200, FLEET_RUNS=5 (runs per median), FLEET_RUNS_LARGE=3 (at N ≥ 100), FLEET_OUT,
# FLEET_CELL_SECONDS=60 (fewer runs, 2 at least, for a tool whose check run shows they would take longer).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
kex=default kex_flag=""
if [ "${1:-}" = --kex ]; then
  kex="${2:?--kex needs an algorithm, e.g. curve25519-sha256}" kex_flag="--kex $kex"
elif [ $# -gt 0 ]; then
  echo "usage: bash bench/fleet.sh [--kex ALGORITHM]" >&2
  exit 2
fi
sizes="${FLEET_SIZES:-1 10 50 200 1000}"
runs="${FLEET_RUNS:-5}" runs_large="${FLEET_RUNS_LARGE:-3}" cell_budget="${FLEET_CELL_SECONDS:-60}"
read -r smallest largest < <(tr ' ' '\n' <<<"$sizes" | sort -n | sed -n '1h;${H;x;s/\n/ /;p}')
# Peak memory is sampled at the issue's size (200) when it is run, else at the largest.
memory_n="${FLEET_MEMORY_HOSTS:-200}"
grep -qw -- "$memory_n" <<<"$sizes" || memory_n=$largest
# Every tool holds a few files per host it reaches (a socket; an ssh child's pipes): the same limit for all.
need_files=$((3 * largest + 64))
[ "$(ulimit -n)" -ge "$need_files" ] || ulimit -n "$need_files" 2>/dev/null || {
  echo "bench: N=$largest needs ulimit -n $need_files (now $(ulimit -n), hard $(ulimit -Hn)):" \
    "raise it or lower FLEET_SIZES" >&2
  exit 1
}
timeout_s=300
tsx="node --import tsx"

source "$root/bench/fleet-lib.sh"
source "$root/bench/fleet-tools.sh"

need sshd openssh-server "test -x /usr/sbin/sshd"
need ss iproute2
need hyperfine hyperfine
need parallel-ssh pssh
need pdsh pdsh
need clush clustershell
need ansible ansible
need fabric python3-fabric "/usr/bin/python3 -c 'import fabric'"
[ -f "$root/packages/tasks/dist/dk.cjs" ] || (cd "$root/packages/tasks" && pnpm run build >/dev/null)

work="$(mktemp -d /tmp/fleet-bench.XXXXXX)"
results="$work/results"
mkdir -p "$results" "$work/logs" "$work/ansible-cp" "$work/ansible-tmp"
cleanup() {
  stop_fleet
  if [ "$failed_cells" -gt 0 ]; then echo "bench: logs of failed cells kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Ansible: no host-key checks, connection timeout as long as the others', its masters in our directory
# (closed by fleet-settle.sh before each run), its temporary files in the work directory.
export ANSIBLE_HOST_KEY_CHECKING=False ANSIBLE_TIMEOUT=60 ANSIBLE_SSH_CONTROL_PATH_DIR="$work/ansible-cp"
export ANSIBLE_LOCAL_TEMP="$work/ansible-tmp" ANSIBLE_NOCOLOR=1
# The dk CLI's own cache of task signatures and compiled tasks, warmed once before the first measurement (below).
export DK_CACHE_DIR="$work/dk-cache"

echo "$kex" >"$results/kex"
date -u +"%Y-%m-%d %H:%M UTC" >"$results/date"
# Node 20 parses NODE_EXTRA_CA_CERTS's certificates as it starts (bench/README.md): the report says when it was set.
ca_note="${NODE_EXTRA_CA_CERTS:+, NODE_EXTRA_CA_CERTS set}"
echo "$(nproc) CPUs, $(. /etc/os-release && echo "$PRETTY_NAME"), Node $(node --version)$ca_note" >"$results/machine"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "$sizes" >"$results/sizes"
echo "$memory_n" >"$results/memory-hosts"
echo "$ECHO_TOOLS $SEQ_TOOLS $FIRST_TOOLS" | tr ' ' '\n' | awk '!seen[$0]++' | tr '\n' ' ' >"$results/order"
tool_versions >"$results/versions"

started=$SECONDS
for n in $sizes; do
  start_fleet "$n"
  # dk's cache warmed once before anything is measured, as a user's is after a first run: else a partial pass
  # (FLEET_SIZES) samples memory on the run that also reads and compiles fleet-tasks.ts.
  [ -n "${warmed:-}" ] || { eval "$(dk_command sequential "$FLEET_USER@$FLEET_FIRST:$FLEET_PORT" --count 0)" && warmed=1; }
  cell_runs=$runs
  [ "$n" -lt 100 ] || cell_runs=$runs_large
  for tool in $(echo_tools "$n"); do
    command="$(echo_command "$tool" "$n")"
    echo "bench: N=$n $tool ($((SECONDS - started)) s so far)" >&2
    if [ "$n" = "$memory_n" ]; then
      verify_with_memory "$tool" "$command" "$n" || continue
    else
      verify "echo-$n-$tool" "$command" "$n" || continue
    fi
    measure "echo-$n-$tool" "$(runs_within "$cell_runs" "$cell_budget")" "$command"
  done
  if [ "$n" = "$smallest" ]; then
    for tool in $SEQ_TOOLS; do
      echo "bench: 20 commands, $tool" >&2
      command="$(seq_command "$tool")"
      verify "seq-$tool" "$command" 0 && measure "seq-$tool" "$runs" "$command"
    done
    for tool in $FIRST_TOOLS; do
      echo "bench: first line, $tool" >&2
      $tsx "$root/bench/fleet-first-line.ts" --runs "$runs" --prepare "$settle" --out "$results/first-$tool.json" \
        -- "timeout $timeout_s $(first_command "$tool")" ||
        { rm -f "$results/first-$tool.json"; fail_cell "first-$tool" "a run failed or showed no first line"; }
    done
  fi
  $settle
  stop_fleet
done
echo "$load_before → $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min), $((SECONDS - started)) s in all" >"$results/load"

# FLEET_OUT: where the tables go (a partial run, e.g. small N on a busy machine, should not replace the full one).
out="${FLEET_OUT:-$root/bench/results/fleet}"
$tsx "$root/bench/fleet-report.ts" "$results" "$out.md" "$out.raw.json"
