/**
 * The end of a login shell's watchdog (or of a job in its place): TERM to the shell's process group, itself spared,
 * then KILL to what is left 5 s later, from a small sh that it becomes, so that no process showing the command's text
 * stays meanwhile. `-s KILL`: dash's kill reads `-KILL --` as a signal and then `-` as a pid, and fails.
 */
export const STOP_GROUP = `trap '' TERM; kill -TERM -- -$$; exec sh -c 'sleep 5; kill -s KILL -- -"$1"' sh $$`;

/**
 * A background job, for the login shell's watchdog while it unframes input, that stops the shell's group once the
 * shell's parent, sshd's session process, is gone (the connection closed: dk stopped the run, exited, or was killed).
 * The watchdog itself learns it only from stdin's end, which it does not read while its write to a command that does
 * not read its input is blocked: without this, a stopped run would leave the command running for as long as it runs.
 * That process ends with a connection of the run's own; a shared one (a ControlMaster, native's) outlives the run.
 * Only builtins but one `sleep` a second, and only while that input is on its way; where no /proc tells a process's
 * parent (not Linux), or once the shell is gone, it ends at once. Pure.
 */
export function sessionWatch(): string {
  // The parent's pid is the field after the command's name (in parentheses) and its state.
  const parent = 's=${s##*") "}; s=${s#* }; [ "${s%% *}" = "$PPID" ]';
  const watch = `while sleep 1 && IFS= read -r s </proc/$$/stat; do ${parent} || { ${STOP_GROUP}; }; done`;
  return `{ ${watch}; } </dev/null >/dev/null 2>&1 &`;
}
