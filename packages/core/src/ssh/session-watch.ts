/**
 * The end of a watchdog (or of a watch in its place): TERM to process group `group` (a shell word), the caller spared,
 * then KILL to what is left 5 s later, from a small sh that it becomes, so that no process showing the command's text
 * stays meanwhile. `-s KILL`: dash's kill reads `-KILL --` as a signal and then `-` as a pid, and fails. Pure.
 */
export function stopGroup(group: string): string {
  return `trap '' TERM; kill -TERM -- -${group}; exec sh -c 'sleep 5; kill -s KILL -- -"$1"' sh ${group}`;
}

/**
 * A background job, for a watchdog while it unframes input, that stops process group `group` once the session's login
 * shell, `shell`, has a parent other than sshd's session process `sshd` (shell words all): that process is gone, as
 * the connection closed (dk stopped the run, exited, or was killed). The watchdog itself learns it only from stdin's
 * end, which it does not read while its write to a command that does not read its input is blocked: without this, a
 * stopped run would leave the command running for as long as it runs. That process ends with a connection of the
 * run's own; a shared one (a ControlMaster, native's) outlives the run, which input a pipe may not hold therefore does
 * not use. Only builtins but one `sleep` a second, and only while that input is on its way; where no /proc tells a
 * process's parent (not Linux), or once the shell is gone, it ends at once. Pure.
 */
export function sessionWatch(group: string, shell: string, sshd: string): string {
  // The parent's pid is the field after the command's name (in parentheses) and its state.
  const parent = `s=\${s##*") "}; s=\${s#* }; [ "\${s%% *}" = "${sshd}" ]`;
  const watch = `while sleep 1 && IFS= read -r s </proc/${shell}/stat; do ${parent} || { ${stopGroup(group)}; }; done`;
  return `{ ${watch}; } </dev/null >/dev/null 2>&1 &`;
}
