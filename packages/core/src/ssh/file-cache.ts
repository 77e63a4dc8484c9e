import { statSync, type Stats } from "node:fs";

/**
 * `read` made to run once per file while stat says it is the same file: the same inode, mode, size and mtime (the size
 * too, as two appends within one tick of the kernel's file clock leave the same mtime). Every host of a run reads the
 * same config, key and known_hosts files. A file stat cannot reach gives undefined, and is asked again next time.
 */
export function perFile<T, A extends readonly unknown[] = []>(
  read: (file: string, stats: Stats, ...args: A) => T,
): (file: string, ...args: A) => T | undefined {
  const known = new Map<string, { readonly stamp: string; readonly value: T }>();
  return (file, ...args) => {
    let stats: Stats;
    try {
      stats = statSync(file);
    } catch {
      return undefined;
    }
    const stamp = `${stats.ino}:${stats.mode}:${stats.size}:${stats.mtimeMs}`;
    const hit = known.get(file);
    if (hit?.stamp === stamp) return hit.value;
    const value = read(file, stats, ...args);
    known.set(file, { stamp, value });
    return value;
  };
}
