import { mkdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { freshInputs, hashInputs, sha256 } from "./inputs.ts";
import { privateDirProblem } from "./private-dir.ts";
import { readPrivateFile, writeFileAtomically } from "./private-file.ts";
import { traceOnce } from "./trace-once.ts";
import type { Extracted, Manifest } from "./types.ts";

// Bump when the manifest's shape or the extractor's output changes.
const SCHEMA = 20;

// $DK_CACHE_DIR, else $XDG_CACHE_HOME/dk, else ~/.cache/dk: never inside the user's source tree. A relative
// XDG_CACHE_HOME is ignored, as the XDG spec says: it would put the cache wherever dk was started.
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DK_CACHE_DIR) return resolve(env.DK_CACHE_DIR);
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), ".cache"), "dk");
}

/** Where compiled tasks modules are kept, below the cache dir. */
export function modulesDir(dir = cacheDir()): string {
  return join(dir, "modules");
}

// One cache file per tasks file, named by a hash of its absolute path.
export function cachePath(file: string, dir = cacheDir()): string {
  return join(dir, `${sha256(file).slice(0, 24)}.json`);
}

const CACHE_TODO = "set DK_CACHE_DIR to a directory only you can write";

/**
 * Whether dk may keep files in `dir` (created 0700 if missing): only if no other user can write there (traced when
 * not, once for each reason).
 */
export function usableCacheDir(dir: string, trace?: (message: string) => void): boolean {
  const problem = privateDirProblem(dir);
  // Said once: its modules/ below has the same problem, and the built-ins' manifest meets it too.
  if (problem !== undefined)
    traceOnce(trace, `cache: ${problem}`, `not using the cache in ${dir}: ${problem}; ${CACHE_TODO}`);
  return problem === undefined;
}

// The manifest in `path` if it is for `file`, this dk and the current content of every input.
// `sameFile: false` accepts a manifest built elsewhere (the built-ins', made at build time).
// For the package's own files: a user cache is read with readCachedManifest.
export function readFresh(path: string, file: string, dk: string, sameFile = true): Manifest | undefined {
  try {
    return freshManifest(readFileSync(path, "utf8"), file, dk, sameFile)?.manifest;
  } catch {
    return undefined;
  }
}

/**
 * A manifest in the user cache, as readFresh, but only from a file of this user that no one else can write;
 * `restamped` when an input had to be read (its stamp moved, its content did not): saving it spares that next time.
 */
export function readCachedManifest(
  path: string,
  file: string,
  dk: string,
  trace?: (message: string) => void,
): { manifest: Manifest; restamped: boolean } | undefined {
  const data = readPrivateFile(path, trace);
  return data === undefined ? undefined : freshManifest(data.toString("utf8"), file, dk, true);
}

function freshManifest(
  text: string,
  file: string,
  dk: string,
  sameFile: boolean,
): { manifest: Manifest; restamped: boolean } | undefined {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    return undefined;
  }
  if (manifest.schema !== SCHEMA || manifest.dk !== dk || (sameFile && manifest.file !== file)) return undefined;
  const inputs = freshInputs(file, manifest.inputs);
  return inputs ? { manifest: { ...manifest, file, inputs }, restamped: inputs !== manifest.inputs } : undefined;
}

// Hashes the inputs now, so an edit made while extracting shows up as stale next time.
export function toManifest(file: string, dk: string, extracted: Extracted): Manifest {
  const inputs = hashInputs(dirname(file), [file, ...extracted.inputs]);
  const { tasks, skipped, problem } = extracted;
  const extra = { ...(skipped?.length ? { skipped } : {}), ...(problem ? { problem } : {}) };
  return { schema: SCHEMA, dk, file, inputs, tasks, ...extra };
}

// The build's manifest of the built-ins, readable by every user of the package.
export function writeManifest(path: string, manifest: Manifest): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomically(path, JSON.stringify(manifest), 0o644);
}

/** Writes a manifest into the user cache (a directory usableCacheDir accepted): private to this user. */
export function writeCachedManifest(path: string, manifest: Manifest): void {
  writeFileAtomically(path, JSON.stringify(manifest), 0o600);
}
