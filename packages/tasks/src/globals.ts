import { UsageError } from "./errors.ts";
import { didYouMean } from "./suggest.ts";

/** dk's own flags, given before the task name. */
export type Globals = {
  list: boolean;
  json: boolean;
  help: boolean;
  version: boolean;
  debug: boolean;
  dryRun: boolean;
  /** Full tagged lines even on a terminal (no live status view). */
  verbose: boolean;
  /** Ask once for the sudo password used by every `becomeRoot` command. */
  askSudoPassword: boolean;
  /** Hosts at once for every group call of the task (`--limit N`). */
  limit?: number;
  file?: string;
  /** The task name, or `completion`. */
  command?: string;
  /** Everything after the command, untouched. */
  args: string[];
};

export const GLOBAL_USAGE = "dk [--list] [--json] [-f FILE] [--debug] [--dry-run] [--limit N] [--verbose] [--ask-sudo-password] TASK [task flags] [-- args]";

const SWITCHES: Record<string, keyof Globals> = {
  "--list": "list",
  "-l": "list",
  "--json": "json",
  "--help": "help",
  "-h": "help",
  "--version": "version",
  "-V": "version",
  "--debug": "debug",
  "--dry-run": "dryRun",
  "--verbose": "verbose",
  "--ask-sudo-password": "askSudoPassword",
};

export const GLOBAL_FLAGS = [...Object.keys(SWITCHES), "--file", "-f", "--limit"];

// Splits argv into dk's flags, the command and the command's own arguments.
export function parseGlobals(argv: readonly string[]): Globals {
  const globals: Globals = { list: false, json: false, help: false, version: false, debug: false, dryRun: false, verbose: false, askSudoPassword: false, args: [] };
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index]!;
    const [flag, inline] = splitInline(token);
    const key = SWITCHES[flag];
    if (key && inline === undefined) {
      (globals[key] as boolean) = true;
    } else if (flag === "-f" || flag === "--file") {
      globals.file = inline ?? fileValue(argv[++index], flag);
    } else if (flag === "--limit") {
      globals.limit = limitValue(inline ?? argv[++index]);
    } else if (token.startsWith("-") && token !== "-") {
      throw unknownGlobal(token);
    } else {
      globals.command = token;
      globals.args = argv.slice(index + 1);
      break;
    }
  }
  if (globals.json && !globals.list && globals.command === undefined) throw new UsageError("--json only goes with --list or a task", GLOBAL_USAGE);
  return globals;
}

// `--file=x` → ["--file", "x"]; a switch never takes an inline value.
function splitInline(token: string): [string, string | undefined] {
  const equals = token.indexOf("=");
  return token.startsWith("--") && equals > 0 ? [token.slice(0, equals), token.slice(equals + 1)] : [token, undefined];
}

function fileValue(value: string | undefined, flag: string): string {
  if (value === undefined || (value.startsWith("-") && value !== "-")) {
    throw new UsageError(`${flag} needs a path${value === undefined ? "" : `, got the flag ${value}`}`, GLOBAL_USAGE);
  }
  return value;
}

// Hosts at once: a positive integer, nothing else (0 would run nothing, and "x" is a typo).
function limitValue(value: string | undefined): number {
  if (value !== undefined && /^[1-9]\d*$/.test(value)) return Number(value);
  throw new UsageError(`--limit needs a positive whole number of hosts at once${value === undefined ? "" : `, got "${value}"`}`, GLOBAL_USAGE);
}

function unknownGlobal(token: string): UsageError {
  if (token === "--") return new UsageError("-- must follow a task name", GLOBAL_USAGE);
  const [flag] = splitInline(token);
  const hint = didYouMean(flag, GLOBAL_FLAGS) || " (task flags go after the task name: dk TASK --flag)";
  return new UsageError(`unknown flag ${flag}${hint}`, GLOBAL_USAGE);
}
