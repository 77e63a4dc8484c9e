import { deprecatedWords } from "../deprecated.ts";
import { UsageError } from "../errors.ts";
import { ambiguousDefaults, namesOf } from "../lookup.ts";
import { didYouMean } from "../suggest.ts";
import type { LoadProblem, ResolvedTask, Skipped } from "../types.ts";
import { displayPath } from "./display-path.ts";
import { taskSummary } from "./summary.ts";
import { table } from "./table.ts";
import { subtree, type Tree } from "./tree.ts";
import { wrapText } from "./wrap.ts";

export type ListOptions = {
  /** `dk --list docs`: only that namespace. */
  readonly namespace?: string | undefined;
  /** `--all` (or `--debug`): the exports that are not tasks too, with the reason. */
  readonly skipped?: readonly Skipped[] | undefined;
  /** How many exports are not tasks, when they are not shown. */
  readonly hidden?: number;
  /** The columns lines may take (a terminal's); none: lines are never broken. */
  readonly width?: number | undefined;
};

// The task list: user tasks as a tree of namespaces, then built-ins, each with the first line of its doc.
export function listText(
  tasks: readonly ResolvedTask[],
  file: string | undefined,
  cwd: string,
  options: ListOptions = {},
): string {
  const tree = pick(
    tasks.filter((task) => !task.builtin),
    options.namespace,
  );
  const builtin = options.namespace === undefined ? tasks.filter((task) => task.builtin) : [];
  const { width } = options;
  const sections: string[] = [];
  if (file === undefined) {
    sections.push("No tasks.ts in this directory or any parent (create one, or pass -f FILE).");
  } else {
    const where = options.namespace === undefined ? "" : `, namespace ${options.namespace}`;
    const heading = `Tasks in ${displayPath(file, cwd)}${where}:`;
    const rows = treeRows(tree, "");
    const body = rows.length > 0 ? table(rows, 28, width) : wrapText(`  ${nothing(options.hidden ?? 0)}`, width);
    sections.push(`${wrapText(heading, width)}\n${body}`);
  }
  const broken = [...everyTask(tree).flatMap((task) => task.problems ?? []), ...ambiguousDefaults(everyTask(tree))];
  if (broken.length > 0) {
    const lines = broken.map((problem) => `  ${displayPath(problem.file, cwd)}${at(problem)}: ${problem.message}`);
    sections.push(`Tasks that cannot run until these are fixed:\n${wrapText(lines.join("\n"), width)}`);
  }
  if (builtin.length > 0) sections.push(`Built-in tasks:\n${table(builtin.map(row), 28, width)}`);
  if (options.skipped && options.skipped.length > 0) {
    const rows = options.skipped.map(
      (entry) => [entry.name, `${displayPath(entry.file, cwd)}:${entry.line}: ${entry.reason}`] as const,
    );
    sections.push(`Exports that are not tasks:\n${table(rows, 28, width)}`);
  }
  sections.push(wrapText('Run "dk TASK --help" for a task\'s flags; "dk TASK1 TASK2" runs several.', width));
  return `${sections.join("\n\n")}\n`;
}

// An empty list that left exports out: usually a function meant as a task, whose flags dk cannot read.
function nothing(hidden: number): string {
  if (hidden === 0) return "(no exported functions)";
  const what = hidden === 1 ? "1 export is not a task" : `${hidden} exports are not tasks`;
  return `(no tasks: ${what}; dk --list --all says why)`;
}

// The same list as JSON, nested by namespace: every field of every task, for scripts and editors.
export function listJson(tasks: readonly ResolvedTask[], file: string | undefined, options: ListOptions = {}): string {
  const user = pick(
    tasks.filter((task) => !task.builtin),
    options.namespace,
  );
  const builtin = options.namespace === undefined ? tasks.filter((task) => task.builtin) : [];
  const ambiguous = ambiguousDefaults(everyTask(user));
  const document = {
    file: file ?? null,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    tasks: [...user.tasks, ...builtin],
    namespaces: user.namespaces,
    ...(options.skipped ? { skipped: options.skipped } : {}),
    // A task's own problems are in its entry; these belong to no one task.
    ...(ambiguous.length > 0 ? { problems: ambiguous } : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function pick(tasks: readonly ResolvedTask[], namespace: string | undefined): Tree {
  const tree = subtree(tasks, namespace ?? "");
  if (tree) return tree;
  if (tasks.some((task) => namesOf(task).includes(namespace!))) {
    throw new UsageError(
      `"${namespace}" is a task, not a namespace: dk ${namespace} --help shows its flags`,
      "dk --list [NAMESPACE]",
      "dk --list",
    );
  }
  const names = [
    ...new Set(
      tasks.flatMap((task) =>
        task.name
          .split(".")
          .slice(0, -1)
          .map((_, i, parts) => parts.slice(0, i + 1).join(".")),
      ),
    ),
  ];
  throw new UsageError(
    `no namespace "${namespace}"${didYouMean(namespace!, names)}`,
    "dk --list [NAMESPACE]",
    "dk --list",
  );
}

// A namespace's tasks, then each inner namespace under a heading line, indented.
function treeRows(tree: Tree, indent: string): [string, string][] {
  const rows: [string, string][] = tree.tasks.map((task) => {
    const [name, text] = row(task);
    return [`${indent}${name}`, text];
  });
  for (const inner of tree.namespaces) {
    rows.push([`${indent}${inner.name}.`, ""]);
    rows.push(...treeRows(inner, `${indent}  `));
  }
  return rows;
}

// `build (b)`, then the doc's summary; the default task says so, and a task that cannot run.
function row(task: ResolvedTask): [string, string] {
  const aliases = task.aliases?.length ? ` (${task.aliases.join(", ")})` : "";
  const summary = taskSummary(task.help);
  const marks = [
    ...(task.default ? ["[default]"] : []),
    ...(task.deprecated === undefined ? [] : [`[${deprecatedWords(task.deprecated)}]`]),
    ...(task.problems ? ["[cannot run: see below]"] : []),
  ];
  return [`${task.name}${aliases}`, [summary, ...marks].filter((part) => part !== "").join(" ")];
}

function everyTask(tree: Tree): ResolvedTask[] {
  return [...tree.tasks, ...tree.namespaces.flatMap(everyTask)];
}

// `:line:column` of a problem, as much as it has.
function at({ line, column }: LoadProblem): string {
  return line === undefined ? "" : `:${line}${column === undefined ? "" : `:${column}`}`;
}
