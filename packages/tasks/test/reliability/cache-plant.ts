import { createHash } from "node:crypto";
import { chownSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { DkResult } from "../helpers/dk.ts";
import { packageDir } from "../helpers/paths.ts";

/** Another local account: tests run as root, so "another user" owns what it planted (nobody). */
export const OTHER_USER = 65534;

/** This dk's version, which cached records name. */
export const DK_VERSION = (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string })
  .version;

/**
 * A tasks file whose `hello` prints "genuine hello" and whose `wipe` writes `marker`: a planted record may point
 * `hello` at it.
 */
export function genuineTasks(marker: string): string {
  return `import { writeFileSync } from "node:fs";
/** Says hello. */
export function hello() {
  console.log("genuine hello");
}
/** Must never run in these tests. */
export function wipe() {
  writeFileSync(${JSON.stringify(marker)}, "wiped");
}
`;
}

/** A compiled module as another user would plant it: importing it writes `marker`. */
export function plantedModule(marker: string): string {
  return (
    `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "planted");\n` +
    `export function hello() {\n  console.log("planted hello");\n}\n`
  );
}

export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The compiled module (and its record beside it) that `dk --debug` says it compiled or used. */
export function compiledModule(result: DkResult): { module: string; record: string } {
  const module = /dk: tasks file: compiled (?:to |module )(\S+\.mjs)/.exec(result.stderr)?.[1];
  expect(module, said(result)).toBeDefined();
  return { module: module!, record: module!.replace(/\.mjs$/, ".json") };
}

/** Rewrites a JSON file through `edit`, keeping its inode (and so its owner and mode). */
export function editJson(path: string, edit: (value: Record<string, unknown>) => void): void {
  const value = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  edit(value);
  writeFileSync(path, JSON.stringify(value));
}

/** Swaps the module's bytes for planted code, and makes its record name their hash, if the record keeps one. */
export function swapModule(paths: { module: string; record: string }, marker: string): void {
  const code = plantedModule(marker);
  writeFileSync(paths.module, code);
  editJson(paths.record, (record) => {
    if ("sha256" in record) record.sha256 = sha256(code);
  });
}

/** Hands `paths` to the other user, as if that user had made them. */
export function giveAway(...paths: string[]): void {
  for (const path of paths) chownSync(path, OTHER_USER, OTHER_USER);
}

/** dk's stderr without stack frames, for assertion messages: vitest would read the files the frames name. */
export function said(result: DkResult): string {
  return result.stderr.replace(/^\s+at .*\n?/gm, "");
}

/** The task ran as written, and nothing planted did. */
export function expectGenuine(result: DkResult, marker: string): void {
  expect(result.stdout, said(result)).toBe("genuine hello\n");
  expect(result.code).toBe(0);
  expect(existsSync(marker)).toBe(false);
}
