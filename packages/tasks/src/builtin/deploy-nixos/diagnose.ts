import { CommandError } from "@deploykit/core";
import type { DeployStep } from "./errors.ts";

// Output lines that explain a failure, with what to do; first match wins. Otherwise the last line explains it.
const KNOWN: ReadonlyArray<readonly [RegExp, string | undefined]> = [
  [
    /\brsync: (command )?not found/,
    "rsync is not installed on the host; install it there (NixOS: environment.systemPackages = [ pkgs.rsync ])",
  ],
  [/\bsudo: (command )?not found/, "sudo is not installed on the host; log in as root, or install sudo"],
  [
    /^protocol version mismatch -- is your shell clean\?/,
    "the host's login prints to stdout, which breaks rsync's protocol: a ~/.bashrc (or /etc/bash.bashrc) that " +
      "echoes for commands over ssh too; let it print only in interactive shells (`[[ $- == *i* ]] || return` first)",
  ],
  [
    /^sudo: .*incorrect password|^Sorry, try again/,
    "sudo refused the password given (dk --ask-sudo-password, setSudoPassword()); check it",
  ],
  [
    /sudo: (a terminal is required|a password is required)/,
    "sudo wants a password; give it (dk --ask-sudo-password, or setSudoPassword() in a script), give the user " +
      "passwordless sudo (NixOS: security.sudo.wheelNeedsPassword = false), or log in as root",
  ],
  [/\bnixos-rebuild: (command )?not found/, "nixos-rebuild is not on the host's PATH; is the host running NixOS?"],
  // ssh's own complaint names the cause (refused, unknown host key, denied login); keep its words.
  [
    new RegExp(
      /^ssh: |Permission denied \([a-z-]+(,[a-z-]+)*\)|Host key verification failed/.source +
        /|REMOTE HOST IDENTIFICATION HAS CHANGED/.source,
    ),
    undefined,
  ],
];

/** One line saying why `step` failed, from core's `CommandError`. */
export function failureReason(step: DeployStep, error: unknown): string {
  if (!(error instanceof CommandError)) {
    return `${step} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  const failure = error;
  if (failure.timedOut) return `${step} timed out`;
  if (failure.interrupted) return `${step} was interrupted`;
  if (failure.reason?.startsWith("ssh failed:")) return `${step}: ${failure.reason}`;
  return explain(step, failure.exitCode, failure.tail);
}

/** One line saying why `step` failed with `exitCode`, from its last output lines. */
export function explain(step: DeployStep, exitCode: number, tail: readonly string[]): string {
  const lines = tail.map((line) => line.trim()).filter((line) => line !== "");
  const head = `${step} failed (exit code ${exitCode})`;
  for (const [pattern, hint] of KNOWN) {
    const line = lines.find((l) => pattern.test(l));
    if (line !== undefined) return `${head}: ${hint ?? line}`;
  }
  // rsync's "rsync error: … (code 11)" closes every failure; the line before, "rsync: …", says what failed.
  const last = (step === "rsync" ? lines.findLast((l) => l.startsWith("rsync: ")) : undefined) ?? lines.at(-1);
  return last === undefined ? head : `${head}: ${last.length > 200 ? `${last.slice(0, 200)}…` : last}`;
}
