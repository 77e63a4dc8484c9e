import { readFileSync } from "node:fs";
import { matchPatternList } from "../resolve/patterns.ts";
import { perFile } from "../file-cache.ts";
import { HashedName, paddedName } from "./hashed-name.ts";
import { keyBlob } from "./key-blob.ts";

/** One known_hosts line: where it is, its marker (`@cert-authority`, `@revoked`), host patterns, key type and key. */
export type Entry = {
  readonly file: string;
  readonly line: number;
  readonly marker?: string;
  readonly hosts: string;
  readonly type: string;
  readonly key: string;
};

/** One file as last read: its entries, those of each key, and the entries found for each name asked so far. */
type Read = {
  readonly entries: readonly Entry[];
  readonly byKey: Map<string, Entry[]>;
  readonly named: Map<string, readonly Entry[]>;
  /** Each hashed entry's matcher, made when a name is first looked for (null: a malformed hash, which names none). */
  readonly hashed: Map<Entry, HashedName | null>;
};

const REVOKED = "@revoked";
const MARKERS = new Set(["@cert-authority", REVOKED]);

// A file as last read, re-read only when it changed (tofu appends while a run goes on).
const readOf = perFile((file): Read => {
  const entries: Entry[] = [];
  const byKey = new Map<string, Entry[]>();
  for (const [index, raw] of readable(file).split("\n").entries()) {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === undefined || fields[0] === "" || fields[0].startsWith("#")) continue;
    const marker = fields[0].startsWith("@") ? fields.shift() : undefined;
    // As ssh's hostfile.c: a marker it does not know (`@foo`, `@Revoked`) makes it skip the line, trusting nothing.
    if (marker !== undefined && !MARKERS.has(marker)) continue;
    const [hosts, type, written] = fields;
    // A line ssh cannot read as a key, it skips.
    const blob = type === undefined || written === undefined ? undefined : keyBlob(type, written);
    if (hosts === undefined || type === undefined || blob === undefined) continue;
    // The key as the wire's base64 writes it, to compare with what servers send.
    const key = blob.toString("base64");
    const entry = { file, line: index + 1, ...(marker === undefined ? {} : { marker }), hosts, type, key };
    entries.push(entry);
    const same = byKey.get(key);
    if (same === undefined) byKey.set(key, [entry]);
    else same.push(entry);
  }
  return { entries, byKey, named: new Map<string, readonly Entry[]>(), hashed: new Map<Entry, HashedName | null>() };
});

// As ssh's load_hostkeys_file: a file it cannot read (a directory, no permission) holds no entries.
function readable(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

// The entries of `file` that name `name`, found once per name and read of the file: a hashed entry costs an HMAC per
// name (hashed-name.ts), and each host asks more than once (the key types to offer, the verdict, UpdateHostKeys).
function namedIn(file: string, name: string): readonly Entry[] {
  const read = readOf(file);
  if (read === undefined) return [];
  let found = read.named.get(name);
  if (found === undefined) {
    let padded: Int32Array | undefined;
    found = read.entries.filter((e) => {
      if (!e.hosts.startsWith("|")) return matchPatternList(name, e.hosts, true) === 1;
      return hashedOf(read, e)?.names((padded ??= paddedName(name))) === true;
    });
    read.named.set(name, found);
  }
  return found;
}

// A hashed entry's matcher, made once per read of its file; null for a malformed one, a line ssh skips for every name.
function hashedOf(read: Read, e: Entry): HashedName | null {
  let hashed = read.hashed.get(e);
  if (hashed === undefined) read.hashed.set(e, (hashed = HashedName.of(e.hosts) ?? null));
  return hashed;
}

/** How OpenSSH names a host in known_hosts: its HostKeyAlias, else `name`, or `[name]:port` off port 22. */
export function knownHostsName(r: { hostname: string; port: number; hostKeyAlias: string | undefined }): string {
  return r.hostKeyAlias ?? (r.port === 22 ? r.hostname : `[${r.hostname}]:${r.port}`);
}

/**
 * The entries of `files` that hold `key` (its base64) under another name than `name`: found by key, so that a host's
 * login does not weigh every line again (the entries naming `name` are found once, for its key check).
 */
export function elsewhere(files: readonly string[], name: string, key: string): Entry[] {
  const named = entriesFor(files, name);
  return files.flatMap((file) => {
    const read = readOf(file);
    if (read === undefined) return [];
    // Not on a line ssh skips (hostkeys_find sees no key there): a malformed hashed name.
    const counted = (e: Entry) => !e.hosts.startsWith("|") || hashedOf(read, e) !== null;
    return (read.byKey.get(key) ?? []).filter((e) => !named.includes(e) && counted(e));
  });
}

/** Whether an entry's host field names `name`: a hashed `|1|salt|hmac`, or patterns with `!` negation. */
export function names(hosts: string, name: string): boolean {
  // As ssh's match_maybe_hashed: any field that starts with `|` is a hash (a malformed one names no host).
  if (hosts.startsWith("|")) return HashedName.of(hosts)?.names(paddedName(name)) === true;
  return matchPatternList(name, hosts, true) === 1;
}

/** The entries that name `name`, in file order across `files`. */
export function entriesFor(files: readonly string[], name: string): Entry[] {
  return files.flatMap((file) => namedIn(file, name));
}

/**
 * Whether `files` hold, for `name`, what native does not check as ssh: a `@cert-authority` line; ssh reads only the
 * lines that name the host, so one for other hosts changes nothing.
 */
export function markerIn(files: readonly string[], name: string): string | undefined {
  const entry = entriesFor(files, name).find((e) => e.marker !== undefined && e.marker !== REVOKED);
  return entry === undefined ? undefined : `${entry.marker} in ${entry.file}`;
}

/** What the known hosts say of `name`'s key `blob`: a changed key comes with the entry ssh names as offending. */
export type Verdict =
  | { readonly seen: "known"; readonly found: Entry }
  | { readonly seen: "unknown" }
  | { readonly seen: "changed"; readonly offending: Entry }
  | { readonly seen: "revoked" };

/**
 * As ssh's check_key_in_hostkeys: revoked when a `@revoked` entry for the name holds the key, whatever else does;
 * known when an entry holds the key (the first that does); changed when any other key is known for the name, of
 * whatever type (the last such entry is the offending one); else unknown.
 */
export function verdict(files: readonly string[], name: string, blob: Buffer): Verdict {
  const named = entriesFor(files, name);
  const key = blob.toString("base64");
  if (named.some((e) => e.marker === REVOKED && e.key === key)) return { seen: "revoked" };
  const plain = named.filter((e) => e.marker === undefined);
  const found = plain.find((e) => e.key === key);
  if (found !== undefined) return { seen: "known", found };
  const offending = plain.at(-1);
  return offending === undefined ? { seen: "unknown" } : { seen: "changed", offending };
}
