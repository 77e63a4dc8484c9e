import { quoteArgv } from "@deploykit/core";
import type { NixosAction } from "./types.ts";

/** Where each activation keeps its state on the host: a tmpfs on NixOS, so nothing outlives a reboot. */
export const STATE_ROOT = "/run/dk-deploy";
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
};

/** The state directory of one activation on the host. */
export const stateDir = (id: string) => `${STATE_ROOT}/${id}`;

/**
 * The script that runs detached on the host: notes the running system and profile generation, runs nixos-rebuild
 * (output to `log`, exit code to `exit`), then, when armed, waits for `confirm` until the deadline and otherwise (or
 * on `reject`, or when a failed rebuild had changed the system) goes back to the old generation by itself. Its
 * progress is the `phase` file. Pure.
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
    `d=${quoteArgv([d])}`,
    'cd "$d" || exit 1',
    'exec >>"$d/log" 2>&1 </dev/null',
    'echo $$ > "$d/pid"',
    // Renamed into place, so a reader never sees half a word.
    'phase() { echo "$1" > "$d/phase.new" && mv "$d/phase.new" "$d/phase"; }',
    "old=$(readlink -f /run/current-system)",
    `oldgen=$(${generation})`,
    "phase activating",
    `${quoteArgv(o.rebuild)}`,
    "rc=$?",
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

/**
 * The command (run as root) that checks rollback is possible, writes the script and starts it detached: a transient
 * systemd unit where systemd runs, else `setsid`. Prints `dk-launched <how>`. Pure.
 */
export function launchCommand(o: ActivationInput): string {
  const d = quoteArgv([stateDir(o.id)]);
  const systemd = ["systemd-run", `--unit=${o.id}`, "--collect", "--no-ask-password", "--quiet", "--service-type=exec"];
  const useSystemd =
    o.detach === "systemd-run"
      ? "true"
      : o.detach === "setsid"
        ? "false"
        : "[ -d /run/systemd/system ] && command -v systemd-run >/dev/null";
  return [
    "set -e",
    ...(o.confirmTimeoutS === undefined
      ? []
      : [
          'if [ ! -x "$(readlink -f /run/current-system)/bin/switch-to-configuration" ]; then',
          "  echo 'dk: no /run/current-system/bin/switch-to-configuration here, so no rollback could be armed" +
            " (is this NixOS?); deploy with --no-rollback to go without' >&2",
          "  exit 3",
          "fi",
        ]),
    `mkdir -p -m 700 ${STATE_ROOT}`,
    `mkdir -m 700 ${d}`,
    `${quoteArgv(["printf", "%s", activationScript(o)])} > ${d}/activate.sh`,
    `if ${useSystemd}; then`,
    // The session's PATH, so the unit finds nixos-rebuild and nix as the login shell does.
    `  ${quoteArgv(systemd)} --setenv=PATH="$PATH" -- "$(command -v bash)" ${d}/activate.sh`,
    "  echo dk-launched systemd-run",
    "else",
    `  setsid -f bash ${d}/activate.sh </dev/null >/dev/null 2>&1`,
    "  echo dk-launched setsid",
    "fi",
  ].join("\n");
}
