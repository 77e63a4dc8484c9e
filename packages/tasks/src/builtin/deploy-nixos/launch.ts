import { quoteArgv } from "@deploykit/core";
import { activationScript, type ActivationInput } from "./activation.ts";
import { HOST_LOCK } from "./host-lock-script.ts";
import { STATE_ROOT, stateDir } from "./state-dir.ts";
import { sweepSteps } from "./sweep.ts";

/**
 * The command (run as root) that checks rollback is possible, sweeps old activations' state (sweep.ts), writes the
 * script and starts it detached: a transient systemd unit where systemd runs, else `setsid`. Prints
 * `dk-launched <how>`. Pure.
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
    ...HOST_LOCK,
    ...sweepSteps(),
    `mkdir -m 700 ${d}`,
    `${quoteArgv(["printf", "%s", activationScript(o)])} > ${d}/activate.sh`,
    `if ${useSystemd}; then`,
    // The session's PATH, so the unit finds nixos-rebuild and nix as the login shell does.
    `  ${quoteArgv(systemd)} --setenv=PATH="$PATH" -- "$(command -v bash)" ${d}/activate.sh "$DK_HOST_LOCK"`,
    "  echo dk-launched systemd-run",
    "else",
    `  setsid -f bash ${d}/activate.sh "$DK_HOST_LOCK" </dev/null >/dev/null 2>&1`,
    "  echo dk-launched setsid",
    "fi",
  ].join("\n");
}
