// What to do when sudo refused: a password given (sudo -S) was wrong, or sudo (-n) wants one that was not given.
export function sudoAdvice(stderr: string): string {
  if (/incorrect password|Sorry, try again/.test(stderr)) {
    return "; sudo refused the password given (dk --ask-sudo-password, setSudoPassword()): check it";
  }
  if (/a (password|terminal) is required/.test(stderr)) {
    return (
      "; the login user's sudo wants a password: give it (dk --ask-sudo-password, or setSudoPassword() in a script)," +
      " allow the user sudo without one, or log in as root"
    );
  }
  return /sudo/.test(stderr) ? "; the login user needs sudo (or log in as root)" : "";
}
