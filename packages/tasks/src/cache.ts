import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import type { Extracted, Manifest } from "./types.ts";

// Bump when the manifest's shape or the extractor's output changes.
const SCHEMA = 2;

// $DK_CACHE_DIR, else $XDG_CACHE_HOME/dk, else ~/.cache/dk: never inside the user's source tree.
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DK_CACHE_DIR) return resolve(env.DK_CACHE_DIR);
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "dk");
}

// One cache file per tasks file, named by a hash of its absolute path.
export function cachePath(file: string, dir = cacheDir()): string {
  return join(dir, `${sha256(file).slice(0, 24)}.json`);
}

// The manifest in `path` if it is for `file`, this dk and the current content of every input.
// `sameFile: false` accepts a manifest built elsewhere (the built-ins', made at build time).
export function readFresh(path: string, file: string, dk: string, sameFile = true): Manifest | undefined {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
  if (manifest.schema !== SCHEMA || manifest.dk !== dk || (sameFile && manifest.file !== file)) return undefined;
  return inputsFresh(dirname(file), manifest.inputs) ? { ...manifest, file } : undefined;
}

/** Every input (a path relative to `base`) still has the content it was hashed with, or is still absent. */
export function inputsFresh(base: string, inputs: Manifest["inputs"]): boolean {
  return inputs.every((input) => (hashFile(resolve(base, input.path)) ?? "") === input.hash);
}

/** `files` as inputs: paths relative to `base`, with the sha256 of their content now ("" for a file that is absent). */
export function hashInputs(base: string, files: readonly string[]): Manifest["inputs"] {
  return [...new Set(files)].map((input) => ({ path: relative(base, input), hash: hashFile(input) ?? "" }));
}

// Hashes the inputs now, so an edit made while extracting shows up as stale next time.
export function toManifest(file: string, dk: string, extracted: Extracted): Manifest {
  const inputs = hashInputs(dirname(file), [file, ...extracted.inputs]);
  const { tasks, problem } = extracted;
  return { schema: SCHEMA, dk, file, inputs, tasks, ...(problem ? { problem } : {}) };
}

// Writes atomically (rename) so a concurrent dk never reads half a file.
export function writeManifest(path: string, manifest: Manifest): void {
  writeAtomically(path, JSON.stringify(manifest));
}

/** Writes `path` through a temporary file and a rename, creating its directory. */
export function writeAtomically(path: string, data: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

function hashFile(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}

export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}
