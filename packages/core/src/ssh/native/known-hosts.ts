import { createHmac, randomBytes } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { matchPatternList } from "../resolve/patterns.ts";
import { localUser } from "../resolve/tokens.ts";
import { perFile } from "../file-cache.ts";
import { keyType, readsAsKey } from "./key-blob.ts";

/** One known_hosts line: where it is, its marker (`@cert-authority`, `@revoked`), host patterns, key type and key. */
export type Entry = {
  readonly file: string;
  readonly line: number;
  readonly marker?: string;
  readonly hosts: string;
  readonly type: string;
  readonly key: string;
};

/** One file as last read: its entries, and the entries found for each name asked so far. */
type Read = { readonly entries: readonly Entry[]; readonly named: Map<string, readonly Entry[]> };

// A file as last read, re-read only when it changed (tofu appends while a run goes on).
const readOf = perFile((file): Read => {
  const entries: Entry[] = [];
  for (const [index, raw] of readFileSync(file, "utf8").split("\n").entries()) {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === "" || fields[0].startsWith("#")) continue;
    const marker = fields[0].startsWith("@") ? fields.shift() : undefined;
    const [hosts, type, key] = fields;
    // A line ssh cannot read as a key, it skips (a marker it does not know included, as a bad one).
    if (hosts === undefined || type === undefined || key === undefined || !readsAsKey(type, key)) continue;
    entries.push({ file, line: index + 1, ...(marker === undefined ? {} : { marker }), hosts, type, key });
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

/** The key lines of `file` ssh reads, in order (none when it cannot be read). */
export function entriesOf(file: string): readonly Entry[] {
  return readOf(file)?.entries ?? [];
}

/** Whether an entry's host field names `name`: a hashed `|1|salt|hmac`, or patterns with `!` negation. */
export function names(hosts: string, name: string): boolean {
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

/** What the known hosts say of `name`'s key `blob`: a changed key comes with the entry ssh names as offending. */
export type Verdict =
  | { readonly seen: "known"; readonly found: Entry }
  | { readonly seen: "unknown" }
  | { readonly seen: "changed"; readonly offending: Entry };

/**
 * As ssh's check_key_in_hostkeys: known when an entry holds the key (the first that does); changed when any other key
 * is known for the name, of whatever type (the last such entry is the offending one); else unknown.
 */
export function verdict(files: readonly string[], name: string, blob: Buffer): Verdict {
  const plain = entriesFor(files, name).filter((e) => e.marker === undefined);
  const found = plain.find((e) => Buffer.from(e.key, "base64").equals(blob));
  if (found !== undefined) return { seen: "known", found };
  const offending = plain.at(-1);
  return offending === undefined ? { seen: "unknown" } : { seen: "changed", offending };
}

/** The key types known for `name`, to offer those first (OpenSSH orders its host key algorithms so). */
export function knownTypes(files: readonly string[], name: string): string[] {
  return [...new Set(entriesFor(files, name).map((e) => e.type))];
}

/** `name`'s key as ssh writes its line: the name hashed under HashKnownHosts. */
export function hostEntry(name: string, blob: Buffer, hashed: boolean): string {
  let host = name;
  if (hashed) {
    const salt = randomBytes(20);
    host = `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
  }
  return `${host} ${keyType(blob)} ${blob.toString("base64")}`;
}

/** Appends `name`'s key to `file` as `ssh` writes it (hashed with HashKnownHosts), so that ssh accepts it later. */
export function remember(file: string, name: string, blob: Buffer, hashed: boolean): boolean {
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
    appendFileSync(file, `${newline}${hostEntry(name, blob, hashed)}\n`, { mode: 0o600 });
    return true;
  } catch {
    return false;
  }
}
