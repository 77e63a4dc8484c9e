import { existsSync, readdirSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { matchPattern } from "./patterns.ts";
import { expandTilde, localUser, UnknownTokenError } from "./tokens.ts";

/**
 * The files an `Include` pattern names: `~` expanded, a relative one in ~/.ssh for a user's file, else /etc/ssh (whose
 * Include ssh refuses to start with `~`).
 */
export function includedFiles(pattern: string, userFile: boolean): string[] {
  if (!userFile && pattern.startsWith("~"))
    throw new UnknownTokenError(pattern, "~", "ssh's bad include path in a system file:");
  const path = expandTilde(pattern);
  return globFiles(isAbsolute(path) ? path : join(userFile ? join(localUser().home, ".ssh") : "/etc/ssh", path));
}

/**
 * The files an absolute `Include` pattern names, sorted as glob(3) sorts them: `*` and `?` in any path segment,
 * never matching a leading dot. A pattern without wildcards names itself if it exists. (Node 20 has no fs.glob.)
 */
export function globFiles(pattern: string): string[] {
  let paths = ["/"];
  for (const segment of pattern.split("/").filter((s) => s !== "")) {
    if (!/[*?]/.test(segment)) {
      paths = paths.map((p) => join(p, segment)).filter((p) => existsSync(p));
      continue;
    }
    paths = paths.flatMap((dir) => {
      try {
        return readdirSync(dir)
          .filter((name) => !name.startsWith(".") && matchPattern(name, segment))
          .map((name) => join(dir, name));
      } catch {
        return [];
      }
    });
  }
  return paths.sort();
}
