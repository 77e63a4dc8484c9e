import { quoteArgv } from "@deploykit/core";
import { stateDir } from "./state-dir.ts";

/** Most bytes of log one poll brings back: a burst of output takes several polls, never one huge one. */
export const POLL_BYTES = 262_144;

/** What the host said about an activation in one poll. */
export type PollStatus = {
  /** False when the state directory is gone (the host rebooted, or someone removed it). */
  readonly known: boolean;
  /** nixos-rebuild's exit code, once it ended. */
  readonly exitCode: number | undefined;
  /** Whether the detached script still runs. */
  readonly alive: boolean;
  /** The script's phase: activating, failed, done, waiting, confirmed, rolling-back, rolled-back, rollback-failed. */
  readonly phase: string;
  /** Why it rolled back, when it did. */
  readonly reason: string;
};

// Written by the script; a poll prints them on its first line.
const HEADER = "dk-poll";

// A process that exited but was not reaped (orphans are not, where init does not) answers kill -0: not alive.
export const ALIVE = `alive() { kill -0 "$1" 2>/dev/null && ! grep -qs '^State:[[:space:]]*Z' "/proc/$1/status"; }`;

const status = (d: string) =>
  [
    `[ -d ${d} ] || { echo '${HEADER} missing - 0 - -'; exit 0; }`,
    ALIVE,
    `alive=0; pid=$(cat ${d}/pid 2>/dev/null) && alive "$pid" && alive=1`,
    `reason=$(tr '\\n' ' ' < ${d}/reason 2>/dev/null | base64 -w0 || true)`,
    `printf '${HEADER} known %s %s %s %s\\n' "$(cat ${d}/exit 2>/dev/null || echo -)" "$alive" ` +
      `"$(cat ${d}/phase 2>/dev/null || echo starting)" "$reason"`,
  ].join("\n");

/**
 * Waits on the host (at most `waitS` seconds) until the log has grown past `offset` or nixos-rebuild ended, then
 * prints the status line and up to `POLL_BYTES` of log from `offset`. A poll is one short ssh run, so a dropped
 * connection costs at most one poll and the byte offset says exactly where to go on. Pure.
 */
export function followCommand(id: string, offset: number, waitS: number): string {
  const d = quoteArgv([stateDir(id)]);
  return [
    `end=$((SECONDS + ${waitS}))`,
    `while [ "$SECONDS" -lt "$end" ] && [ -d ${d} ] && [ ! -e ${d}/exit ]; do`,
    `  [ "$(stat -c %s ${d}/log 2>/dev/null || echo 0)" -gt ${offset} ] && break`,
    "  sleep 0.2",
    "done",
    status(d),
    `tail -c +${offset + 1} ${d}/log 2>/dev/null | head -c ${POLL_BYTES}`,
  ].join("\n");
}

/**
 * Confirms an armed activation over a new connection: runs the health check (or `healthCheck`), then writes
 * `confirm`, or `reject` with why, and waits (at most 15 s) for the script to decide. Prints the status line and
 * the check's last output line. An activation that already decided is only reported. Pure.
 */
export function confirmCommand(id: string, healthCheck: string | undefined, healthTimeoutS: number): string {
  const d = quoteArgv([stateDir(id)]);
  // A systemd host is healthy once it is running or degraded (a failed unit is not the deploy's fault).
  const systemd = [
    "if [ -d /run/systemd/system ]; then",
    `  state=$(timeout ${healthTimeoutS} systemctl is-system-running --wait 2>&1); rc=$?`,
    // Cut off by timeout: the system had not settled; exits as timeout does, which the reason below turns into words.
    '  [ "$rc" = 124 ] && { echo "systemctl is-system-running --wait: not settled${state:+ ($state)}"; exit 124; }',
    '  case "$state" in running|degraded) ;;',
    '    *) echo "systemctl is-system-running: ${state:-no answer}"; exit 1 ;;',
    "  esac",
    "fi",
  ].join("\n");
  const check =
    healthCheck === undefined ? systemd : `timeout ${healthTimeoutS} bash -c ${quoteArgv([healthCheck])} </dev/null`;
  return [
    `if [ -d ${d} ] && [ "$(cat ${d}/phase 2>/dev/null)" = waiting ]; then`,
    `  touch ${d}/checking`,
    `  out=$( (${check}) 2>&1 ); rc=$?`,
    '  last=$(printf "%s\\n" "$out" | grep -v "^$" | tail -n 1)',
    '  if [ "$rc" = 0 ]; then touch ' + `${d}/confirm; else`,
    // timeout's own exit code: the check was cut off, which its exit code alone would not say.
    `    why="health check failed (exit $rc)"`,
    `    [ "$rc" = 124 ] && why="health check did not end within ${healthTimeoutS} s; give it longer with ` +
      '--health-timeout (healthTimeout)"',
    `    echo "$why\${last:+: $last}" > ${d}/reject.new && mv ${d}/reject.new ${d}/reject`,
    "  fi",
    "  for i in $(seq 75); do",
    `    [ "$(cat ${d}/phase 2>/dev/null)" = waiting ] || [ "$(cat ${d}/phase 2>/dev/null)" = rolling-back ] || break`,
    "    sleep 0.2",
    "  done",
    "fi",
    status(d),
  ].join("\n");
}

/**
 * Stops an activation: leaves a `stop` mark (a script not running yet then stops at its start), sends TERM to the
 * script (which stops nixos-rebuild and rolls back what changed; see activationScript) and waits, at most `waitS`
 * seconds, until the script has exited. Prints the status line. Pure.
 */
export function stopCommand(id: string, waitS: number): string {
  const d = quoteArgv([stateDir(id)]);
  return [
    `[ -d ${d} ] && touch ${d}/stop`,
    ALIVE,
    `end=$((SECONDS + ${waitS})); sent=`,
    `while [ -d ${d} ] && [ "$SECONDS" -lt "$end" ]; do`,
    `  pid=$(cat ${d}/pid 2>/dev/null) || pid=`,
    '  if [ -n "$pid" ]; then',
    '    alive "$pid" || break',
    '    [ -n "$sent" ] || { kill -TERM "$pid"; sent=1; }',
    "  fi",
    "  sleep 0.2",
    "done",
    status(d),
  ].join("\n");
}

/** Removes an activation's state once dk has its outcome. Pure. */
export function cleanupCommand(id: string): string {
  return `rm -rf ${quoteArgv([stateDir(id)])}`;
}

/** The status line (first line of a poll's output) and the bytes after it; undefined when there is none. */
export function parsePoll(output: Buffer): { status: PollStatus; log: Buffer } | undefined {
  const newline = output.indexOf(10);
  const first = output.subarray(0, newline === -1 ? output.length : newline).toString("utf8");
  const [header, known, exit, alive, phase, reason] = first.split(" ");
  if (header !== HEADER || phase === undefined) return undefined;
  const exitCode = exit === "-" || exit === undefined ? undefined : Number(exit);
  return {
    status: {
      known: known === "known",
      exitCode: Number.isInteger(exitCode) ? exitCode : undefined,
      alive: alive === "1",
      phase,
      reason: reason === undefined || reason === "-" ? "" : Buffer.from(reason, "base64").toString("utf8").trim(),
    },
    log: newline === -1 ? Buffer.alloc(0) : output.subarray(newline + 1),
  };
}
