import type { Task } from "./types.ts";

/** Every name a task answers to: its own, then its aliases. */
export function namesOf(task: Task): string[] {
  return [task.name, ...(task.aliases ?? [])];
}

/** The namespace a dotted name sits in (`docs.api.build` → `docs.api`); "" at the top. */
export function namespaceOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot === -1 ? "" : name.slice(0, dot);
}

/** The task a word names: a name, an alias, or a namespace (`""` for bare `dk`) that has a default task. */
export function findTask<T extends Task>(tasks: readonly T[], word: string): T | undefined {
  return (
    tasks.find((task) => namesOf(task).includes(word)) ??
    tasks.find((task) => task.default === true && namespaceOf(task.name) === word)
  );
}
