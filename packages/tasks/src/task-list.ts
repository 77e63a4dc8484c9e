import { loadBuiltins } from "./builtins.ts";
import { loadManifest, type LoadOptions } from "./manifest.ts";
import type { ResolvedTask, Skipped } from "./types.ts";

// User tasks first, then the built-ins a user task of the same name does not replace; and the user's exports
// that are not tasks.
export async function resolveTasks(
  file: string | undefined,
  options: LoadOptions,
): Promise<{ tasks: ResolvedTask[]; skipped: readonly Skipped[] }> {
  const manifest = file === undefined ? undefined : await loadManifest(file, options);
  const user = manifest?.tasks.map((task) => ({ ...task, file: file!, builtin: false })) ?? [];
  const builtins = await loadBuiltins(options);
  const taken = new Set(user.flatMap((task) => [task.name, ...(task.aliases ?? [])]));
  const kept = builtins.tasks
    .filter((task) => !taken.has(task.name))
    .map((task) => ({ ...task, file: builtins.file, builtin: true }));
  return { tasks: [...user, ...kept], skipped: manifest?.skipped ?? [] };
}
