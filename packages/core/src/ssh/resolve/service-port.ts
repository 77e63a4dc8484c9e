import { existsSync, readFileSync } from "node:fs";
import { perFile } from "../file-cache.ts";

/** Where getservbyname(3) looks, as glibc's NSS reads it. */
export type ServiceFiles = { readonly nsswitch: string; readonly services: string; readonly db: string };

const SYSTEM: ServiceFiles = {
  nsswitch: "/etc/nsswitch.conf",
  services: "/etc/services",
  db: "/var/lib/misc/services.db",
};

/**
 * A Port value as ssh's a2port reads it: a decimal number up to 65535 as strtonum takes it (blanks and a sign may come
 * first: `+22`), else a service's port (servicePort). Undefined where ssh finds none; 0 is one ssh then refuses.
 */
export function portOf(text: string, files: ServiceFiles = SYSTEM): number | undefined {
  return decimalPort(text) ?? servicePort(text, files);
}

/** The number strtonum(3) reads in `text` between 0 and 65535, or undefined. */
export function decimalPort(text: string): number | undefined {
  if (!/^[ \t\n\v\f\r]*[+-]?\d+$/.test(text)) return undefined;
  const number = Number(text);
  // `-0` is 0 to strtonum; any other negative number is out of its range.
  return number >= 0 && number <= 65535 ? Math.abs(number) : undefined;
}

/**
 * The TCP port of service `name` (`Port ssh`) as ssh's getservbyname finds it: in the services file, where that file
 * is all NSS reads (nsswitch.conf's `services: files`, or `db files` without the db, as Debian writes it). Else, or
 * for a name the file lacks (ssh then refuses the port), undefined: the host is ssh's.
 */
export function servicePort(name: string, files: ServiceFiles = SYSTEM): number | undefined {
  const sources = nsswitchSources(files.nsswitch);
  const filesOnly = sources === "files" || (sources === "db files" && !existsSync(files.db));
  return filesOnly ? servicesIn(files.services)?.get(name) : undefined;
}

// The sources of the `services:` line (their [STATUS=action] items left out), or undefined without one.
const nsswitchSources = perFile((file): string | undefined => {
  const line = /^services:(.*)$/m.exec(readFileSync(file, "utf8"))?.[1];
  return line
    ?.replace(/\[[^\]]*\]/g, " ")
    .trim()
    .split(/\s+/)
    .join(" ");
});

// Each TCP service's name and aliases, and its port: the first line naming it wins, as in getservbyname.
const servicesIn = perFile((file): ReadonlyMap<string, number> => {
  const ports = new Map<string, number>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const [name, where, ...aliases] = line.replace(/#.*/, "").trim().split(/\s+/);
    const found = /^(\d+)\/tcp$/.exec(where ?? "");
    if (name === undefined || name === "" || found === null) continue;
    for (const each of [name, ...aliases]) if (!ports.has(each)) ports.set(each, Number(found[1]));
  }
  return ports;
});
