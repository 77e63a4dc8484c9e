import { existsSync, readdirSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { fnmatch, hasMagic, unquoted } from "./fnmatch.ts";
import { expandTilde, localUser, UnknownTokenError } from "./tokens.ts";

/**
 * The files an `Include` pattern names, as ssh globs it (GLOB_TILDE): a relative one in ~/.ssh for a user's file, else
 * /etc/ssh (whose Include ssh refuses to start with `~`). glob's `~` is $HOME, unlike ssh's other paths (passwd's).
 */
export function includedFiles(pattern: string, userFile: boolean): string[] {
  if (!userFile && pattern.startsWith("~"))
    throw new UnknownTokenError(pattern, "~", "ssh's bad include path in a system file:");
  const anchored =
    isAbsolute(pattern) || pattern.startsWith("~") ? pattern : join(userFile ? "~/.ssh" : "/etc/ssh", pattern);
  return globFiles(globTilde(anchored));
}

// glob(3)'s GLOB_TILDE: a bare `~` is $HOME (passwd's home when that is unset or empty), `~user` that user's home.
function globTilde(path: string): string {
  if (!/^~(\/|$)/.test(path)) return expandTilde(path);
  const home = process.env.HOME || localUser().home;
  return `${home}${path.slice(1)}`;
}

/**
 * The files an absolute `Include` pattern names, as glob(3) finds them: `*`, `?` and `[…]` in any path segment (a
 * leading dot matched only by a dot, `.` and `..` too), `\` quoting; sorted by their bytes (ssh's LC_COLLATE is C).
 */
export function globFiles(pattern: string): string[] {
  let paths = ["/"];
  for (const segment of pattern.split("/").filter((s) => s !== "")) {
    if (!hasMagic(segment)) {
      paths = paths.map((p) => under(p, unquoted(segment))).filter((p) => existsSync(p));
      continue;
    }
    paths = paths.flatMap((dir) => {
      try {
        return [".", "..", ...readdirSync(dir)]
          .filter((name) => fnmatch(segment, name))
          .map((name) => under(dir, name));
      } catch {
        return [];
      }
    });
  }
  return paths.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

// As glob writes a path: the directory, a slash, the name (nothing made shorter).
function under(dir: string, name: string): string {
  return `${dir === "/" ? "" : dir}/${name}`;
}
