import { randomBytes } from "node:crypto";
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { readsAsKey } from "./key-blob.ts";
import { entriesOf, hostEntry, names } from "./known-hosts.ts";

/** What the server's key list does to the user's known_hosts (hostkeys_find): keys to prove, keys to drop. */
export type HostKeysPlan = { readonly fresh: readonly number[]; readonly stale: number } | { readonly skip: string };

/**
 * As ssh's client_input_hostkeys weighs the server's `keys` for `name` against `files` (the user's known_hosts):
 * nothing to do, a reason it leaves the files alone, or the new keys (indexes into `keys`) and how many go.
 */
export function hostKeysPlan(files: readonly string[], name: string, keys: readonly Buffer[]): HostKeysPlan {
  const matched = keys.map(() => false);
  const stale: Buffer[] = [];
  const others: Buffer[] = [];
  let skip: string | undefined;
  for (const entry of files.flatMap((file) => entriesOf(file))) {
    const blob = Buffer.from(entry.key, "base64");
    const at = keys.findIndex((key) => key.equals(blob));
    if (!names(entry.hosts, name)) {
      if (at >= 0) skip ??= "a key of the server's is known under another name";
      others.push(blob);
    } else if (entry.marker !== undefined || complex(entry.hosts)) skip ??= "a marker, a wildcard or a host list";
    else if (at >= 0) matched[at] = true;
    else stale.push(blob);
  }
  const fresh = matched.flatMap((known, i) => (known ? [] : [i]));
  if (fresh.length === 0 && stale.length === 0) return { skip: "nothing new" };
  if (skip !== undefined) return { skip };
  // Keys to drop that are known under other names too: ssh keeps such a file as it is.
  if (stale.some((key) => others.some((other) => other.equals(key)))) return { skip: "a stale key has other names" };
  return { fresh, stale: stale.length };
}

// A wildcard, or more than `host,address` (ssh writes neither).
function complex(hosts: string): boolean {
  return /[*?]/.test(hosts) || hosts.split(",").length > 2;
}

/**
 * As ssh's hostfile_replace_entries: rewrites `file` without `name`'s plain entries for keys not in `keys`, then with
 * those of `keys` it lacked; the old file kept as `file.old`, the new one private. Throws what went wrong.
 */
export function replaceEntries(file: string, name: string, keys: readonly Buffer[], hashed: boolean): void {
  const lines = readFileSync(file, "utf8").split("\n");
  if (lines.at(-1) === "") lines.pop();
  const have = keys.map(() => false);
  let modified = false;
  const kept = lines.filter((line) => {
    const fields = line.trim().split(/\s+/);
    const [hosts, type, key] = fields;
    // Comments, markers, lines ssh cannot read and other hosts' stay.
    if (hosts === undefined || hosts.startsWith("#") || hosts.startsWith("@") || !names(hosts, name)) return true;
    if (type === undefined || key === undefined || !readsAsKey(type, key)) return true;
    const at = keys.findIndex((k) => k.equals(Buffer.from(key, "base64")));
    if (at >= 0) return (have[at] = true);
    return !(modified = true);
  });
  const added = keys.filter((_key, i) => !have[i]).map((key) => hostEntry(name, key, hashed));
  if (!modified && added.length === 0) return;
  const temp = `${file}.${randomBytes(8).toString("base64url").slice(0, 11)}`;
  const fd = openSync(temp, "wx", 0o600);
  try {
    writeSync(fd, [...kept, ...added].map((line) => `${line}\n`).join(""));
  } finally {
    closeSync(fd);
  }
  try {
    rmSync(`${file}.old`, { force: true });
    linkSync(file, `${file}.old`);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
