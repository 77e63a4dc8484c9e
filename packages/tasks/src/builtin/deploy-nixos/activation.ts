import { quoteArgv } from "@deploykit/core";
import { activationLockSteps } from "./lock-script.ts";
import { stateDir } from "./state-dir.ts";
import type { NixosAction } from "./types.ts";

const PROFILE = "/nix/var/nix/profiles/system";

/** How the activation is detached from the ssh session. */
export type DetachMode = "auto" | "systemd-run" | "setsid";

export type ActivationInput = {
  /** `dk-deploy-<id>`: the unit name and the state directory's name. */
  readonly id: string;
  readonly action: NixosAction;
  /** The nixos-rebuild argv. */
  readonly rebuild: readonly string[];
  /** Seconds the host waits for the confirmation before it rolls back; undefined: no armed rollback. */
  readonly confirmTimeoutS: number | undefined;
  /** Seconds the health check may take: once it started, the host waits at least that long for its verdict. */
  readonly healthTimeoutS: number;
  readonly detach: DetachMode;
  /** The deployment lock of the configuration directory (lock-script.ts), which the script holds while it runs. */
  readonly lock: string;
};

/**
 * The script that runs detached on the host: notes the running system and profile generation, runs nixos-rebuild
 * (output to `log`, exit code to `exit`), then, when armed, waits for `confirm` until the deadline and otherwise (or
 * on `reject`, or when a failed rebuild had changed the system) goes back to the old generation by itself. Its
 * progress is the `phase` file. TERM (dk's stop, or `kill`) stops nixos-rebuild and, when armed, rolls back what
 * changed; unarmed, a rebuild that already changed the system is left to finish rather than cut mid-switch. Pure.
 */
export function activationScript(o: ActivationInput): string {
  const d = stateDir(o.id);
  const armed = o.confirmTimeoutS !== undefined;
  const generation = `nix-env -p ${PROFILE} --list-generations 2>/dev/null | awk '/\\(current\\)/ { print $1 }'`;
  const rollbackSteps =
    o.action === "switch"
      ? [
          `  if [ -n "$oldgen" ] && [ "$newgen" != "$oldgen" ]; then`,
          `    nix-env -p ${PROFILE} --switch-generation "$oldgen" || return 1`,
          `    nix-env -p ${PROFILE} --delete-generations "$newgen"`,
          "  fi",
          `  "$old/bin/switch-to-configuration" switch`,
        ]
      : [`  "$old/bin/switch-to-configuration" test`];
  return [
    "#!/bin/bash",
    // The host's guard, named by the session that started it (launch.ts).
    "DK_HOST_LOCK=${1:-}",
    `d=${quoteArgv([d])}`,
    'cd "$d" || exit 1',
    'exec >>"$d/log" 2>&1 </dev/null',
    // Renamed into place, so a reader never sees half a word.
    'phase() { echo "$1" > "$d/phase.new" && mv "$d/phase.new" "$d/phase"; }',
    "old=$(readlink -f /run/current-system)",
    `oldgen=$(${generation})`,
    `changed() { [ "$(readlink -f /run/current-system)" != "$old" ] || [ "$(${generation})" != "$oldgen" ]; }`,
    ...stopTrap(armed),
    'echo $$ > "$d/pid"',
    ...activationLockSteps(o.lock, o.id),
    // A stop that came before the script ran (see stopCommand).
    'if [ -e "$d/stop" ]; then phase stopped; exit 1; fi',
    "phase activating",
    // Its own process group (setsid), so that a stop reaches everything it started.
    `setsid ${quoteArgv(o.rebuild)} &`,
    "child=$!",
    // `wait` returns 128+15 when the trap runs: wait again until the rebuild has ended, then read its own status.
    'while kill -0 "$child" 2>/dev/null; do wait "$child"; done',
    'wait "$child"; rc=$?',
    "new=$(readlink -f /run/current-system)",
    `newgen=$(${generation})`,
    // After boot the new system is the profile's default, not the running one.
    `readlink -f ${o.action === "boot" ? PROFILE : "/run/current-system"} > "$d/new-system"`,
    'echo "$rc" > "$d/exit.new" && mv "$d/exit.new" "$d/exit"',
    "rollback() {",
    '  echo "$1" > "$d/reason"',
    "  phase rolling-back",
    `  echo "dk: rolling back to ${"$"}old: $1"`,
    ...rollbackSteps,
    "}",
    "finish_rollback() {",
    '  if rollback "$1"; then phase rolled-back; else phase rollback-failed; fi',
    "}",
    'if [ -n "${stopping:-}" ]; then',
    '  unchanged() { [ "$new" = "$old" ] && [ "$newgen" = "$oldgen" ]; }',
    ...(armed
      ? ['  if unchanged; then phase stopped; else finish_rollback "$STOPPED"; fi; exit 1']
      : ['  if [ "$rc" != 0 ] && unchanged; then phase stopped; exit 1; fi']),
    "fi",
    'if [ "$rc" != 0 ]; then',
    ...(armed
      ? [
          '  if [ "$new" != "$old" ] || [ "$newgen" != "$oldgen" ]; then',
          '    finish_rollback "nixos-rebuild failed (exit $rc) after it had changed the system"; exit "$rc"',
          "  fi",
        ]
      : []),
    '  phase failed; exit "$rc"',
    "fi",
    ...(armed
      ? [
          // SECONDS counts whole seconds: one more, so the host never gives up before the full timeout.
          `deadline=$((SECONDS + ${o.confirmTimeoutS + 1}))`,
          "phase waiting",
          "while :; do",
          // A new connection made it and the health check runs: it gets its own time, once.
          '  if [ -z "${checking:-}" ] && [ -e "$d/checking" ]; then',
          `    checking=1; late=$((SECONDS + ${o.healthTimeoutS + 15}))`,
          '    [ "$deadline" -lt "$late" ] && deadline=$late',
          "  fi",
          '  if [ -e "$d/confirm" ]; then phase confirmed; exit 0; fi',
          '  if [ -n "${stopping:-}" ]; then finish_rollback "$STOPPED"; exit 1; fi',
          '  if [ -e "$d/reject" ]; then finish_rollback "$(cat "$d/reject")"; exit 1; fi',
          '  if [ "$SECONDS" -ge "$deadline" ]; then',
          `    finish_rollback "no confirmation within ${o.confirmTimeoutS} s"; exit 1`,
          "  fi",
          "  sleep 0.2",
          "done",
        ]
      : ["phase done"]),
    "",
  ].join("\n");
}

// TERM stops the rebuild's process group; unarmed, not once the system changed (nothing to go back to after a cut).
function stopTrap(armed: boolean): string[] {
  return [
    `STOPPED="stopped on request (Ctrl-C in dk, or kill)"`,
    "on_stop() {",
    '  [ -n "${stopping:-}" ] && return; stopping=1',
    '  echo "dk: stop requested"',
    ...(armed
      ? []
      : [
          "  if changed; then",
          '    echo "dk: the system is already changing and no rollback is armed: nixos-rebuild may finish"',
          "    return",
          "  fi",
        ]),
    '  [ -n "${child:-}" ] && kill -TERM -- "-$child" 2>/dev/null',
    "}",
    "trap on_stop TERM",
  ];
}
