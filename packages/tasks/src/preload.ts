import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

// Core's plain-JavaScript dependencies, loaded before tsx registers its hooks: on Node 20 those hooks run
// off-thread and make every module imported after them slower (about 0.1 s for these, measured).
const CORE_DEPENDENCIES = ["execa", "p-map", "picocolors"];

/** Imports core's heavy dependencies from where core itself will resolve them; silently skips what it cannot find. */
export async function preloadCoreDependencies(): Promise<void> {
  let fromCore: NodeJS.Require;
  try {
    fromCore = createRequire(createRequire(import.meta.url).resolve("@deploykit/core"));
  } catch {
    return;
  }
  await Promise.all(
    CORE_DEPENDENCIES.map(async (name) => {
      try {
        await import(pathToFileURL(fromCore.resolve(name)).href);
      } catch {
        // Core will report a missing dependency itself, with its own message.
      }
    }),
  );
}
