// The most bytes Linux takes in one argument, its NUL included (MAX_ARG_STRLEN): the login shell gets the whole line as
// the argument of `-c`, and so does the local ssh client. The room is for what a guardian puts in front (guarded).
const MAX_ARG = 131_072;
const ROOM = 4096;

/** Why `line` (a remoteCommand) cannot be sent, if it cannot: too long for a host's `$SHELL -c`. Pure. */
export function unsendable(line: string): string | undefined {
  const bytes = Buffer.byteLength(line);
  if (bytes + ROOM <= MAX_ARG) return undefined;
  return (
    `its command line is ${bytes} bytes, with env, cwd and dk's supervisor, and a host takes at most ` +
    `${MAX_ARG - ROOM} (Linux limits one argument to 128 KiB): send large data as \`input\`, or upload a script and ` +
    "run that"
  );
}
