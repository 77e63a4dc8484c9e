import { dirname } from "node:path";
import { cachePath, readCachedManifest, toManifest, usableCacheDir, writeCachedManifest } from "./cache.ts";
import { LoadError } from "./errors.ts";
import type { Manifest } from "./types.ts";

export type LoadOptions = {
  readonly dk: string;
  /** Where to cache; defaults to the user cache dir. */
  readonly cacheFile?: string;
  /** Tasks known without the compiler (the built-ins' build-time manifest) if still fresh: cached on a miss. */
  readonly prebuilt?: () => Manifest | undefined;
  /** Reports what happened ("hit", "extracted") for --debug. */
  readonly trace?: (message: string) => void;
};

// The tasks of `file` from the cache when every input is unchanged; otherwise the compiler reads them (and
// the result, problems included, is cached). A cache another user could write is neither read nor written.
// Throws LoadError when the file cannot become tasks.
export async function loadManifest(
  file: string,
  { dk, cacheFile = cachePath(file), prebuilt, trace }: LoadOptions,
): Promise<Manifest> {
  const usable = usableCacheDir(dirname(cacheFile), trace);
  const cached = usable ? readCachedManifest(cacheFile, file, dk, trace) : undefined;
  trace?.(`${cached ? "cache hit" : "cache miss"}: ${cacheFile}${cached?.restamped ? " (restamped)" : ""}`);
  let manifest = cached?.manifest;
  if (cached?.restamped) saveQuietly(cacheFile, cached.manifest, trace);
  if (!manifest) {
    const ready = prebuilt?.();
    // Checked against the files as installed here, which freshInputs stamped anew: the copy saved in the user cache
    // spares later checks the reads.
    if (ready) manifest = ready;
    else {
      const { extractTasks } = await import("./extract/extract.ts");
      manifest = toManifest(file, dk, extractTasks(file));
    }
    if (usable) saveQuietly(cacheFile, manifest, trace);
  }
  if (manifest.problem) throw new LoadError(manifest.problem);
  return manifest;
}

// A read-only cache dir must not stop dk: it only makes the next run slower.
function saveQuietly(cacheFile: string, manifest: Manifest, trace?: (message: string) => void): void {
  try {
    writeCachedManifest(cacheFile, manifest);
  } catch (error) {
    trace?.(`cannot write the cache: ${(error as Error).message}`);
  }
}
