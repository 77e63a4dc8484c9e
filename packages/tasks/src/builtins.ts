import { join } from "node:path";
import { readFresh } from "./cache.ts";
import { loadManifest, type LoadOptions } from "./manifest.ts";
import { packageRoot } from "./package-info.ts";
import type { Manifest } from "./types.ts";

// The module that exports every built-in task; a built-in is registered by exporting it from there.
export function builtinsFile(): string {
  return join(packageRoot(), "src", "builtin", "tasks.ts");
}

// The manifest the build wrote next to the compiled CLI.
export function builtinsManifestPath(): string {
  return join(packageRoot(), "dist", "builtins.json");
}

// Built-in tasks through the user cache, like a user's tasks file; on a miss, from the build-time manifest if it is
// fresh, else read by the compiler (sources edited since the build).
export async function loadBuiltins(options: LoadOptions): Promise<Manifest> {
  const file = builtinsFile();
  const prebuilt = (): Manifest | undefined => {
    const built = readFresh(builtinsManifestPath(), file, options.dk, false);
    options.trace?.(built ? "built-ins: build-time manifest" : "built-ins: build-time manifest missing or stale");
    return built;
  };
  return loadManifest(file, { ...options, cacheFile: undefined, prebuilt });
}
