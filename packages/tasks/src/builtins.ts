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

// Built-in tasks from the build-time manifest; if it is missing or stale (sources edited since the build),
// they are read like a user's tasks file, through the user cache.
export async function loadBuiltins(options: LoadOptions): Promise<Manifest> {
  const file = builtinsFile();
  const built = readFresh(builtinsManifestPath(), file, options.dk, false);
  options.trace?.(built ? "built-ins: build-time manifest" : "built-ins: build-time manifest missing or stale");
  return built ?? loadManifest(file, { ...options, cacheFile: undefined });
}
