import { namespaceOf } from "../lookup.ts";
import type { ResolvedTask } from "../types.ts";

/** Tasks by namespace: `docs.build` sits in the namespace `docs`, inside the top level `""`. */
export type Tree = {
  readonly name: string;
  readonly tasks: readonly ResolvedTask[];
  readonly namespaces: readonly Tree[];
};

/** The namespace `name` and everything inside it, in the tasks' order; undefined when no task is in it. */
export function subtree(tasks: readonly ResolvedTask[], name: string): Tree | undefined {
  const inside = name === "" ? tasks : tasks.filter((task) => task.name.startsWith(`${name}.`));
  if (name !== "" && inside.length === 0) return undefined;
  const depth = name === "" ? 0 : name.split(".").length;
  const children = [
    ...new Set(
      inside
        .filter((task) => namespaceOf(task.name) !== name)
        .map((task) =>
          task.name
            .split(".")
            .slice(0, depth + 1)
            .join("."),
        ),
    ),
  ];
  return {
    name,
    tasks: inside.filter((task) => namespaceOf(task.name) === name),
    namespaces: children.map((child) => subtree(tasks, child)!),
  };
}
