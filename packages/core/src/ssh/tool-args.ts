import { quoteRsh } from "../run/quote.ts";
import { sshFlags } from "./resolve/argv.ts";

/**
 * The ssh command line for tools that take one as a string (`rsync -e`): `ssh` and the options, quoted for rsync's own
 * parser (and a shell's). Pure.
 */
export function sshCommandLine(options: readonly string[]): string {
  return quoteRsh(["ssh", ...options]);
}

// ssh flags that take a value, and how scp spells each: the same flag, an `-o` setting, or nothing (session-only).
const VALUED: Record<string, ((value: string) => string[]) | null> = {
  p: (v) => ["-P", v],
  l: (v) => ["-o", `User=${v}`],
  i: (v) => ["-i", v],
  F: (v) => ["-F", v],
  J: (v) => ["-J", v],
  c: (v) => ["-c", v],
  o: (v) => ["-o", v],
  S: (v) => ["-o", `ControlPath=${v}`],
  b: (v) => ["-o", `BindAddress=${v}`],
  B: (v) => ["-o", `BindInterface=${v}`],
  m: (v) => ["-o", `MACs=${v}`],
  I: (v) => ["-o", `PKCS11Provider=${v}`],
  E: null,
  e: null,
};
// Switches: kept as they are, turned into a setting, or dropped (they only shape an interactive session).
const SAME = new Set("46Cvq");
const SWITCHED: Record<string, string> = {
  A: "ForwardAgent=yes",
  a: "ForwardAgent=no",
  k: "GSSAPIDelegateCredentials=no",
  K: "GSSAPIDelegateCredentials=yes",
  M: "ControlMaster=yes",
  g: "GatewayPorts=yes",
  X: "ForwardX11=yes",
  Y: "ForwardX11Trusted=yes",
  x: "ForwardX11=no",
};
const DROPPED = new Set("TtnNfsGVy");

/**
 * ssh's options (no destination, no command) rewritten for scp, read as ssh's getopt reads them: the port as `-P`
 * (scp's `-p` keeps times), the user as `-o User=` (scp's `-l` limits bandwidth). Forwardings (`-L`, `-R`, `-D`, …)
 * have no scp form: a `TypeError`. Pure.
 */
export function scpOptionArgs(options: readonly string[]): string[] {
  const out: string[] = [];
  for (const { flag, value } of sshFlags(options)) {
    if (value !== undefined) {
      const spell = VALUED[flag];
      if (spell === undefined) throw new TypeError(`The ssh option \`-${flag} ${value}\` has no scp equivalent`);
      if (spell !== null) out.push(...spell(value));
    } else if (SAME.has(flag)) out.push(`-${flag}`);
    else if (SWITCHED[flag] !== undefined) out.push("-o", SWITCHED[flag]);
    else if (!DROPPED.has(flag)) throw new TypeError(`The ssh option \`-${flag}\` has no scp equivalent`);
  }
  return out;
}
