import { createHmac, randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { matchPatternList } from "../resolve/patterns.ts";
import { localUser } from "../resolve/tokens.ts";
import { perFile } from "../file-cache.ts";
import { WireReader } from "../wire.ts";

/** One known_hosts line: its marker (`@cert-authority`, `@revoked`), host patterns, key type and key. */
type Entry = { readonly marker?: string; readonly hosts: string; readonly type: string; readonly key: string };

/** One file as last read: its entries, and the entries found for each name asked so far. */
type Read = { readonly entries: readonly Entry[]; readonly named: Map<string, readonly Entry[]> };

// A file as last read, re-read only when it changed (tofu appends while a run goes on).
const readOf = perFile((file): Read => {
  const entries: Entry[] = [];
  for (const raw of readFileSync(file, "utf8").split("\n")) {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === "" || fields[0].startsWith("#")) continue;
    const marker = fields[0].startsWith("@") ? fields.shift() : undefined;
    if (fields.length < 3) continue;
    entries.push({ ...(marker === undefined ? {} : { marker }), hosts: fields[0]!, type: fields[1]!, key: fields[2]! });
  }
  return { entries, named: new Map<string, readonly Entry[]>() };
});

// The entries of `file` that name `name`, found once per name and read of the file: a hashed entry costs an HMAC per
// name, and each host asks twice (the key types to offer, then the verdict).
function namedIn(file: string, name: string): readonly Entry[] {
  const read = readOf(file);
  if (read === undefined) return [];
  let found = read.named.get(name);
  if (found === undefined) {
    found = read.entries.filter((e) => names(e.hosts, name));
    read.named.set(name, found);
  }
  return found;
}

/** How OpenSSH names a host in known_hosts: its HostKeyAlias, else `name`, or `[name]:port` off port 22. */
export function knownHostsName(r: { hostname: string; port: number; hostKeyAlias: string | undefined }): string {
  return r.hostKeyAlias ?? (r.port === 22 ? r.hostname : `[${r.hostname}]:${r.port}`);
}

// Whether an entry's host field names `name`: a hashed `|1|salt|hmac`, or patterns with `!` negation.
function names(hosts: string, name: string): boolean {
  if (hosts.startsWith("|1|")) {
    const [, , salt, hash] = hosts.split("|");
    if (salt === undefined || hash === undefined) return false;
    return createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64") === hash;
  }
  return matchPatternList(name, hosts, true) === 1;
}

/** The entries that name `name`, in file order across `files`. */
export function entriesFor(files: readonly string[], name: string): Entry[] {
  return files.flatMap((file) => namedIn(file, name));
}

/** Whether any of `files` holds what native does not check as OpenSSH does: `@cert-authority` or `@revoked`. */
export function markerIn(files: readonly string[]): string | undefined {
  for (const file of files) {
    const entry = readOf(file)?.entries.find((e) => e.marker !== undefined);
    if (entry) return `${entry.marker} in ${file}`;
  }
  return undefined;
}

/** What the known hosts say of `key` (its wire blob) for `name`. */
export function verdict(files: readonly string[], name: string, blob: Buffer): "known" | "changed" | "unknown" {
  const type = keyType(blob);
  const same = entriesFor(files, name).filter((e) => e.marker === undefined && e.type === type);
  if (same.some((e) => e.key === blob.toString("base64"))) return "known";
  return same.length > 0 ? "changed" : "unknown";
}

/** The key types known for `name`, to offer those first (OpenSSH orders its host key algorithms so). */
export function knownTypes(files: readonly string[], name: string): string[] {
  return [...new Set(entriesFor(files, name).map((e) => e.type))];
}

/** Appends `name`'s key to `file` as `ssh` writes it (hashed with HashKnownHosts), so that ssh accepts it later. */
export function remember(file: string, name: string, blob: Buffer, hashed: boolean): boolean {
  let host = name;
  if (hashed) {
    const salt = randomBytes(20);
    host = `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
  }
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {
    // A new file.
  }
  const newline = text === "" || text.endsWith("\n") ? "" : "\n";
  try {
    // ssh makes ~/.ssh if it is missing, and no other directory.
    const dotSsh = join(localUser().home, ".ssh");
    if (dirname(file) === dotSsh && !existsSync(dotSsh)) mkdirSync(dotSsh, { mode: 0o700 });
    appendFileSync(file, `${newline}${host} ${keyType(blob)} ${blob.toString("base64")}\n`, { mode: 0o600 });
    return true;
  } catch {
    return false;
  }
}

/** The type named at the start of a key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`). */
export function keyType(blob: Buffer): string {
  return new WireReader(blob).string()?.toString("latin1") ?? "";
}

/** The modulus size of an `ssh-rsa` key blob in bits (what RequiredRSASize bounds), or undefined for another blob. */
export function rsaBits(blob: Buffer): number | undefined {
  // string "ssh-rsa", mpint e, mpint n (big-endian, a leading zero byte when its top bit is set).
  const wire = new WireReader(blob);
  if (wire.string()?.toString("latin1") !== "ssh-rsa" || wire.string() === undefined) return undefined;
  const n = wire.string();
  if (n === undefined) return undefined;
  const first = n.findIndex((byte) => byte !== 0);
  return first === -1 ? 0 : (n.length - first - 1) * 8 + (32 - Math.clz32(n[first]!));
}

/** The type as OpenSSH names it in messages: ED25519, ECDSA, RSA. */
export function keyTypeName(type: string): string {
  if (type === "ssh-ed25519") return "ED25519";
  if (type.startsWith("ecdsa-")) return "ECDSA";
  if (type === "ssh-rsa") return "RSA";
  if (type === "ssh-dss") return "DSA";
  return type.toUpperCase();
}
