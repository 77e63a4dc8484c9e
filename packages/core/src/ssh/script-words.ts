/**
 * `read` in dk's scripts on a host: an exported TMOUT (hardened hosts set one, often readonly, and bash reads it in
 * `~/.bashrc`) would end a plain one after that many seconds, and a watchdog would take that for ssh gone.
 */
export const READ = "read -t 999999999";

// Where a guarded command finds its connection's guardian: the list it appends to, and its own token there.
export const GUARD_VAR = "__dk_g";
export const TOKEN_VAR = "__dk_t";

/**
 * The file a guardian's stop leaves beside its list `list` (shell words), for command `token` or, without one, for all
 * (guardian.ts): a command's shell that registers after the stop finds it, and does not start the command. Pure.
 */
export function stopMark(list: string, token?: string): string {
  return token === undefined ? `${list}.all` : `${list}.t${token}`;
}
