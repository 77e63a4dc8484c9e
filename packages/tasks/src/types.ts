/** A JSON value, as stored in the manifest (flag defaults). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[];

/** The CLI shapes a task property can take. */
export type FlagType = "string" | "number" | "boolean" | "string[]" | "number[]";

/** One flag of a task, read from a property of the task function's first parameter. */
export type Flag = {
  /** The CLI name, kebab-case: `dryRun` → `dry-run`. */
  readonly name: string;
  /** The property name in TypeScript. */
  readonly property: string;
  readonly type: FlagType;
  /** True when the property is neither optional nor defaulted. */
  readonly required: boolean;
  /** Allowed values, from a union of string or number literals. */
  readonly choices?: readonly (string | number)[];
  /** A boolean flag typed as one literal (`force?: true`): the one value it takes. */
  readonly only?: boolean;
  /** The default when it is a literal in the destructuring initialiser. */
  readonly default?: JsonValue;
  /** The initialiser's source text when it is not a literal; without one, an optional property's `@default` text. */
  readonly defaultText?: string;
  /** From JSDoc on the property or an `@param` tag. */
  readonly help?: string;
  /** One letter from the `@short` tag: `-n`. */
  readonly short?: string;
  /** A number flag tagged `@count`: each `-v` adds one. */
  readonly count?: boolean;
  /** `@deprecated`: its text, "" when it has none; help shows it, and dk notes it when the flag is given. */
  readonly deprecated?: string;
};

/** One task: an exported function of a tasks file. */
export type Task = {
  /** The CLI name, kebab-case of the export. */
  readonly name: string;
  /** The export to call. */
  readonly exportName: string;
  /** Inside a namespace: the property path from the export to the function (`docs.build` → `["build"]`). */
  readonly members?: readonly string[];
  /** Other names of the same function (`export { build as b }`, `export const b = build`). */
  readonly aliases?: readonly string[];
  /** Tasks run before it (`@pre`), full dotted names, in order. */
  readonly pre?: readonly string[];
  /** Tasks run after it succeeded (`@post`), full dotted names, in order. */
  readonly post?: readonly string[];
  /** What `dk` (or `dk NAMESPACE`) runs with no task named: `export default` or `@default`. */
  readonly default?: boolean;
  /** JSDoc of the function; its first paragraph is the summary in the list. */
  readonly help: string;
  /** `@deprecated`: its text, "" when it has none; the list and help show it, and dk notes it when it is named. */
  readonly deprecated?: string;
  readonly flags: readonly Flag[];
  /** True when the function takes a second parameter, which receives the arguments after `--`. */
  readonly rest: boolean;
  /** That parameter is a rest parameter (`...args`): it gets them one per argument, not as one array. */
  readonly spread?: true;
  /**
   * Why the task cannot run (a property that cannot be a flag, a bad tag), every one: it is listed, and refused when
   * named; its `flags` are those that could be read (a project config may name them). The other tasks are unaffected.
   */
  readonly problems?: readonly [LoadProblem, ...LoadProblem[]];
};

/** An export that is not a task, and why: `dk --list --all` and `--debug` show it. */
export type Skipped = {
  readonly name: string;
  readonly reason: string;
  readonly file: string;
  readonly line: number;
};

/** A load failure worth caching: the file does not parse, or a task cannot become a CLI. */
export type LoadProblem = {
  readonly message: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** A declaration of the command line that cannot work (a @pre cycle, a @short clash): exit 2, like bad usage. */
  readonly usage?: boolean;
};

/** What the extractor reads from a tasks file. */
export type Extracted = {
  /** Every local source file the signatures come from, absolute. */
  readonly inputs: readonly string[];
  readonly tasks: readonly Task[];
  readonly skipped?: readonly Skipped[];
  readonly problem?: LoadProblem;
};

/** A file a cached result depends on: its path relative to the tasks file's directory, its sha256 ("" when absent). */
export type Input = {
  readonly path: string;
  readonly hash: string;
  /** Device, inode, size and times when it was hashed, if they had settled: a matching stamp spares the read. */
  readonly stamp?: string;
};

/** The cached form: an extraction plus the content hashes that keep it valid. */
export type Manifest = {
  readonly schema: number;
  readonly dk: string;
  /** Absolute path of the tasks file. */
  readonly file: string;
  /** Paths relative to the tasks file's directory, with their sha256. */
  readonly inputs: readonly Input[];
  readonly tasks: readonly Task[];
  readonly skipped?: readonly Skipped[];
  readonly problem?: LoadProblem;
};

/** A task ready to list, help or run, with the module that exports it. */
export type ResolvedTask = Task & {
  readonly file: string;
  readonly builtin: boolean;
};

/** Where dk writes; tests pass their own. */
export type Io = {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
};
