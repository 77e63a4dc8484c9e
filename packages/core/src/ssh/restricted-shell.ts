// What a restricted bash (rbash, bash -r) says as it refuses dk's command line: a redirection or an exec it forbids.
const RESTRICTED = /^[\w./-]*bash: line \d+: .*\brestricted\b/;

/**
 * For a run whose command reported no exit status (or that the cwd was refused, which rbash's `cd` always is): why it
 * never ran and what to do, if the login shell, a restricted bash, refused dk's command line.
 */
export function restrictedShell(stderrTail: readonly string[]): string | undefined {
  const said = stderrTail.find((line) => RESTRICTED.test(line));
  if (said === undefined) return undefined;
  return (
    `the login shell on the host is a restricted bash (rbash), which refuses dk's command line ("${said}"); give the ` +
    "user a login shell that is not restricted"
  );
}
