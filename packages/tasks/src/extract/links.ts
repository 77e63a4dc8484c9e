import { LoadError } from "../errors.ts";
import { findTask, namesOf, namespaceOf } from "../lookup.ts";
import { didYouMean } from "../suggest.ts";
import type { LoadProblem, Task } from "../types.ts";

/** A problem of the command line located at a task's function. */
export type ProblemAt = (task: Task, message: string) => LoadProblem;

// Resolves every @pre/@post name to its task's own name (dotted from the top, or relative to the task's
// namespace), and checks what only the whole file shows: one task per name, no cycle. Each problem is the problem
// of the tasks involved, so the others still list and run; two defaults are the bare word's (lookup.ts).
export function linkTasks(tasks: readonly Task[], at: ProblemAt): Task[] {
  const found = new Map<Task, LoadProblem[]>(tasks.map((task) => [task, []]));
  for (const [name, owners] of nameOwners(tasks)) {
    if (owners.length < 2) continue;
    const message = `two tasks are named "${name}" (${owners.map(written).join(" and ")}); rename one`;
    for (const task of owners) found.get(task)!.push(at(task, message));
  }
  const linked = tasks.map((task) => {
    const resolve = (tag: string) => (words: readonly string[]) =>
      words.flatMap((word) => {
        const target = linkedTask(tasks, task, word);
        if (typeof target === "string") return [target];
        const why = target.ambiguous ?? `which is not a task${didYouMean(word, tasks.flatMap(namesOf))}`;
        found.get(task)!.push(at(task, `task "${task.name}": @${tag} names "${word}", ${why}`));
        return [];
      });
    return {
      ...task,
      ...(task.pre ? { pre: resolve("pre")(task.pre) } : {}),
      ...(task.post ? { post: resolve("post")(task.post) } : {}),
    };
  });
  for (const [index, loop] of cycles(linked)) {
    const message = `task "${loop[0]}": @pre/@post form a cycle: ${loop.join(" → ")}; remove one of these tags`;
    found.get(tasks[index]!)!.push(at(tasks[index]!, message));
  }
  return linked.map((task, index) => {
    const problems = [...(task.problems ?? []), ...found.get(tasks[index]!)!];
    return problems.length === 0 ? task : { ...task, problems: problems as [LoadProblem, ...LoadProblem[]] };
  });
}

// As written in the file: two exports differing in case or `_` share a kebab-case name.
function written(task: Task): string {
  return [task.exportName, ...(task.members ?? [])].join(".");
}

function nameOwners(tasks: readonly Task[]): Map<string, Task[]> {
  const owners = new Map<string, Task[]>();
  for (const task of tasks) {
    for (const name of namesOf(task)) owners.set(name, [...(owners.get(name) ?? []), task]);
  }
  return owners;
}

// The full name a @pre/@post word names (the task's own namespace first, then from the top), or why a word naming a
// namespace with two defaults names none; `{}` when it names nothing.
function linkedTask(tasks: readonly Task[], task: Task, word: string): string | { ambiguous?: string } {
  try {
    const space = namespaceOf(task.name);
    const target = (space === "" ? undefined : findTask(tasks, `${space}.${word}`)) ?? findTask(tasks, word);
    return target === undefined ? {} : target.name;
  } catch (error) {
    if (error instanceof LoadError) return { ambiguous: `but ${error.problem.message}` };
    throw error;
  }
}

// Each task that needs itself through @pre/@post, by index, with its loop from itself: `a → b → a`. Bounded: one
// breadth-first walk per task.
function cycles(tasks: readonly Task[]): [number, string[]][] {
  const edges = new Map(tasks.map((task) => [task.name, [...(task.pre ?? []), ...(task.post ?? [])]]));
  const loops: [number, string[]][] = [];
  for (const [index, { name }] of tasks.entries()) {
    const from = new Map<string, string>();
    const queue = [name];
    for (let head = 0; head < queue.length && !from.has(name); head++) {
      for (const next of edges.get(queue[head]!) ?? []) {
        if (from.has(next)) continue;
        from.set(next, queue[head]!);
        queue.push(next);
      }
    }
    if (!from.has(name)) continue;
    const loop = [name];
    for (let step = from.get(name)!; step !== name; step = from.get(step)!) loop.unshift(step);
    loops.push([index, [name, ...loop]]);
  }
  return loops;
}
