import { AFTER_TASK, GLOBAL_FLAGS, GLOBAL_USAGE, badValue, flagName, globalSpec } from "./cli/global-flags.ts";
import type { Globals, SwitchKey } from "./cli/global-flag-types.ts";
import { parseArgv, pickFlags, type Value } from "./cli/parse-argv.ts";
import { UsageError } from "./errors.ts";

export { GLOBAL_USAGE } from "./cli/global-flags.ts";
export type { Globals } from "./cli/global-flag-types.ts";

/** dk's own commands, whose words are not a task's (`__complete` and `__describe` answer the completion scripts). */
export const COMMANDS: ReadonlySet<string> = new Set(["completion", "__complete", "__describe"]);

// Splits argv into dk's flags, the command and the command's own arguments. The table's after-task switches are read
// after a task name too, before its flags are known; settleSwitches then keeps only those the task's flags leave dk.
export function parseGlobals(argv: readonly string[]): Globals {
  const fail = (message: string) => new UsageError(message, GLOBAL_USAGE);
  const unknownHint = " (task flags go after the task name: dk TASK --flag)";
  const parsed = parseArgv(argv, { flags: GLOBAL_FLAGS.map(globalSpec), fail, halt: true, unknownHint });
  const [command, ...args] = parsed.remaining;
  if (command === "--") throw fail("-- must follow a task name");
  const globals: Globals = {
    list: false,
    json: false,
    help: false,
    version: false,
    debug: false,
    dryRun: false,
    verbose: false,
    askSudoPassword: false,
    all: false,
    print: false,
    args,
    beforeTask: new Set(),
  };
  if (command !== undefined) globals.command = command;
  setValues(globals, parsed.values, fail);
  for (const flag of AFTER_TASK) if (globals[flag.key] === true) globals.beforeTask.add(flag.key as SwitchKey);
  if (globals.list && command !== undefined) {
    // `dk --list db --json`: what follows the namespace is dk's own flags, as before it.
    const listFail = (message: string) => new UsageError(message, "dk --list [NAMESPACE] [--json] [--all]");
    const stray = (word: string) => `--list takes one namespace, got "${word}" too`;
    if (args.includes("--")) throw listFail(stray("--"));
    const more = parseArgv(args, { flags: GLOBAL_FLAGS.map(globalSpec), fail: listFail, stray });
    const twice = [...more.values.keys()].find((name) => parsed.values.has(name));
    if (twice !== undefined) throw listFail(`--${twice} given more than once`);
    setValues(globals, more.values, fail);
    globals.args = [];
  } else if (command !== undefined && !COMMANDS.has(command)) {
    // Read before tasks.ts is loaded (--json moves stdout aside first); the tasks' own flags then settle them.
    const after = pickFlags(args, AFTER_TASK.map(globalSpec));
    for (const flag of AFTER_TASK) if (after.get(flagName(flag)) === true) (globals[flag.key] as boolean) = true;
  }
  return globals;
}

function setValues(globals: Globals, values: ReadonlyMap<string, Value>, fail: (message: string) => UsageError): void {
  for (const flag of GLOBAL_FLAGS) {
    const value = values.get(flagName(flag));
    if (value === undefined) continue;
    if (typeof value === "boolean") {
      (globals[flag.key] as boolean) = value;
      continue;
    }
    const text = String(value);
    const converted = flag.convert ? flag.convert(text) : text;
    if (converted === undefined) throw fail(badValue(flag, text));
    (globals[flag.key] as string | number) = converted;
  }
}
