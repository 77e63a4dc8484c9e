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
  /** The after-task switches given before the task name: those after it are dk's only where its flags say so. */
  beforeTask: Set<SwitchKey>;
};

export type SwitchKey =
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
  /** A value that is a positive whole number (--limit): a dash word after the flag is a bad value, not text. */
  readonly kind?: "whole";
  /** What the value must be, for the error when it is missing or wrong (for people: parsing never reads it). */
  readonly needs?: string;
  /** The values it takes, when they are a few words: completion offers them. */
  readonly choices?: readonly string[];
  /** The value is comma-separated parts (--on), none empty. */
  readonly commas?: true;
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
