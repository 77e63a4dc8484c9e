/** What an upload's host script says on stderr when it stops because its relative path would start at /. */
export const NO_HOME_MARK = "dk-no-home";

/**
 * Shell words that stop the host's side of an upload into `dir` (a shell word) when `dir` is relative and the session
 * started in / though the home is elsewhere: sshd could not enter the home, so the path would start at /.
 */
export function homeCheck(dir: string): string {
  const stop = `{ echo ${NO_HOME_MARK} >&2; exit 1; }`;
  // `dk_home`: the login user's home, where the script runs as root (`wholeAsRoot`).
  return `case ${dir} in /*) ;; *) [ "$PWD" != / ] || [ "\${dk_home-$HOME}" = / ] || ${stop};; esac; `;
}

// sshd's words when it cannot enter the login user's home; the session then starts in /.
const CHDIR = /^Could not chdir to home directory (.*): (.*?)\r?$/m;

/**
 * Why a transfer with the relative remote `path` stops, from what its session printed (`stderr`): sshd could not
 * enter the home (a download's listing sees its words), or an upload's host script stopped for it; else undefined.
 * Pure.
 */
export function noHomeReason(path: string, stderr: string): string | undefined {
  if (path.startsWith("/")) return undefined;
  const said = CHDIR.exec(stderr);
  const stopped = stderr.split("\n").some((line) => line.trim() === NO_HOME_MARK);
  if (said === null && !stopped) return undefined;
  const home = said === null ? "," : `, ${said[1]},`;
  const why = said === null ? "" : ` (${said[2]})`;
  return (
    `the remote path ${path} is relative to the login user's home${home} which the host cannot enter${why}: it ` +
    "would start at /; give the path absolute, or create the home"
  );
}
