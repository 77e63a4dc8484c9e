import type { Task } from "./types.ts";

// The task's function in its imported module: an export, or a property path inside one (`docs.build`).
export function taskFunction(module: Record<string, unknown>, task: Task): unknown {
  let value: unknown = module[task.exportName];
  for (const member of task.members ?? []) {
    value =
      typeof value === "object" || typeof value === "function"
        ? (value as Record<string, unknown> | null)?.[member]
        : undefined;
  }
  return value;
}
