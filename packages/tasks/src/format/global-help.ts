import { AFTER_TASK, GLOBAL_FLAGS, GLOBAL_USAGE, flagName } from "../cli/global-flags.ts";
import type { GlobalFlag } from "../cli/global-flag-types.ts";
import { COMPLETION_HELP, SHELLS } from "../completion.ts";
import { table } from "./table.ts";
import { wrapText, wrapUsage } from "./wrap.ts";

// `dk --help`: how to call dk, its own flags, and its commands; the task list follows. With a width (a terminal's),
// every line fits in it.
export function globalHelp(width?: number): string {
  const flags = table(
    GLOBAL_FLAGS.map((flag) => [helpSyntax(flag), flag.help]),
    28,
    width,
  );
  const shells = SHELLS.join("|");
  const commands = table([[`completion ${shells}`, `${COMPLETION_HELP} (source <(dk completion bash))`]], 28, width);
  const about = [
    "Runs the exported functions of tasks.ts (here or in the nearest parent directory) as tasks;",
    "each property of a function's first parameter is a flag. Several tasks run in order:",
    "dk clean build --release test. A bare dk runs the default task (export default), else lists the tasks.",
  ];
  const after = `Also after the task name: ${AFTER_TASK.map((flag) => `--${flagName(flag)}`).join(", ")}.`;
  return [
    wrapUsage("Usage: ", GLOBAL_USAGE, width),
    "",
    // One paragraph, broken where it is written unless a width breaks it anew.
    width === undefined ? about.join("\n") : wrapText(about.join(" "), width),
    "",
    "Global flags:",
    flags,
    wrapText(after, width),
    "",
    "Commands:",
    commands,
    "",
  ].join("\n");
}

/** `-f, --file FILE`, `-h, --help [TASK]`: a dk flag as its help shows it. */
export function helpSyntax(flag: GlobalFlag): string {
  const short = flag.short === undefined ? "" : `-${flag.short}, `;
  const after = [flag.value, flag.operand].map((part) => (part === undefined ? "" : ` ${part}`)).join("");
  return `${short}--${flagName(flag)}${after}`;
}
