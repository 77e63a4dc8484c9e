import { kebabCase } from "../names.ts";
import type { Flag } from "../types.ts";
import { LARGEST } from "./number-word.ts";
import type { FlagSpec } from "./parse-argv.ts";
import type { GlobalFlag, Globals } from "./global-flag-types.ts";

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
    kind: "whole",
    needs: "a positive whole number of hosts at once",
    // 0 would run nothing, "x" is a typo, and past LARGEST the count read would not be the one written.
    convert: (text) => (/^[1-9]\d*$/.test(text) && Number(text) <= LARGEST ? Number(text) : undefined),
    afterTask: true,
    help: "run each group call of the task on at most N hosts at once",
  },
  {
    key: "on",
    value: "HOSTS",
    needs: "a selection like @web,db*,!db3 (@tag, host name glob, ! to exclude)",
    commas: true,
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

/** Why `text` is no value of dk's `flag`: what it needs, and for a whole number too large, the range. */
export function badValue(flag: GlobalFlag, text: string): string {
  const name = `--${flagName(flag)}`;
  if (flag.kind === "whole" && /^\d+$/.test(text) && Number(text) > LARGEST) {
    return `${name} needs a whole number from 1 to ${LARGEST} (2^53 - 1), got "${text}"`;
  }
  // A stray comma (`web1,`) is the slip to name: the parts themselves may be fine.
  if (flag.commas && text.trim() !== "" && text.split(",").some((part) => part.trim() === ""))
    return `${name} has an empty part in "${text}": remove the extra comma`;
  return `${name} needs ${flag.needs}, got "${text}"`;
}

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
    ...(flag.kind === undefined ? {} : { kind: flag.kind }),
    needs: flag.needs,
  };
}

export const AFTER_TASK = GLOBAL_FLAGS.filter((flag) => flag.afterTask);

/**
 * Whether dk's after-task `flag`, written after a task's name, is dk's: unless the task has a flag of that name,
 * which takes the word instead; a task's boolean flag shares the word with dk's switch (both are on).
 */
export function dkReads(flag: GlobalFlag, taskFlags: readonly Flag[]): boolean {
  const own = taskFlags.find((candidate) => candidate.name === flagName(flag));
  return own === undefined || (own.type === "boolean" && flag.value === undefined);
}

export const GLOBAL_USAGE = `dk ${GLOBAL_FLAGS.filter((flag) => !flag.instead)
  .map((flag) => `[--${flagName(flag)}${flag.value === undefined ? "" : ` ${flag.value}`}]`)
  .join(" ")} [TASK [task flags]]... [-- args]`;

/** The names of the after-task switches that are on: a task's boolean flags of these names default to true. */
export function switchedOn(globals: Globals): Set<string> {
  return new Set(AFTER_TASK.filter((flag) => globals[flag.key] === true).map(flagName));
}
