import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { SshTarget } from "./argv.ts";
import { askpassRuns } from "./askpass.ts";
import { includedFiles } from "./resolve/glob.ts";
import { configFileOf } from "./resolve/argv.ts";
import { splitLine } from "./resolve/lines.ts";
import { resolveSsh } from "./resolve/resolve.ts";
import { sshG } from "./ssh-g.ts";

const CONTROL = /^\s*Control(Master|Path)\s*[= ]/im;
let texts: Map<string, string> | undefined;

// The ssh config files a connection reads, and whether each is the user's (its relative Includes are in ~/.ssh).
function configFiles(own: string | undefined): Array<readonly [string, boolean]> {
  if (own !== undefined) return [[own, true]];
  return [
    [join(homedir(), ".ssh", "config"), true],
    ["/etc/ssh/ssh_config", false],
  ];
}

// Their text and that of every file they Include (whatever Host or Match block it is in), read once per process and
// `-F` file: enough to tell whether an option is set anywhere.
function configText(sshOptions: readonly string[]): string {
  texts ??= new Map();
  // The file `-F` names replaces both the user's and the system's (`ssh -F` ignores /etc/ssh/ssh_config).
  const own = configFileOf(sshOptions);
  const key = own === undefined ? "" : `-F ${own}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = configFiles(own)
      .map(([file, user]) => withIncludes(file, user, 0))
      .join("\n");
    texts.set(key, text);
  }
  return text;
}

function withIncludes(file: string, user: boolean, depth: number): string {
  let text: string;
  try {
    text = depth <= 16 && existsSync(file) ? readFileSync(file, "utf8") : "";
  } catch {
    return "";
  }
  const included = [...text.matchAll(/^\s*include\b.*$/gim)]
    .map((m) => splitLine(m[0], file))
    .flatMap((line) => (line?.keyword === "include" ? line.args.flatMap((p) => includedFiles(p, user)) : []));
  return [text, ...included.map((f) => withIncludes(f, user, depth + 1))].join("\n");
}

/** Whether the user sets `option` (e.g. "ServerAliveInterval") in `sshOptions` or in an ssh config file. */
export function userSets(option: string, sshOptions: readonly string[]): boolean {
  const pattern = new RegExp(`^\\s*${option}\\s*[= ]`, "im");
  return sshOptions.some((o) => o.toLowerCase().includes(option.toLowerCase())) || pattern.test(configText(sshOptions));
}

const resolutions = new Map<string, ReadonlyMap<string, readonly string[]>>();

// The options set for `target` by its `sshOptions` and the ssh config that applies to it (Host and Match blocks), read
// once per target; none for a config that cannot be read.
function settingsOf(target: SshTarget): ReadonlyMap<string, readonly string[]> {
  const port = target.port === undefined ? [] : ["-p", String(target.port)];
  const options = [...target.sshOptions, ...port, ...(target.user === undefined ? [] : ["-l", target.user])];
  const key = JSON.stringify([target.hostname, ...options]);
  let settings = resolutions.get(key);
  if (settings === undefined) {
    try {
      settings = resolveSsh(target.hostname, options).options;
    } catch {
      settings = new Map();
    }
    resolutions.set(key, settings);
  }
  return settings;
}

/** Whether `StrictHostKeyChecking` is set for `target` in `sshOptions` or the ssh config that applies to it. */
export function userSetsHostKeyCheck(target: SshTarget): boolean {
  // Read as ssh reads it only when some file mentions it at all; a config we cannot read keeps our strict default.
  return userSets("StrictHostKeyChecking", target.sshOptions) && settingsOf(target).has("stricthostkeychecking");
}

// What dk's sessions are (a command of dk's, no terminal, stdin open, ssh in the foreground, no X11 and no
// LocalCommand, as scp asks), against options of an ssh config meant for interactive use. The first value wins, so
// these win over any config file, not over `sshOptions`.
const SESSION = [
  "-o",
  "RequestTTY=no",
  "-o",
  "RemoteCommand=none",
  "-o",
  "ForwardX11=no",
  "-o",
  "PermitLocalCommand=no",
];
// OpenSSH 8.7's, which an older ssh refuses by name: set back only where a config sets them (so that ssh knows them).
const NEWER = [
  ["sessiontype", "SessionType=default"],
  ["stdinnull", "StdinNull=no"],
  ["forkafterauthentication", "ForkAfterAuthentication=no"],
] as const;

// No forwardings, as scp asks: a config's LocalForward would be bound by every connection (all but the first then print
// that they could not, or fail under ExitOnForwardFailure). Not when `sshOptions` ask for one (it would clear theirs).
const NO_FORWARDS = ["-o", "ClearAllForwardings=yes"];
const FORWARDING = /^-[LRD]|^(-o\s*)?((local|remote|dynamic)forward|clearallforwardings)\b/i;

// ssh under dk has no terminal (it runs in a session of its own): each password it asked for would go out empty, a
// failed login that fail2ban counts. Only an askpass program could answer, where ssh would run one (readpass.c).
function noPasswords(): string[] {
  return askpassRuns() ? [] : ["-o", "PasswordAuthentication=no"];
}

/** The options that keep `target`'s ssh config from changing what a dk session is (`-N`, `-n`, `-t`, `-L`, …). */
export function sessionOptions(target: SshTarget): string[] {
  const session = [...SESSION, ...noPasswords()];
  const always = target.sshOptions.some((o) => FORWARDING.test(o)) ? session : [...session, ...NO_FORWARDS];
  if (!NEWER.some(([keyword]) => userSets(keyword, target.sshOptions))) return always;
  const settings = settingsOf(target);
  return [...always, ...NEWER.filter(([keyword]) => settings.has(keyword)).flatMap(([, o]) => ["-o", o])];
}

/**
 * Whether the user set up their own connection sharing for this host (in `sshOptions` or ssh config): then we keep out.
 * A ControlPath under ControlMaster no (Home Manager's default) is theirs only while something is there for ssh to use.
 */
export async function hasOwnControlMaster(target: SshTarget, args: readonly string[]): Promise<boolean> {
  if (target.sshOptions.some((o) => /control(master|path|persist)/i.test(o) || o === "-S")) return true;
  if (!CONTROL.test(configText(target.sshOptions))) return false;
  const config = (await sshG(args, target.hostname)).stdout;
  const master = /^controlmaster (\S+)/m.exec(config)?.[1] ?? "false";
  // ssh -G prints the path expanded (tokens, `~`), as ssh would connect to it.
  const path = /^controlpath (.+)$/m.exec(config)?.[1] ?? "none";
  return master !== "false" || (path !== "none" && existsSync(path));
}
