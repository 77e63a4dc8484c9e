import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

/** The rsync executable on this machine's PATH, or undefined. */
export function findRsync(path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter).filter((d) => d !== "")) {
    const file = join(dir, "rsync");
    try {
      accessSync(file, constants.X_OK);
      if (statSync(file).isFile()) return file;
    } catch {
      // Not here; the next PATH entry may have it.
    }
  }
  return undefined;
}
