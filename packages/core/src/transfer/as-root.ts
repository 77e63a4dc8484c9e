import { quote } from "../run/quote.ts";

/**
 * Shell words that run a becomeRoot upload's host `script` (reading `$0` and `"$@"`, each command as root after `$S`)
 * whole as root, where the login user is not root and sudo runs a shell without a password that finds rsync: its checks
 * of the destination (a symlink? new? the home or /?) then see what the copy will, in directories only root may enter.
 * Where sudo allows no shell (only rsync and mkdir, as the errors advise) or its path has no rsync (which sudo itself
 * then says), the script runs as the login user, `$S` being sudo. `dk_home` keeps the login user's home, which sudo
 * sets to root's.
 */
export function wholeAsRoot(script: string): string {
  const can = `sudo -n -- sh -c 'command -v rsync' >/dev/null 2>&1`;
  const root = `exec sudo -n -- sh -c 'S= dk_home=$1 s=$2; shift 2; eval "$s"' "$0" "$HOME" "$s" "$@"`;
  const sudo = `S=; if [ "$(id -u)" != 0 ]; then S="sudo -n --"; if ${can}; then ${root}; fi; fi; `;
  return `s=${quote(script)}; ${sudo}eval "$s"`;
}
