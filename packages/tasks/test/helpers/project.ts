import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageDir, tempDir } from "./paths.ts";

/** Where this repository's packages are, by their name under @deploykit. */
export const packagePaths = { core: join(packageDir, "..", "core"), tasks: packageDir } as const;

/** A user's project in a temp directory: `files` written, and `linked` packages in its node_modules/@deploykit. */
export function userProject(
  prefix: string,
  files: Record<string, string>,
  linked: ReadonlyArray<keyof typeof packagePaths> = ["core"],
): string {
  const dir = realpathSync(tempDir(prefix));
  if (linked.length > 0) mkdirSync(join(dir, "node_modules", "@deploykit"), { recursive: true });
  for (const name of linked) symlinkSync(packagePaths[name], join(dir, "node_modules", "@deploykit", name));
  writeFiles(dir, files);
  return dir;
}

/** Writes `files` (paths relative to `dir`), creating their directories. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}
