import { existsSync } from "node:fs";

/**
 * Whether ssh under dk, which has no terminal (it runs in a session of its own), would run an askpass program for a
 * password or passphrase (readpass.c): SSH_ASKPASS_REQUIRE force, or a display and not never, and a program there.
 */
export function askpassRuns(): boolean {
  const { DISPLAY = "", SSH_ASKPASS = "", SSH_ASKPASS_REQUIRE = "" } = process.env;
  const require = SSH_ASKPASS_REQUIRE.toLowerCase();
  const allowed = require === "force" || (require !== "never" && DISPLAY !== "");
  // The file is looked for only where a program could run: not on every run of a host without a display.
  return allowed && (SSH_ASKPASS !== "" || existsSync("/usr/bin/ssh-askpass"));
}
