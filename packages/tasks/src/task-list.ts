import { loadBuiltins } from "./builtins.ts";
import { loadManifest, type LoadOptions } from "./manifest.ts";
import type { ResolvedTask } from "./types.ts";

// User tasks first, then the built-ins a user task of the same name does not replace.
export async function resolveTasks(file: string | undefined, options: LoadOptions): Promise<ResolvedTask[]> {
  const user =
    file === undefined
      ? []
      : (await loadManifest(file, options)).tasks.map((task) => ({ ...task, file, builtin: false }));
  const builtins = await loadBuiltins(options);
  const taken = new Set(user.map((task) => task.name));
  const kept = builtins.tasks
    .filter((task) => !taken.has(task.name))
    .map((task) => ({ ...task, file: builtins.file, builtin: true }));
  return [...user, ...kept];
}
