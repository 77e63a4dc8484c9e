import { dirname, resolve } from "node:path";

/** `dir` and every directory above it, nearest first, up to the root: where Node and tools look for files. */
export function dirsUpward(dir: string): string[] {
  const dirs = [resolve(dir)];
  while (dirname(dirs.at(-1)!) !== dirs.at(-1)) dirs.push(dirname(dirs.at(-1)!));
  return dirs;
}
