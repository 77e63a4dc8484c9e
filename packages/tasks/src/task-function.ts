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

/**
 * What a task's call comes to: a generator task (`function*`, `async function*`) runs to its end, and what it yielded
 * is its result, an array, as `Array.fromAsync` would give; anything else is awaited as it is.
 */
export async function settled(value: unknown): Promise<unknown> {
  const tag = Object.prototype.toString.call(value);
  if (tag !== "[object Generator]" && tag !== "[object AsyncGenerator]") return await value;
  const yielded: unknown[] = [];
  for await (const item of value as AsyncIterable<unknown>) yielded.push(item);
  return yielded;
}
