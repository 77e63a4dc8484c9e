import { execute } from "./run/execute.ts";
import { quoteArgv } from "./run/quote.ts";
import type { Command, CommandResult, Encoding, Output, RunOptions } from "./types.ts";
import { assertCommand, assertRunOptions } from "./validate.ts";

/** How a command is shown: a string as written, an argv quoted once per element. */
export function displayCommand(command: Command): string {
  return typeof command === "string" ? command : quoteArgv(command);
}

/** Runs `command` on this machine, its output tagged `tag`. Shared by `run` and `host.runLocal`. */
export async function runLocal<E extends Encoding = "utf8">(
  command: Command,
  options: RunOptions & { readonly encoding?: E },
  tag: string,
  host?: string,
): Promise<CommandResult<Output<E>>> {
  assertCommand(command);
  assertRunOptions(options);
  const [file, ...args] = typeof command === "string" ? ["bash", "-c", command] : command;
  return execute({ file: file!, args, display: displayCommand(command), tag, host }, options);
}

/** Runs a command locally: a string through `bash -c`, an array without a shell. Output is tagged `[localhost]`. */
export async function run<E extends Encoding = "utf8">(
  command: Command,
  options: RunOptions & { readonly encoding?: E } = {},
): Promise<CommandResult<Output<E>>> {
  return runLocal(command, options, "localhost");
}
