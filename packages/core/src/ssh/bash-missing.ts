// What a login shell says when it finds no bash to hand dk's command line to (dash, busybox, ksh, zsh, fish), which
// then exits 127; csh and tcsh exit 1.
const NO_BASH = /\bbash: (?:not found|No such file or directory)|command not found: bash|command: bash\b/i;
const CSH_NO_BASH = /^bash: Command not found\.$/;

/**
 * For an exit code that the command did not report itself (no exit mark): the line in which the login shell said it
 * found no bash, if it did; the command then never ran.
 */
export function bashMissing(exitCode: number, stderrTail: readonly string[]): string | undefined {
  const pattern = exitCode === 127 ? NO_BASH : exitCode === 1 ? CSH_NO_BASH : undefined;
  return pattern && stderrTail.find((line) => pattern.test(line));
}
