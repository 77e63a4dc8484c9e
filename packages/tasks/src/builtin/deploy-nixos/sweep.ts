import { ALIVE } from "./remote-poll.ts";
import { STATE_ROOT } from "./state-dir.ts";

/**
 * How many ended activations keep their state on a host: a failed one keeps its log, which its error names, but
 * they do not pile up in /run until the next reboot.
 */
export const KEPT_ACTIVATIONS = 5;

/**
 * Lines, run as root before a new activation's state is made, that remove the state of ended activations but the
 * `KEPT_ACTIVATIONS` last changed. Kept as well: one whose script runs (dk follows it, or left it running), and one
 * under a minute old without a pid yet (its script is starting). Never fails. Pure.
 */
export function sweepSteps(): string[] {
  return [
    "(",
    ALIVE,
    "n=0",
    // Newest first; ids have no spaces, and the trailing slash leaves out the keepers' marks.
    `for s in $(ls -dt ${STATE_ROOT}/dk-deploy-*/ 2>/dev/null); do`,
    '  if p=$(cat "$s/pid" 2>/dev/null); then alive "$p" && continue',
    '  elif [ -n "$(find "$s" -maxdepth 0 -mmin -1)" ]; then continue; fi',
    `  n=$((n + 1)); [ "$n" -le ${KEPT_ACTIVATIONS} ] || rm -rf -- "$s"`,
    "done",
    ") || :",
  ];
}
