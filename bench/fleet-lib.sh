# Sourced by bench/fleet.sh: installing peers, starting and stopping a fleet, and measuring one cell.
# Expects: root, work, results, kex_flag, tsx (the node command that runs TypeScript), timeout_s.

updated=0
need() { # need COMMAND DEBIAN-PACKAGE [TEST]: install with apt-get when missing (as root), else explain.
  local test="${3:-command -v $1}"
  bash -c "$test" >/dev/null 2>&1 && return
  if [ "$(id -u)" != 0 ]; then
    echo "bench: $1 is missing; install it with: sudo apt-get install -y $2" >&2
    exit 1
  fi
  # A fresh machine may have no package lists yet.
  [ "$updated" = 1 ] || { apt-get update -qq >/dev/null; updated=1; }
  echo "bench: installing $2" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

fleet_pid=""
start_fleet() { # start_fleet N: starts N hosts, sources their FLEET_* variables
  local dir="$work/fleet-$1"
  mkdir -p "$dir"
  # shellcheck disable=SC2086 # $tsx and $kex_flag are word lists
  $tsx "$root/bench/fleet-sandbox.ts" --hosts "$1" --out "$dir" $kex_flag >"$dir/log" 2>&1 &
  fleet_pid=$!
  # 60 s, and 0.1 s more per host: 1000 hosts (63 sshd processes) took 44 s on a busy 2-core machine.
  local bound=$((600 + $1))
  for ((i = 0; i < bound; i++)); do
    [ -f "$dir/ready" ] && break
    kill -0 "$fleet_pid" 2>/dev/null || { cat "$dir/log" >&2; echo "bench: the fleet did not start" >&2; exit 1; }
    sleep 0.1
  done
  [ -f "$dir/ready" ] || { echo "bench: the fleet of $1 was not ready within $((bound / 10)) s" >&2; exit 1; }
  # shellcheck source=/dev/null
  source "$dir/env"
  settle="$root/bench/fleet-settle.sh $FLEET_PORT $ANSIBLE_SSH_CONTROL_PATH_DIR $FLEET_SSH_CONFIG"
}

stop_fleet() { # stops the fleet this script started (its own sshd processes go with it)
  [ -n "$fleet_pid" ] || return 0
  kill -TERM "$fleet_pid" 2>/dev/null || true
  wait "$fleet_pid" 2>/dev/null || true
  fleet_pid=""
}

failed_cells=0
fail_cell() { # fail_cell STEM REASON [LOG]: the table shows REASON; the log stays in the work directory
  { [ -z "${3:-}" ] || tail -n 20 "$3"; echo "$2"; } >"$results/$1.failed"
  failed_cells=$((failed_cells + 1))
  echo "bench: $1: $2" >&2
}

check_run() { # check_run STEM RC OUTPUT EXPECTED-LINES: a run counts only if it exited 0 and every host answered
  local lines
  # dk echoes the command (`[host] $ echo hi`); ansible -m raw runs in a pty, so lines may end in CR.
  lines="$(tr -d '\r' <"$3" | grep -v 'echo hi' | grep -c 'hi$' || true)"
  if [ "$2" != 0 ]; then fail_cell "$1" "exit code $2" "$3.stderr"; return 1; fi
  if [ "$4" -gt 0 ] && [ "$lines" != "$4" ]; then fail_cell "$1" "$lines of $4 hosts answered" "$3"; return 1; fi
}

verify_ms=0
elapsed_ms() { # elapsed_ms START: milliseconds since START (an $EPOCHREALTIME value)
  local now="$EPOCHREALTIME"
  echo $(((${now//[.,]/} - ${1//[.,]/}) / 1000))
}

verify() { # verify STEM COMMAND EXPECTED-LINES: one untimed run (it also warms caches) whose output is checked
  local out="$work/logs/$1.out" rc=0 start
  $settle
  start="$EPOCHREALTIME"
  timeout "$timeout_s" bash -c "$2" >"$out" 2>"$out.stderr" || rc=$?
  verify_ms="$(elapsed_ms "$start")"
  check_run "$1" "$rc" "$out" "$3"
}

verify_with_memory() { # verify_with_memory TOOL COMMAND N: the check run, sampled for peak memory
  local out="$work/logs/mem-$1.out" rc=0 start
  $settle
  start="$EPOCHREALTIME"
  $tsx "$root/bench/fleet-memory.ts" "$results/mem-$1.json" "$out" -- "timeout $timeout_s $2" || rc=$?
  verify_ms="$(elapsed_ms "$start")"
  if ! check_run "mem-$1" "$rc" "$out" "$3"; then
    rm -f "$results/mem-$1.json"
    cp "$results/mem-$1.failed" "$results/echo-$3-$1.failed"
    return 1
  fi
}

runs_within() { # runs_within MAX BUDGET_S: runs of the last verified command that fit the budget (2 at least)
  local fit=$(($2 * 1000 / (verify_ms + 1)))
  ((fit < $1)) || fit=$1
  ((fit > 2)) || fit=2
  echo "$fit"
}

measure() { # measure STEM RUNS COMMAND: hyperfine, with the fleet settled before each (untimed) run
  hyperfine --runs "$2" --prepare "$settle" --export-json "$results/$1.json" --style basic \
    -n "$1" "timeout $timeout_s $3" >"$work/logs/$1.hyperfine" 2>&1 ||
    { rm -f "$results/$1.json"; fail_cell "$1" "a timed run failed" "$work/logs/$1.hyperfine"; }
}
