import { GLOBAL_USAGE } from "../globals.ts";
import { table } from "./table.ts";

// `dk --help`: how to call dk, its own flags, and its commands; the task list follows.
export function globalHelp(): string {
  const flags = table([
    ["-l, --list", "list the tasks (the default with no task); add --json for JSON"],
    ["--limit N", "run each group call of the task on at most N hosts at once"],
    ["--json", "with a task: print its per-host results as one JSON document; the rest goes to stderr"],
    ["--verbose", "print every output line, tagged, also on a terminal (no live status view)"],
    ["--ask-sudo-password", "ask once for the sudo password of the hosts (sent to sudo -S, never shown)"],
    ["-h, --help [TASK]", "this help, or a task's flags (also: dk TASK --help)"],
    ["-V, --version", "print dk's version"],
    ["-f, --file FILE", "use FILE instead of the nearest tasks.ts"],
    ["--debug", "show stack traces and what dk loaded"],
    ["--dry-run", "print commands, tagged with the host, instead of running them"],
  ]);
  const commands = table([["completion bash|zsh", "print a shell completion script (source <(dk completion bash))"]]);
  return [
    `Usage: ${GLOBAL_USAGE}`,
    "",
    "Runs the exported functions of tasks.ts (here or in the nearest parent directory) as tasks;",
    "each property of a function's first parameter is a flag.",
    "",
    "Global flags:",
    flags,
    "",
    "Commands:",
    commands,
    "",
  ].join("\n");
}
