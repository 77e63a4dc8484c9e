import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { matchPattern } from "./patterns.ts";

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
