import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";
import type { ResolvedSsh } from "../resolve/resolved.ts";

// fe80::/10.
const linkLocal = (address: string) => /^fe[89ab]/i.test(address);

// IFF_UP of the kernel's interface flags (linux/if.h), as /sys/class/net/NAME/flags shows them in hex.
const IFF_UP = 0x1;

/**
 * The address ssh binds to for BindInterface `name` and a target of `family` (sshconnect.c's check_ifaddrs): the
 * interface's first address of that family, one that is not loopback (127.0.0.1, ::1) or link-local first.
 */
export function interfaceAddress(name: string, family: 4 | 6): string | undefined {
  const addresses = (networkInterfaces()[name] ?? []).filter((a) => a.family === (family === 4 ? "IPv4" : "IPv6"));
  const local = ({ address }: { address: string }) =>
    family === 4 ? address === "127.0.0.1" : address === "::1" || linkLocal(address);
  const chosen = addresses.find((a) => !local(a)) ?? addresses[0];
  if (chosen === undefined) return undefined;
  // A link-local address binds only with its interface named.
  return family === 6 && linkLocal(chosen.address) ? `${chosen.address}%${name}` : chosen.address;
}

/**
 * Whether native binds to BindInterface as ssh would. It needs the target's family before it connects (an address, or
 * AddressFamily inet or inet6: ssh picks the family per address of a name), and an interface Node sees as ssh does:
 * Node lists only those up and running, ssh any that is up, so one that is up but not running is ssh's to bind.
 */
export function bindsInterfaceAsSsh(resolved: ResolvedSsh, name: string): boolean {
  if (resolved.bindAddress !== undefined) return true;
  if (isIP(resolved.hostname) === 0 && resolved.addressFamily === 0) return false;
  if (networkInterfaces()[name] !== undefined) return true;
  // Not a name the kernel gives an interface (or one Linux's /sys cannot tell of): ssh's to say.
  if (name.includes("/") || name === "." || name === ".." || !sysfs()) return false;
  let flags: string;
  try {
    flags = readFileSync(`/sys/class/net/${name}/flags`, "utf8");
  } catch {
    // No such interface: ssh finds no address on it either.
    return true;
  }
  return (Number.parseInt(flags, 16) & IFF_UP) === 0;
}

// Linux's view of its interfaces, where every one (lo among them) has a directory.
const sysfs = () => process.platform === "linux" && existsSync("/sys/class/net/lo/flags");
