import { LoadError } from "./errors.ts";
import type { LoadProblem, Task } from "./types.ts";

/** Every name a task answers to: its own, then its aliases. */
export function namesOf(task: Task): string[] {
  return [task.name, ...(task.aliases ?? [])];
}

/** The namespace a dotted name sits in (`docs.api.build` → `docs.api`); "" at the top. */
export function namespaceOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot === -1 ? "" : name.slice(0, dot);
}

/**
 * The task a word names: a name, an alias, or a namespace (`""` for bare `dk`) that has a default task. A namespace
 * with two default tasks names neither: a LoadError (exit 2) saying which; each still runs by its name.
 */
export function findTask<T extends Task>(tasks: readonly T[], word: string): T | undefined {
  const named = tasks.find((task) => namesOf(task).includes(word));
  if (named !== undefined) return named;
  const defaults = tasks.filter((task) => task.default === true && namespaceOf(task.name) === word);
  if (defaults.length > 1) throw new LoadError(twoDefaults(defaults));
  return defaults[0];
}

/** The problem of each namespace with more than one default task (`dk --list` shows them). */
export function ambiguousDefaults(tasks: readonly Task[]): LoadProblem[] {
  const spaces = new Map<string, Task[]>();
  for (const task of tasks.filter((candidate) => candidate.default === true)) {
    const space = namespaceOf(task.name);
    spaces.set(space, [...(spaces.get(space) ?? []), task]);
  }
  return [...spaces.values()].filter((defaults) => defaults.length > 1).map(twoDefaults);
}

function twoDefaults(defaults: readonly Task[]): LoadProblem {
  const space = namespaceOf(defaults[0]!.name);
  const where = space === "" ? "the top level" : `namespace "${space}"`;
  const count = defaults.length === 2 ? "two" : String(defaults.length);
  const names = defaults.map((task) => `"${task.name}"`);
  // A resolved task knows its module; the extractor's tasks are all of the one file it reads.
  const file = "file" in defaults[0]! ? String(defaults[0].file) : "";
  return {
    file,
    message: `${where} has ${count} default tasks, ${names.join(" and ")}; keep one (each still runs by its name)`,
    usage: true,
  };
}
