import { createHmac, randomBytes } from "node:crypto";
import {
  appendFileSync,
  closeSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { localUser } from "../resolve/tokens.ts";
import { keyBlob, keyType } from "./key-blob.ts";
import { elsewhere, entriesFor, names } from "./known-hosts.ts";

/** What the server's key list does to the user's known_hosts (hostkeys_find): keys to prove, keys to drop. */
export type HostKeysPlan = { readonly fresh: readonly number[]; readonly stale: number } | { readonly skip: string };

/**
 * As ssh's client_input_hostkeys weighs the server's `keys` for `name` against `files` (the user's known_hosts):
 * nothing to do, a reason it leaves the files alone, or the new keys (indexes into `keys`) and how many go.
 */
export function hostKeysPlan(files: readonly string[], name: string, keys: readonly Buffer[]): HostKeysPlan {
  const sent = keys.map((key) => key.toString("base64"));
  const matched = sent.map(() => false);
  const stale: string[] = [];
  let skip: string | undefined;
  for (const entry of entriesFor(files, name)) {
    const at = sent.indexOf(entry.key);
    if (entry.marker !== undefined || complex(entry.hosts)) skip ??= "a marker, a wildcard or a host list";
    else if (at >= 0) matched[at] = true;
    else stale.push(entry.key);
  }
  const fresh = matched.flatMap((known, i) => (known ? [] : [i]));
  if (fresh.length === 0 && stale.length === 0) return { skip: "nothing new" };
  if (skip !== undefined) return { skip };
  if (sent.some((key) => elsewhere(files, name, key).length > 0))
    return { skip: "a key of the server's is known under another name" };
  // Keys to drop that are known under other names too: ssh keeps such a file as it is.
  if (stale.some((key) => elsewhere(files, name, key).length > 0)) return { skip: "a stale key has other names" };
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
    const blob = type === undefined || key === undefined ? undefined : keyBlob(type, key);
    if (blob === undefined) return true;
    const at = keys.findIndex((k) => k.equals(blob));
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
    // A new file is made as ssh's fopen makes it: 0666 less the umask.
    appendFileSync(file, `${newline}${hostEntry(name, blob, hashed)}\n`, { mode: 0o666 });
    return true;
  } catch {
    return false;
  }
}
