let current: string | undefined;

/** A sudo password travels as one line of stdin: no newlines, no NUL bytes. The message never shows the value. */
export function assertSudoPassword(password: unknown): asserts password is string | undefined {
  if (password !== undefined && (typeof password !== "string" || /[\n\0]/.test(password))) {
    throw new TypeError("Expected the sudo password to be a string without newlines or NUL bytes");
  }
}

/** Sets the sudo password every `becomeRoot` run uses unless given its own (undefined clears it). */
export function setSudoPassword(password: string | undefined): void {
  assertSudoPassword(password);
  current = password;
}

/** The process-wide sudo password, if one was set. */
export function sudoPassword(): string | undefined {
  return current;
}
