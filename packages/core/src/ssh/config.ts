import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { SshTarget } from "./argv.ts";
import { resolveSsh } from "./resolve/resolve.ts";

const CONTROL = /^\s*Control(Master|Path)\s*[= ]/im;
let texts: Map<string, string> | undefined;

// The file `-F` names, if any: it replaces both the user's and the system's file (`ssh -F` ignores
// /etc/ssh/ssh_config).
function ownConfigFile(sshOptions: readonly string[]): string | undefined {
  const f = sshOptions.indexOf("-F");
  return f >= 0 ? (sshOptions[f + 1] ?? "") : undefined;
}

// The ssh config files a connection reads.
function configFiles(own: string | undefined): string[] {
  if (own !== undefined) return [own];
  const system = "/etc/ssh/ssh_config.d";
  const dropIns = existsSync(system)
    ? readdirSync(system)
        .filter((n) => n.endsWith(".conf"))
        .map((n) => join(system, n))
    : [];
  return [join(homedir(), ".ssh", "config"), "/etc/ssh/ssh_config", ...dropIns];
}

// Their text, read once per process and `-F` file.
function configText(sshOptions: readonly string[]): string {
  texts ??= new Map();
  const own = ownConfigFile(sshOptions);
  const key = own === undefined ? "" : `-F ${own}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = configFiles(own)
      .map((file) => (existsSync(file) ? readFileSync(file, "utf8") : ""))
      .join("\n");
    texts.set(key, text);
  }
  return text;
}

/** Whether the user sets `option` (e.g. "ServerAliveInterval") in `sshOptions` or in an ssh config file. */
export function userSets(option: string, sshOptions: readonly string[]): boolean {
  const pattern = new RegExp(`^\\s*${option}\\s*[= ]`, "im");
  return sshOptions.some((o) => o.toLowerCase().includes(option.toLowerCase())) || pattern.test(configText(sshOptions));
}

const hostKeyChoices = new Map<string, boolean>();

/** Whether `StrictHostKeyChecking` is set for `target` in `sshOptions` or the ssh config that applies to it. */
export function userSetsHostKeyCheck(target: SshTarget): boolean {
  // Read as ssh reads it (Host and Match blocks) only when some file mentions it at all.
  if (!userSets("StrictHostKeyChecking", target.sshOptions)) return false;
  const port = target.port === undefined ? [] : ["-p", String(target.port)];
  const options = [...target.sshOptions, ...port, ...(target.user === undefined ? [] : ["-l", target.user])];
  const key = JSON.stringify([target.hostname, ...options]);
  let chosen = hostKeyChoices.get(key);
  if (chosen === undefined) {
    try {
      chosen = resolveSsh(target.hostname, options).options.has("stricthostkeychecking");
    } catch {
      // A config we cannot read keeps our strict default.
      chosen = false;
    }
    hostKeyChoices.set(key, chosen);
  }
  return chosen;
}

/**
 * Whether the user set up their own connection sharing for this host (in `sshOptions` or ssh config): then we keep out.
 */
export async function hasOwnControlMaster(target: SshTarget, args: readonly string[]): Promise<boolean> {
  if (target.sshOptions.some((o) => /control(master|path|persist)/i.test(o) || o === "-S")) return true;
  if (!CONTROL.test(configText(target.sshOptions))) return false;
  const config = await new Promise<string>((resolve) =>
    execFile("ssh", ["-G", ...args, "--", target.hostname], { timeout: 5000 }, (_e, out) => resolve(String(out ?? ""))),
  );
  const master = /^controlmaster (\S+)/m.exec(config)?.[1] ?? "false";
  const path = /^controlpath (\S+)/m.exec(config)?.[1] ?? "none";
  return master !== "false" || path !== "none";
}
