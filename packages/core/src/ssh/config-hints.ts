import { quote } from "../run/quote.ts";
import type { Target, Where } from "./host-key-target.ts";
import { resolveSsh } from "./resolve/resolve.ts";
import { unexpandable } from "./resolve/tokens.ts";

/** A hint for a line ssh printed: what to do about it. */
export type Hint = (
  w: () => Target,
  line: string,
  tail: readonly string[],
  options: readonly string[],
  where: Where,
) => string;

/** What ssh says against its configuration (from the command line or a file), and what to correct; first match wins. */
export const CONFIG_HINTS: ReadonlyArray<readonly [RegExp, Hint]> = [
  [
    /^Bad owner or permissions on /,
    (_w, line) =>
      "ssh refuses a config file that another user owns or others may write: " +
      `\`chmod go-w ${quote(line.replace(/^Bad owner or permissions on /, ""))}\``,
  ],
  [
    /^remote username contains invalid characters/,
    () => "ssh refuses the user name (from `User` in your ssh config): it holds a character such as `{`, `;` or `|`",
  ],
  // ssh checks -J's words itself (ssh.c's parse_jump) and starts no connection.
  [
    /^parse_jump: |^Invalid -J argument$/,
    () =>
      "ssh refuses the jump hosts given with -J: each must be [user@]host[:port], comma-separated, with no spaces or " +
      "characters such as `;` or `|`; correct the -J in the host's `sshOptions`",
  ],
  // misc.c's percent_dollar_expand, which names neither the option nor where it was set.
  [/^\w*percent\w*_expand: (unknown key %.|env var \$\{[^}]*\} has no value)$/, unexpanded],
];

// The options ssh expands `%` tokens and `${NAME}` in, as its manual spells them.
const EXPANDED = [
  "IdentityFile",
  "CertificateFile",
  "ControlPath",
  "IdentityAgent",
  "UserKnownHostsFile",
  "KnownHostsCommand",
  "LocalCommand",
  "RemoteCommand",
  "ProxyCommand",
  "LocalForward",
  "RemoteForward",
];

// A token or variable ssh could not expand: in which option (as the host's configuration resolves), and what to do.
function unexpanded(
  _w: () => Target,
  line: string,
  _tail: readonly string[],
  options: readonly string[],
  where: Where,
) {
  const what = /\$\{[^}]*\}/.exec(line)?.[0] ?? /%./.exec(line)![0];
  const fix = unexpandable(what).join("; ");
  const held = holder(what, where.hostname, options);
  const named =
    held === undefined
      ? `an option of the host's ssh config holds ${what} (\`ssh -G ${where.hostname} | grep -F '${what}'\` shows it)`
      : `${held.option} \`${held.value}\` holds ${what}`;
  return `${named}: ${fix}`;
}

// The first option ssh expands that holds `what` for `hostname` with ssh options `options`, if the resolver finds one.
function holder(what: string, hostname: string, options: readonly string[]) {
  try {
    const resolved = resolveSsh(hostname, options);
    for (const option of EXPANDED) {
      const key = option.toLowerCase();
      const values = key === "identityfile" ? resolved.identityFiles : (resolved.options.get(key) ?? []);
      const value = values.find((v) => v.includes(what));
      if (value !== undefined) return { option, value };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
