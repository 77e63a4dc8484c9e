import { quoteArgv } from "@deploykit/core";
import { HOST_LOCK } from "./host-lock-script.ts";
import { keeperMark, STATE_ROOT } from "./state-dir.ts";
import { ALIVE } from "./remote-poll.ts";

/**
 * Seconds a deployment lock holds with no activation of its own running: dk renews it while it works on the host, so
 * this is how long a dk that died (or lost the host) keeps others out.
 */
export const LEASE_S = 120;

/** What the acquire script exits with when another deployment holds the lock. */
export const BUSY_EXIT = 75;

/**
 * The lock file of `configDir` on its host: one deployment at a time mirrors into a configuration directory and
 * activates it. Its first line is `ID LEASE_END SINCE WHO`, then the pids of activations holding it, one a line.
 * configDir has no `:` (validate.ts), so the name is the directory's alone.
 */
export const lockFile = (configDir: string) => `${STATE_ROOT}/lock${configDir.replaceAll("/", ":")}`;

// Every change to a lock is made holding this flock, so two deployments never both find the directory free; `end`
// is how the script gives up (exit, or return from a function).
const mutex = (end: "exit" | "return") => [
  `exec 9>>${STATE_ROOT}/.mutex || ${end}`,
  "if command -v flock >/dev/null; then",
  `  flock -w 10 9 || { echo 'dk: timed out waiting for the deployment lock of this host' >&2; ${end} 1; }`,
  "fi",
];
const MUTEX = [`mkdir -p -m 700 ${STATE_ROOT} || exit`, ...mutex("exit")];

// Whether the lock in file $1 is someone's: an activation listed in it runs, or its lease has not run out.
const HELD = [
  ALIVE,
  "held() {",
  "  local id until rest pid",
  '  [ -f "$1" ] || return 1',
  "  { read -r id until rest || return 1",
  '    while read -r pid; do alive "$pid" && return 0; done',
  '    [ "$(date +%s)" -lt "$until" ] 2>/dev/null; } <"$1"',
  "}",
];

// Opens a loop over the directory's lock, then the host's guard (host-lock-script.ts), each as $L; `done` closes it.
const EACH_LOCK = (file: string) => [`F=${quoteArgv([file])}`, ...HOST_LOCK, 'for L in "$F" "$DK_HOST_LOCK"; do'];

// Rewrites the first line (read by `ours`) with the lease ending $1 seconds from now (0: ended), keeping the lines of
// the activations but $2's.
const LEASE = [
  "lease() {",
  '  local end=0; [ "$1" = 0 ] || end=$(( $(date +%s) + $1 ))',
  '  { printf \'%s %s %s\\n\' "$id" "$end" "$rest"; tail -n +2 "$L" | grep -vx -- "${2:--}" || :; } >"$L.new" &&',
  '    mv -f "$L.new" "$L"',
  "}",
];

// The lock's first line, read into id, until and rest; false unless the lock is deployment `own`'s.
const ours = (own: string) => `read -r id until rest <"$L" 2>/dev/null && [ "$id" = ${own} ]`;

/**
 * Takes the lock for deployment `id` of `who`, and with `activating` (its configuration directory) the host's guard
 * too, printing `dk-guard` and its file; or prints `dk-busy` (`dk-busy-host` for the guard), the host's time and the
 * holder's line, then the file and its running activations' pids, and exits 75. Pure.
 */
export function acquireScript(file: string, id: string, who: string, activating?: string): string {
  // The holder's line, the lock's file, and the pids of its activations that run (busy-reason.ts reads them).
  const busy = (kind: string, lock: string) =>
    [
      `if held "${lock}"; then`,
      `  printf '${kind} %s %s\\ndk-busy-file %s\\n' "$(date +%s)" "$(head -n 1 "${lock}")" "${lock}"`,
      `  tail -n +2 "${lock}" | while read -r pid; do alive "$pid" && echo "dk-busy-pid $pid"; done; exit ${BUSY_EXIT}`,
      "fi",
    ].join("\n");
  const line = (text: string) => `printf '%s %s %s %s\\n' ${quoteArgv([id])} $((now + ${LEASE_S})) "$now" ${text}`;
  return [
    `L=${quoteArgv([file])}`,
    ...MUTEX,
    ...HELD,
    busy("dk-busy", "$L"),
    ...(activating === undefined ? [] : [...HOST_LOCK, busy("dk-busy-host", "$DK_HOST_LOCK")]),
    "now=$(date +%s)",
    `${line(quoteArgv([who]))} >"$L.new"`,
    'mv -f "$L.new" "$L"',
    ...(activating === undefined
      ? []
      : [
          `${line(quoteArgv([`${who} into ${activating}`]))} >"$DK_HOST_LOCK.new"`,
          'mv -f "$DK_HOST_LOCK.new" "$DK_HOST_LOCK"',
          `printf 'dk-guard %s\\n' "$DK_HOST_LOCK"`,
        ]),
  ].join("\n");
}

/** Extends the lease of deployment `id` on its locks (the directory's, the host's guard) that are still its. Pure. */
export function renewScript(file: string, id: string): string {
  return [...MUTEX, ...LEASE, ...EACH_LOCK(file), `  ${ours(quoteArgv([id]))} && lease ${LEASE_S}`, "done", ":"].join(
    "\n",
  );
}

/**
 * Ends the lease of deployment `id`: the lock goes, or stays only as long as an activation of its runs. Removes the
 * keeper's mark too, which a keeper killed outright (a reboot that keeps /run, the OOM killer) leaves. Pure.
 */
export function releaseScript(file: string, id: string): string {
  return [
    `rm -f ${quoteArgv([keeperMark(id)])}`,
    ...MUTEX,
    ...HELD,
    ...LEASE,
    ...EACH_LOCK(file),
    `  ${ours(quoteArgv([id]))} || continue`,
    '  lease 0; held "$L" || rm -f "$L"',
    "done",
  ].join("\n");
}

/**
 * Lines of the activation script: while it runs, its pid in the lock keeps the lock (dk may be gone); at its exit, a
 * fresh lease in its place for dk to finish and release, or, when dk has released it, no lock. Nothing when the lock
 * is not deployment `id`'s. Pure.
 */
export function activationLockSteps(file: string, id: string): string[] {
  return [
    ...HELD,
    ...LEASE,
    "lock_entry() {",
    "  local id until rest L",
    ...mutex("return").map((line) => `  ${line}`),
    // The host's guard is handed on (launch.ts): the script runs detached from the session that names it.
    `  for L in ${quoteArgv([file])} "$DK_HOST_LOCK"; do`,
    `    ${ours(quoteArgv([id]))} || continue`,
    '    if [ "$1" = add ]; then echo $$ >>"$L"',
    // dk let go already (Ctrl-C, "leave"): the lock ends with the last of its activations.
    '    elif [ "$until" = 0 ]; then lease 0 $$; held "$L" || rm -f "$L"',
    `    else lease ${LEASE_S} $$; fi`,
    "  done",
    // Closed, so that nixos-rebuild (started after it) does not inherit the flock.
    "  exec 9>&-",
    "}",
    "lock_entry add",
    "trap 'lock_entry drop' EXIT",
  ];
}
