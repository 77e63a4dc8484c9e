import { join } from "node:path";
import { parseSshArgv } from "./argv.ts";
import { apply } from "./apply-line.ts";
import { fillIn } from "./fill-in.ts";
import { readConfigFile, type Reading, type Settings } from "./read-config.ts";
import { finalHost } from "./final-host.ts";
import { readable, surelyValid } from "./valid.ts";
import { expandPath, localUser } from "./tokens.ts";
import type { ResolvedSsh } from "./resolved.ts";

/**
 * Resolves the configuration of `ssh <argv> -- <host>` as OpenSSH does: the command line, then `-F`'s file or the
 * user's and the system's, and those once more for a `Match final`. Lines of an `unknown` keyword (one ssh does not
 * know) that IgnoreUnknown names are skipped, as ssh skips them.
 */
export function resolveSsh(host: string, argv: readonly string[], unknown?: ReadonlySet<string>): ResolvedSsh {
  const parsed = parseSshArgv(argv);
  const { unsupported: openssh, warnings } = parsed;
  const settings: Settings = { first: new Map(), identityFiles: [], files: new Set(), openssh, warnings, unknown };
  for (const line of parsed.lines) {
    if (!surelyValid(line)) settings.unsure = true;
    apply(settings, line, line.where === "-i" ? "-i" : "user");
  }
  readFiles(settings, parsed.configFile, { host, originalHost: host, final: false });
  if (settings.wantFinal) {
    const hostName = settings.first.get("hostname")?.[0];
    const name = finalHost(host, hostName);
    if (name === undefined) settings.openssh ??= `Match final (host ${hostName ?? host})`;
    else {
      // ssh.c sets HostName to that name before the final pass: a HostName line read there changes nothing.
      settings.first.set("hostname", [name.replace(/%/g, "%%")]);
      readFiles(settings, parsed.configFile, { host: name, originalHost: host, final: true });
    }
  }
  return fillIn(host, settings);
}

// One pass over the files: `-F`'s, or the user's then the system's.
function readFiles(settings: Settings, configFile: string | undefined, pass: Omit<Reading, "userFile">): void {
  if (configFile !== undefined) {
    // ssh refuses a -F file it cannot read, where a missing ~/.ssh/config is none.
    if (configFile !== "none" && !readable(configFile)) settings.unsure = true;
    if (configFile !== "none") readConfigFile(settings, configFile, { ...pass, userFile: true });
  } else {
    readConfigFile(settings, join(localUser().home, ".ssh", "config"), { ...pass, userFile: true, checkPerm: true });
    readConfigFile(settings, "/etc/ssh/ssh_config", { ...pass, userFile: false });
  }
}

/** Expands an identity file as ssh does when it loads it (`~`, `${NAME}`, `%` tokens). */
export function identityPath(resolved: ResolvedSsh, file: string): string {
  return expandPath(file, resolved.tokens);
}
