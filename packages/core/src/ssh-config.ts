import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { SshTarget } from "./ssh-argv.ts";

const CONTROL = /^\s*Control(Master|Path)\s*[= ]/im;
let mentions: Map<string, boolean> | undefined;

// The ssh config files a host's connection reads: `-F` replaces the user's file.
function configFiles(sshOptions: readonly string[]): string[] {
  const f = sshOptions.indexOf("-F");
  const user = f >= 0 ? sshOptions[f + 1] ?? "" : join(homedir(), ".ssh", "config");
  const system = "/etc/ssh/ssh_config.d";
  const dropIns = existsSync(system) ? readdirSync(system).filter((n) => n.endsWith(".conf")).map((n) => join(system, n)) : [];
  return [user, "/etc/ssh/ssh_config", ...dropIns];
}

// Whether any config file sets ControlMaster or ControlPath at all; when none does, no host needs `ssh -G`.
function configMentionsControl(sshOptions: readonly string[]): boolean {
  mentions ??= new Map();
  const key = configFiles(sshOptions).join("\0");
  let found = mentions.get(key);
  if (found === undefined) {
    found = configFiles(sshOptions).some((file) => existsSync(file) && CONTROL.test(readFileSync(file, "utf8")));
    mentions.set(key, found);
  }
  return found;
}

/** Whether the user set up their own connection sharing for this host (in `sshOptions` or ssh config): then we keep out. */
export async function hasOwnControlMaster(target: SshTarget, args: readonly string[]): Promise<boolean> {
  if (target.sshOptions.some((o) => /control(master|path|persist)/i.test(o) || o === "-S")) return true;
  if (!configMentionsControl(target.sshOptions)) return false;
  const config = await new Promise<string>((resolve) =>
    execFile("ssh", ["-G", ...args, "--", target.hostname], { timeout: 5000 }, (_e, out) => resolve(String(out ?? ""))),
  );
  const master = /^controlmaster (\S+)/m.exec(config)?.[1] ?? "false";
  const path = /^controlpath (\S+)/m.exec(config)?.[1] ?? "none";
  return master !== "false" || path !== "none";
}
