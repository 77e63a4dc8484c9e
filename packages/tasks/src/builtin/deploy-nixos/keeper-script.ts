import { quoteArgv } from "@deploykit/core";
import { HOST_LOCK } from "./host-lock-script.ts";
import { releaseScript } from "./lock-script.ts";
import { keeperMark, STATE_ROOT } from "./state-dir.ts";

/** What the keeper prints first: dk, reading it, knows that the keeper ran. */
export const KEEPER_UP = "dk-keeper-up";

/**
 * Runs for as long as deployment `id` may hold the lock: ended (its ssh session closed, as when dk exits at a second
 * Ctrl-C or dies, or dk stops it), it lets go of the lock if it is the deployment's, in a session of its own, so that
 * the kill that follows a session's end does not cut the release short. Prints KEEPER_UP first, and keeps its mark
 * (keeperMark) while it runs. Pure.
 */
export function keeperScript(file: string, id: string): string {
  const mark = quoteArgv([keeperMark(id)]);
  const release = '{ setsid -f bash -c "$R" || bash -c "$R"; } </dev/null >/dev/null 2>&1';
  const letGo = `kill $! 2>/dev/null; rm -f ${mark}; ${release}; exit 0`;
  return [
    // Named here, in the session: the release runs in a session of its own, where it could not find it.
    ...HOST_LOCK,
    "export DK_HOST_LOCK",
    `R=${quoteArgv([releaseScript(file, id)])}`,
    `trap ${quoteArgv([letGo])} TERM HUP`,
    `echo ${KEEPER_UP}`,
    `mkdir -p -m 700 ${STATE_ROOT} && : >${mark}`,
    "while :; do sleep 3600 & wait $!; done",
  ].join("\n");
}

/** Waits, at most `waitS` seconds, for the keeper's mark: exits 0 once it is there, else 1. Pure. */
export function keeperUpScript(id: string, waitS: number): string {
  return [
    `m=${quoteArgv([keeperMark(id)])}; end=$((SECONDS + ${waitS}))`,
    'until [ -e "$m" ]; do [ "$SECONDS" -lt "$end" ] || exit 1; sleep 0.2; done',
  ].join("\n");
}
