import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RUN_SOURCE } from "./reboot-script.ts";

/** The commands the stand-in answers to, all one script. */
export const NIXOS_STAND_IN_COMMANDS = ["nixos-rebuild", "nix-env", "nix", "readlink", "systemd-run"] as const;

// One shell word, whatever `value` holds.
const sh = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

/**
 * Writes a stand-in NixOS into `bin` (put it first on the hosts' PATH): `nixos-rebuild`, `nix-env`, `nix`,
 * `readlink` and `systemd-run` (detached with setsid) are one script that keeps each host's systems, profile
 * generations and running system under `records/<host address>/`, and logs every step to
 * `records/<host address>.log`. Like the real thing, `switch` adds a generation and runs the new system's
 * `switch-to-configuration`; a configuration directory holding a file `network-down` (empty, or listing host
 * addresses one a line) yields a system whose activation takes the host's links down (only inside a sandbox
 * namespace), and any other system brings them up. `records/<address>.fail` makes nixos-rebuild fail there;
 * `records/<address>.hold` holding `build` or `switch` (after the profile is set) makes it wait at that stage until
 * the file is removed, and `records/<address>.pid` names its process. After a reboot the host runs its profile's
 * system, or with `records/<address>.boot-old` its first one.
 */
export function writeNixosStandIn(bin: string, records: string): void {
  mkdirSync(bin, { recursive: true });
  mkdirSync(records, { recursive: true, mode: 0o777 });
  const script = join(bin, "dk-nixos-stand-in");
  writeFileSync(script, standInScript(records));
  chmodSync(script, 0o755);
  for (const name of NIXOS_STAND_IN_COMMANDS) symlinkSync("dk-nixos-stand-in", join(bin, name));
}

/** The multi-call script, by the name it was called as. Pure. */
export function standInScript(records: string): string {
  return `#!/bin/bash
# Stand-in NixOS for deploykit's tests (written by @deploykit/sandbox): see writeNixosStandIn.
set -u
records=${sh(records)}
self=$(command -p readlink -f "$0")
host=$(echo "\${SSH_CONNECTION:-local - 127.0.0.1}" | cut -d' ' -f3)
state="$records/$host"
log() { printf '%s %s\\n' "$(date +%s%3N)" "$*" >> "$records/$host.log"; }
init() {
  [ -d "$state/systems/1" ] && return
  mkdir -p "$state/systems" "$state/generations"
  new_system >/dev/null
  ln -sfn "$state/systems/1" "$state/generations/1"; echo 1 > "$state/profile"
  ln -sfn "$state/systems/1" "$state/current"
}
new_system() {
  local n=$(( $(ls "$state/systems" | wc -l) + 1 )) dir
  dir="$state/systems/$n"; mkdir -p "$dir/bin"
  ln -s "$self" "$dir/bin/switch-to-configuration"
  # network-down in the configuration: empty for every host, else the addresses of the hosts it breaks.
  if [ -n "\${1:-}" ] && [ -e "$1/network-down" ] \\
    && { [ ! -s "$1/network-down" ] || grep -qxF "$host" "$1/network-down"; }; then
    touch "$dir/network-down"
  fi
  echo "$dir"
}
# Only on a sandbox host (its own /run, so its own network namespace too): never this machine's links.
in_netns() { grep -q '^${RUN_SOURCE} /run ' /proc/self/mounts; }
links() { ip -o link show 2>/dev/null | awk -F': ' '$2 != "lo" { split($2, a, "@"); print a[1] }'; }
set_links() {
  in_netns || { echo "stand-in: not in a network namespace: the links stay as they are" >&2; return; }
  for dev in $(links); do ip link set dev "$dev" "$1"; done
}
generation() { cat "$state/profile"; }
# records/<address>.hold naming a stage (build, switch): nixos-rebuild waits there until the file is gone (60 s max).
hold() {
  [ "$(cat "$records/$host.hold" 2>/dev/null)" = "$1" ] || return 0
  echo "stand-in nixos-rebuild: holding at $1 on $host"
  for _ in $(seq 600); do [ -e "$records/$host.hold" ] || return 0; sleep 0.1; done
}
# records/<address>.hold-<what>: waits there until the file is gone (60 s max), after touching <address>.held-<what>.
held() {
  [ -e "$records/$host.hold-$1" ] || return 0
  touch "$records/$host.held-$1"
  for _ in $(seq 600); do [ -e "$records/$host.hold-$1" ] || return 0; sleep 0.1; done
}
case "$(basename "$0")" in
switch-to-configuration)
  system=$(dirname "$(dirname "$0")"); mode=$1
  log "switch-to-configuration $mode $(basename "$system")"
  case "$mode" in
    switch|test) ln -sfn "$system" "$state/current"
      if [ -e "$system/network-down" ]; then set_links down; else set_links up; fi ;;
  esac ;;
nixos-rebuild)
  init
  printf '%s\\n' "$@" > "$records/$host.argv"
  printf 'user=%s sudo=%s\\n' "$(id -un)" "\${DK_STAND_IN_SUDO:-no}" > "$records/$host.whoami"
  echo "\${SSH_CONNECTION:-}" > "$records/$host.ssh"
  echo "$$" > "$records/$host.pid"
  log "nixos-rebuild $1"
  echo "stand-in nixos-rebuild: $1 on $host"
  if [ -e "$records/$host.fail" ]; then echo "error: stand-in failure on $host" >&2; exit 1; fi
  if [ -e "$records/$host.slow" ]; then
    for i in $(seq "$(cat "$records/$host.slow")"); do echo "building, step $i"; sleep 1; done
  fi
  hold build
  config=$(printf '%s\\n' "$@" \\
    | sed -n 's/#.*//; s/^nixos-config=\\(.*\\)\\/configuration.nix$/\\1/; /^\\//p' | head -n 1)
  system=$(new_system "$config")
  echo "building the system configuration... $system"
  case "$1" in
    switch|boot) nix-env -p /nix/var/nix/profiles/system --set "$system"
      hold switch
      "$system/bin/switch-to-configuration" "$1" ;;
    test) "$system/bin/switch-to-configuration" test ;;
    build) ln -sfn "$system" result ;;
  esac ;;
nix-env)
  init; [ "$1" = -p ] && shift 2
  log "nix-env $*"
  case "$1" in
    --set) g=$(( $(ls "$state/generations" | sort -n | tail -n 1) + 1 ))
      ln -sfn "$2" "$state/generations/$g"; echo "$g" > "$state/profile" ;;
    --list-generations) held generations
      for g in $(ls "$state/generations" | sort -n); do
        if [ "$g" = "$(generation)" ]; then echo "   $g   2026-01-01 00:00:00   (current)"
        else echo "   $g   2026-01-01 00:00:00"; fi
      done ;;
    --switch-generation) [ -e "$state/generations/$2" ] || { echo "error: generation $2 does not exist" >&2; exit 1; }
      echo "$2" > "$state/profile" ;;
    --delete-generations) shift; for g in "$@"; do rm -f "$state/generations/$g"; done ;;
    *) echo "stand-in nix-env: unsupported: $*" >&2; exit 1 ;;
  esac ;;
nix)
  log "nix $*"
  # As the real nix: a global option may come before the subcommand.
  [ "\${1:-}" = --extra-experimental-features ] && shift 2
  [ "$1 $2" = "store diff-closures" ] || { echo "stand-in nix: unsupported: $*" >&2; exit 1; }
  from=$(basename "$(readlink -f "$3")"); to=$(basename "$(readlink -f "$4")")
  echo "stand-in closure diff of $from -> $to:"
  echo "nginx: 1.24.0 → 1.26.2, +12.3 KiB" ;;
systemd-run)
  # Records the unit it was asked for, then starts the command detached, with --setenv applied.
  log "systemd-run $*"
  while [ $# -gt 0 ] && [ "$1" != -- ]; do
    case "$1" in --setenv=*) export "\${1#--setenv=}" ;; esac
    shift
  done
  shift
  setsid -f "$@" </dev/null >/dev/null 2>&1 ;;
dk-nixos-stand-in)
  # After a (fake) reboot: the host runs what its profile boots; with records/<address>.boot-old, its first system
  # (a boot loader that did not take the new default).
  [ "\${1:-}" = boot ] || exit 0
  init
  if [ -e "$records/$host.boot-old" ]; then ln -sfn "$state/systems/1" "$state/current"
  else ln -sfn "$(command -p readlink -f "$state/generations/$(generation)")" "$state/current"; fi ;;
readlink)
  init; args=()
  for a in "$@"; do
    [ "$a" = /run/current-system ] && a="$state/current"
    [ "$a" = /nix/var/nix/profiles/system ] && a="$state/generations/$(generation)"
    args+=("$a")
  done
  exec -a readlink "$(PATH=/usr/bin:/bin command -v readlink)" "\${args[@]}" ;;
esac
`;
}
