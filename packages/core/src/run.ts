import { Readable } from "node:stream";
import { execute } from "./run/execute.ts";
import { inFlightAs } from "./run/in-flight.ts";
import type { Invocation } from "./run/invocation.ts";
import { findExecutable } from "./run/find-executable.ts";
import { watchInput } from "./run/stdio.ts";
import { quoteArgv } from "./run/quote.ts";
import { layer, prefixed } from "./scoped.ts";
import type { OptionsCall } from "./option-keys.ts";
import type { Command, CommandResult, Encoding, LocalDefaults, Output, RunOptions, Runner } from "./types.ts";
import { assertRunOptions } from "./run-options.ts";
import { assertCommand } from "./validate.ts";

/** How a command is shown: a string as written, an argv quoted once per element. */
export function displayCommand(command: Command): string {
  return typeof command === "string" ? command : quoteArgv(command);
}

/** What the command reads: this process's stdin, the given input (`framed` for a remote supervisor), or nothing. */
export function stdinOf(options: Pick<RunOptions, "stdin" | "input">, framed: boolean): Invocation["stdin"] {
  if (options.stdin === "inherit") return "inherit";
  const { input } = options;
  if (input === undefined) return undefined;
  return input instanceof Readable ? { input, framed, watch: watchInput(input) } : { input, framed };
}

type Where = { readonly tag: string; readonly host?: string | undefined; readonly call: OptionsCall };

/**
 * Runs `command` on this machine, its output tagged `tag`, with `defaults` under the call's options. Shared by `run`
 * and `host.runLocal`. In flight from the call on (see inFlight).
 */
export function runLocal<E extends Encoding = "utf8">(
  command: Command,
  options: RunOptions<E>,
  where: Where,
  defaults: LocalDefaults = {},
): Promise<CommandResult<Output<E>>> {
  return inFlightAs(where.tag, startLocal(command, options, where, defaults));
}

async function startLocal<E extends Encoding>(
  command: Command,
  options: RunOptions<E>,
  where: Where,
  defaults: LocalDefaults,
): Promise<CommandResult<Output<E>>> {
  assertCommand(command);
  assertRunOptions(options, where.call, defaults);
  const opts = layer(defaults, options, "local");
  const { run: line, display } = prefixed(command, opts.prefix);
  // bash is dk's, found on dk's own PATH: a PATH in `env` is the command's (without bash, it could not start at all).
  // An argv's program is looked up on that PATH, as env(1) and a shell's `PATH=… program` do.
  const bash = opts.env?.PATH === undefined ? "bash" : (findExecutable("bash") ?? "bash");
  const [file, ...args] = typeof line === "string" ? [bash, "-c", line] : line;
  const program = typeof line !== "string";
  const inv = {
    file: file!,
    args,
    program,
    display: display ?? displayCommand(command),
    tag: where.tag,
    host: where.host,
  };
  return execute({ ...inv, stdin: stdinOf(opts, false) }, opts);
}

// `run` with `defaults` under every call, and `with()` for more.
function runner(defaults: LocalDefaults): Runner {
  const call = <E extends Encoding = "utf8">(command: Command, options: RunOptions<E> = {}) =>
    runLocal(command, options, { tag: "localhost", call: "run()" }, defaults);
  const more = (next: LocalDefaults): Runner => {
    assertRunOptions(next, "run.with()");
    return runner(layer(defaults, next, "local"));
  };
  // Not enumerable, as a host's: console.log of a run would show its env, secrets too.
  return Object.defineProperty(Object.assign(call, { with: more }), "defaults", { value: defaults }) as Runner;
}

/**
 * Runs a command locally: a string through `bash -c`, an array without a shell. Output is tagged `[localhost]`.
 * `run.with(defaults)` gives a `run` with default options (cwd, env, prefix, …).
 */
export const run: Runner = runner({});
