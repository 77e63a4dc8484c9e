import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { extractTasks } from "../../src/extract/extract.ts";
import { tempDir } from "./paths.ts";

/** Writes `files` (tasks.ts first) into a temp project and extracts its tasks. */
export function extract(files: Record<string, string>) {
  const dir = tempDir("dk-signature-");
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), source);
  }
  return { dir, ...extractTasks(join(dir, "tasks.ts")) };
}
