import { LoadError } from "../errors.ts";
import { findTask, namesOf, namespaceOf } from "../lookup.ts";
import { didYouMean } from "../suggest.ts";
import type { Task } from "../types.ts";

// Resolves every @pre/@post name to its task's own name (dotted from the top, or relative to the task's
// namespace), and checks what only the whole file shows: one task per name, one default per namespace, no cycle.
export function linkTasks(tasks: readonly Task[], file: string): Task[] {
  const fail = (message: string) => new LoadError({ file, message, usage: true });
  const owners = new Map<string, Task>();
  // As written in the file: two exports differing in case or `_` share a kebab-case name.
  const written = (task: Task) => [task.exportName, ...(task.members ?? [])].join(".");
  for (const task of tasks) {
    for (const name of namesOf(task)) {
      const other = owners.get(name);
      if (other !== undefined)
        throw fail(`two tasks are named "${name}" (${written(other)} and ${written(task)}); rename one`);
      owners.set(name, task);
    }
  }
  const defaults = new Map<string, string>();
  for (const task of tasks.filter((candidate) => candidate.default)) {
    const space = namespaceOf(task.name);
    const other = defaults.get(space);
    const where = space === "" ? "the top level" : `namespace "${space}"`;
    if (other !== undefined) throw fail(`${where} has two default tasks, "${other}" and "${task.name}"; keep one`);
    defaults.set(space, task.name);
  }
  const linked = tasks.map((task) => {
    const resolve = (tag: string) => (word: string) => {
      const space = namespaceOf(task.name);
      const target = (space === "" ? undefined : findTask(tasks, `${space}.${word}`)) ?? findTask(tasks, word);
      if (!target) {
        const hint = didYouMean(word, tasks.flatMap(namesOf));
        throw fail(`task "${task.name}": @${tag} names "${word}", which is not a task${hint}`);
      }
      return target.name;
    };
    return {
      ...task,
      ...(task.pre ? { pre: task.pre.map(resolve("pre")) } : {}),
      ...(task.post ? { post: task.post.map(resolve("post")) } : {}),
    };
  });
  checkCycles(linked, fail);
  return linked;
}

// A task that needs itself through @pre/@post, named with the whole loop: `a → b → a`.
function checkCycles(tasks: readonly Task[], fail: (message: string) => LoadError): void {
  const edges = new Map(tasks.map((task) => [task.name, [...(task.pre ?? []), ...(task.post ?? [])]]));
  const done = new Set<string>();
  const visit = (name: string, path: readonly string[]): void => {
    if (path.includes(name)) {
      const loop = [...path.slice(path.indexOf(name)), name];
      throw fail(`@pre/@post form a cycle: ${loop.join(" → ")}; remove one of these tags`);
    }
    if (done.has(name)) return;
    for (const next of edges.get(name) ?? []) visit(next, [...path, name]);
    done.add(name);
  };
  for (const task of tasks) visit(task.name, []);
}
