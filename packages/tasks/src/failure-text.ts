import { dirname, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import type { errorChain } from "@deploykit/core";
import { modulesDir } from "./cache.ts";
import { resolveModule } from "./importer.ts";
import { packageRoot } from "./package-info.ts";

// The characters of a message or value one report quotes: the output streamed already, a report is a summary.
export const QUOTED_LIMIT = 4000;

/**
 * What a report says of one error of a task, after `dk: task "x" failed: `, and whether --debug would say more.
 * Core's errors already streamed their output, so their message suffices; other Errors get the user's frame and what
 * caused them; a thrown value that is no Error is shown as a value (`{ code: 5 }`, not `[object Object]`).
 */
export function failureText(
  error: unknown,
  streamed: boolean,
  debug: boolean,
  chain: Chain,
): { text: string; more: boolean } {
  // An error whose getter or proxy trap throws still gets a report, as a group's host gets a reason.
  try {
    if (!(error instanceof Error)) return { text: `${cut(valueText(error), debug)}\n`, more: false };
    if (streamed) return { text: `${cut(error.message, debug)}\n`, more: false };
    const stack = typeof error.stack === "string" ? error.stack : undefined;
    const where = debug ? undefined : userFrame(stack);
    const head = debug && stack !== undefined ? stack : cut(`${error.name}: ${error.message}`, debug);
    return {
      text: `${head}\n${where ? `  at ${where}\n` : ""}${causes(error, debug, chain)}`,
      more: !debug && !!stack,
    };
  } catch {
    return { text: `${UNREADABLE}\n`, more: false };
  }
}

// What is said of a value that throws when read, as core's reasonOf says it.
const UNREADABLE = "a thrown value that cannot be shown";

/** Core's errorChain: tasks gets core only once a task runs, so the caller passes it. */
export type Chain = typeof errorChain;

// A value as `inspect` shows it, a string as it is.
function valueText(value: unknown): string {
  return typeof value === "string" ? value : inspect(value, { depth: 4, breakLength: Infinity });
}

// `text` cut at QUOTED_LIMIT characters, saying how much more there was; whole under --debug.
function cut(text: string, debug: boolean): string {
  if (debug || text.length <= QUOTED_LIMIT) return text;
  return `${text.slice(0, QUOTED_LIMIT)}… (${text.length - QUOTED_LIMIT} more characters: run with --debug for all)`;
}

// What led to `error`, a line each: its causes (fetch's "fetch failed" says why only there), an AggregateError's
// errors, as core's errorChain finds them.
function causes(error: Error, debug: boolean, chain: Chain): string {
  const describe = (value: unknown) => {
    try {
      return value instanceof Error
        ? (debug && value.stack) || cut(`${value.name}: ${value.message}`, debug)
        : cut(valueText(value), debug);
    } catch {
      return UNREADABLE;
    }
  };
  const { causes, errors, errorCount } = chain(error);
  const lines = causes.map((cause) => `  caused by: ${describe(cause)}\n`);
  errors.forEach((each, i) => lines.push(`  error ${i + 1} of ${errorCount}: ${describe(each)}\n`));
  if (errorCount > errors.length) lines.push(`  and ${errorCount - errors.length} more\n`);
  return lines.join("");
}

// The first stack frame outside node internals, installed packages, dk's own sources (a workspace's dk, whose
// built-ins throw there) and the compiled module's code of no file of the user's (esbuild's helpers, as the glob an
// import by a template literal becomes): where the user's code threw.
function userFrame(stack: string | undefined): string | undefined {
  const skipped = [coreDir(), `${packageRoot()}src${sep}`, `${packageRoot()}dist${sep}`, `${modulesDir()}${sep}`];
  for (const line of stack?.split("\n").slice(1) ?? []) {
    // The path starts the location (`at /x` or `(/x`), so `node:internal/url:806:29` is no `/url` of the user's.
    const match = /(?:\(|at )((?:file:\/\/)?\/[^()]+:\d+:\d+)\)?\s*$/.exec(line);
    const path = match?.[1]!.replace(/^file:\/\//, "");
    if (path && !path.includes("/node_modules/") && !skipped.some((dir) => dir && path.startsWith(dir))) return path;
  }
  return undefined;
}

// dk's copy of core, by its real path (a workspace link is no node_modules path): its argument checks throw
// there, and the user's call site is the frame after it.
function coreDir(): string | undefined {
  try {
    return `${dirname(fileURLToPath(resolveModule("@deploykit/core")))}${sep}`;
  } catch {
    return undefined;
  }
}
