import { kebabCase } from "../names.ts";
import type { FlagSpec } from "./parse-argv.ts";

/** dk's own flags, given before the task name (some also after it), and what follows them. */
export type Globals = {
  list: boolean;
  json: boolean;
  help: boolean;
  version: boolean;
  debug: boolean;
  dryRun: boolean;
  /** Full tagged lines even on a terminal (no live status view). */
  verbose: boolean;
  /** On a terminal, the live view alone; a failed command's output comes at the end. */
  compact?: boolean;
  /** Ask once for the sudo password used by every `becomeRoot` command. */
  askSudoPassword: boolean;
  /** With --list: also the exports that are not tasks, and why. */
  all: boolean;
  /** Print each named task's return value on stdout. */
  print: boolean;
  /** Hosts at once for every group call of the task (`--limit N`). */
  limit?: number;
  /** Only the hosts this selector picks take part (`--on @web,db*,!db3`). */
  on?: string;
  /** How hosts are reached: auto, native or openssh (`--transport`). */
  transport?: string;
  file?: string;
  /** The task name, or `completion`. */
  command?: string;
  /** Everything after the command, untouched. */
  args: string[];
};

type SwitchKey =
  | "list"
  | "json"
  | "help"
  | "version"
  | "debug"
  | "dryRun"
  | "verbose"
  | "compact"
  | "askSudoPassword"
  | "all"
  | "print";

/** One of dk's own flags. */
export type GlobalFlag = {
  /** The property of `Globals` it sets; the flag is its kebab-case, as for task flags (`dryRun` → `--dry-run`). */
  readonly key: SwitchKey | "limit" | "on" | "file" | "transport";
  readonly short?: string;
  /** The value's name in help and usage (`FILE`); a flag without one is a switch. */
  readonly value?: string;
  /** What the value must be, for the error when it is missing or wrong. */
  readonly needs?: string;
  /** The values it takes, when they are a few words: completion offers them. */
  readonly choices?: readonly string[];
  /** The value from its text, or undefined when the text is not one. */
  readonly convert?: (text: string) => string | number | undefined;
  /** Also after the task name, meaning the same; a task's boolean flag of that name gets the value too. */
  readonly afterTask?: boolean;
  /** Does something else instead of running a task: left out of the usage line. */
  readonly instead?: boolean;
  /** Shown after the flag in help: `[TASK]`. */
  readonly operand?: string;
  readonly help: string;
};

const TRANSPORTS = ["auto", "native", "openssh"];

/** The one declaration of dk's own flags: parsing, `dk --help`, completion and "did you mean" read it. */
export const GLOBAL_FLAGS: readonly GlobalFlag[] = [
  {
    key: "list",
    short: "l",
    operand: "[NAMESPACE]",
    help: "list the tasks, or one namespace's (a bare dk without a default task lists them too); --json for JSON",
  },
  {
    key: "limit",
    value: "N",
    needs: "a positive whole number of hosts at once",
    // 0 would run nothing, and "x" is a typo.
    convert: (text) => (/^[1-9]\d*$/.test(text) ? Number(text) : undefined),
    afterTask: true,
    help: "run each group call of the task on at most N hosts at once",
  },
  {
    key: "on",
    value: "HOSTS",
    needs: "a selection like @web,db*,!db3 (@tag, host name glob, ! to exclude)",
    // Checked in full by core; here only what makes it no selection at all.
    convert: (text) => (text.split(",").every((part) => /^!?@?[^\s,!@]+$/.test(part.trim())) ? text : undefined),
    afterTask: true,
    help: "only these hosts take part in the task: @tag or host name glob, comma-separated; ! excludes",
  },
  {
    key: "transport",
    value: "HOW",
    needs: "auto, native or openssh",
    choices: TRANSPORTS,
    convert: (text) => (TRANSPORTS.includes(text) ? text : undefined),
    afterTask: true,
    help: "reach hosts in-process (native), with the ssh binary (openssh), or native where it acts as ssh (auto)",
  },
  { key: "all", help: "with --list: also the exports that are not tasks, and why" },
  {
    key: "json",
    afterTask: true,
    help: "with a task: print its per-host results and return value as one JSON document; the rest goes to stderr",
  },
  {
    key: "print",
    afterTask: true,
    help: "print each named task's return value on stdout (a string as it is, anything else as JSON)",
  },
  {
    key: "verbose",
    afterTask: true,
    help: "print every output line, tagged, also on a terminal (no live status view)",
  },
  {
    key: "compact",
    afterTask: true,
    help: "on a terminal, show only the live status view (a failed command's output comes at the end)",
  },
  {
    key: "askSudoPassword",
    afterTask: true,
    help: "ask once for the sudo password of the hosts (sent to sudo -S, never shown)",
  },
  {
    key: "help",
    short: "h",
    operand: "[TASK]",
    afterTask: true,
    instead: true,
    help: "this help, or a task's flags (also: dk TASK --help)",
  },
  { key: "version", short: "V", instead: true, help: "print dk's version" },
  { key: "file", short: "f", value: "FILE", needs: "a path", help: "use FILE instead of the nearest tasks.ts" },
  { key: "debug", afterTask: true, help: "show stack traces and what dk loaded" },
  { key: "dryRun", afterTask: true, help: "print commands, tagged with the host, instead of running them" },
];

/** `--dry-run` for `dryRun`. */
export function flagName(flag: GlobalFlag): string {
  return kebabCase(flag.key);
}

/** How a flag may be written: `--file`, `-f`. */
export function spellings(flag: GlobalFlag): string[] {
  return [`--${flagName(flag)}`, ...(flag.short === undefined ? [] : [`-${flag.short}`])];
}

/** A row of the table as the parser sees it. */
export function globalSpec(flag: GlobalFlag): FlagSpec {
  return {
    name: flagName(flag),
    short: flag.short,
    takes: flag.value === undefined ? "switch" : "value",
    needs: flag.needs,
  };
}

export const AFTER_TASK = GLOBAL_FLAGS.filter((flag) => flag.afterTask);

export const GLOBAL_USAGE = `dk ${GLOBAL_FLAGS.filter((flag) => !flag.instead)
  .map((flag) => `[--${flagName(flag)}${flag.value === undefined ? "" : ` ${flag.value}`}]`)
  .join(" ")} [TASK [task flags]]... [-- args]`;

/** The names of the after-task switches that are on: a task's boolean flags of these names default to true. */
export function switchedOn(globals: Globals): Set<string> {
  return new Set(AFTER_TASK.filter((flag) => globals[flag.key] === true).map(flagName));
}
