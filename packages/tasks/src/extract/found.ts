import type { TS } from "./typescript.ts";
import { kebabCase } from "../names.ts";
import type { TaskFunction } from "./signature.ts";
import type { Other } from "./not-task.ts";
import { functionOf, isLeftOut, valueEnd } from "./values.ts";

/** A function found among the exports: where it is, and every name it goes by. */
export type Found = {
  /** Dotted kebab-case names, the first is the task's name: `docs.build`. */
  readonly names: string[];
  readonly exportName: string;
  readonly members: readonly string[];
  readonly symbol: TS.Symbol;
  readonly fn: TaskFunction;
  isDefault: boolean;
  /** Why it is no task after all: two `export *` give its name different values. */
  clash?: string;
};

/** Where a walk is: the namespaces of the names it gives (`docs`), and the property path from the export. */
export type Place = { readonly prefix: readonly string[]; readonly path: readonly string[] };

/** One walk's state; `leftOut` is set when an export leads to a name the program did not follow. */
export type Walk = {
  readonly checker: TS.TypeChecker;
  readonly found: Map<TaskFunction, Found>;
  /** The exported values that are no functions dk can run. */
  readonly others: Other[];
  readonly seen: Set<TS.Symbol>;
  leftOut: boolean;
};

// The function at the end of `const b = build` chains; one that ends at a name the program did not follow marks the
// walk `leftOut`.
export function functionAtEnd(walk: Walk, symbol: TS.Symbol): TaskFunction | undefined {
  const end = valueEnd(walk.checker, symbol);
  if (isLeftOut(end)) walk.leftOut = true;
  return end && functionOf(end);
}

// Records `fn` under `name` at `at`: a function found again by another name gets that name as an alias.
export function add(
  walk: Walk,
  fn: TaskFunction,
  symbol: TS.Symbol,
  name: string,
  at: Place,
  isDefault: boolean,
): void {
  const full = [...at.prefix, kebabCase(name)].join(".");
  const known = walk.found.get(fn);
  if (known) {
    if (!known.names.includes(full) && !isDefault) known.names.push(full);
    known.isDefault ||= isDefault;
    return;
  }
  const [exportName, ...members] = at.path;
  walk.found.set(fn, { names: [full], exportName: exportName!, members, symbol, fn, isDefault });
}
