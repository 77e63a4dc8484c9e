import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll } from "vitest";

export const packageDir = fileURLToPath(new URL("../..", import.meta.url));

export const dkBin = join(packageDir, "bin", "dk.js");

// The tasks.ts of a checked-in fixture project.
export function fixture(name: string): string {
  return join(packageDir, "test", "fixtures", name, "tasks.ts");
}

let root: string | undefined;

// Registered in every test file that imports this helper: vitest ends its workers without an exit event.
afterAll(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

// A fresh temp directory, for caches and for fixture copies a test edits; removed after the test file.
export function tempDir(prefix = "dk-test-"): string {
  root ??= mkdtempSync(join(tmpdir(), "dk-tests-"));
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, prefix));
}

// A copy of a fixture project in a temp directory; returns the copy's tasks.ts.
export function copyFixture(name: string): string {
  const dir = tempDir(`dk-${name}-`);
  cpSync(join(packageDir, "test", "fixtures", name), dir, { recursive: true });
  return join(dir, "tasks.ts");
}
