/**
 * The mark of a run's exit status, `nonce` its own: the line that ends with it and the status is the remote side's
 * report (stripped from the output), wherever it comes; output that merely looks like a mark is output. Pure.
 */
export function exitMark(nonce: string): string {
  // The nonce goes into the script's printf formats unquoted.
  if (!/^[0-9a-f]*$/.test(nonce)) throw new TypeError(`Expected the exit mark's nonce to be hex, got \`${nonce}\``);
  return `\x1fdk-exit:${nonce}:`;
}

/**
 * The exit code of a run whose ssh client exited 255 after the supervisor reported a status other than 255: the shell
 * was ended by TERM, the one signal that ends it after its EXIT trap reported (see CAUGHT in supervise.ts), which ssh
 * says as 255.
 */
export const SHELL_TERMINATED = 143;

/**
 * What the exit mark reports, in place of an exit status, when the run's working directory could not be entered: the
 * command never ran (the supervisor exits 127), and why, in words that follow "the working directory DIR".
 */
export const CWD_REFUSED: Readonly<Record<number, string>> = {
  256: "does not exist",
  257: "is not a directory",
  258: "may not be entered (permission denied)",
};
