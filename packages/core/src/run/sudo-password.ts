let current: string | undefined;

/**
 * A sudo password travels as one line of stdin: no newlines, no NUL bytes. `what` names where it was given; the
 * message says what is wrong with it but never shows it.
 */
export function assertSudoPassword(
  password: unknown,
  what = "the `sudoPassword` option",
): asserts password is string | undefined {
  if (password === undefined) return;
  const wrong =
    typeof password !== "string"
      ? `got ${password === null ? "null" : Array.isArray(password) ? "an array" : `a ${typeof password}`}`
      : password.includes("\n")
        ? "it holds a newline"
        : password.includes("\0")
          ? "it holds a NUL byte"
          : undefined;
  if (wrong !== undefined)
    throw new TypeError(`Expected ${what} to be a string without newlines or NUL bytes: ${wrong}`);
}

/** Sets the sudo password every `becomeRoot` run uses unless given its own (undefined clears it). */
export function setSudoPassword(password: string | undefined): void {
  assertSudoPassword(password, "the password given to setSudoPassword()");
  current = password;
}

/** The process-wide sudo password, if one was set. */
export function sudoPassword(): string | undefined {
  return current;
}

/** Whether a process-wide sudo password was set (`setSudoPassword()`, `dk --ask-sudo-password`); never the password. */
export function hasSudoPassword(): boolean {
  return current !== undefined;
}
