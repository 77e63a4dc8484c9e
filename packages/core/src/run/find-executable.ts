import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/** The executable file `name` on this machine's PATH (or `path`), or undefined. */
export function findExecutable(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter).filter((d) => d !== "")) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // Not here; the next PATH entry may have it.
    }
  }
  return undefined;
}
