import { Readable } from "node:stream";
import type { OptionsCall } from "./option-keys.ts";
import type { Encoding, LocalDefaults, RemoteRunOptions, RunOptions } from "./types.ts";
import { withoutAnd } from "./scoped.ts";
import { assertSudoPassword } from "./run/sudo-password.ts";
import { assertEnv } from "./env-option.ts";
import { kindOf, NOT_SHOWN } from "./secret-value.ts";
import { homeOf } from "./transfer/paths.ts";
import { assertKnownOptions, assertStop, assertSwitches, fail, MAX_TIMER_S } from "./validate.ts";

/**
 * Validates the options every run takes (and a remote run's ssh options) for `call`, before anything is spawned;
 * unknown names included. `defaults` (from `with()`) are what the call's options go on: what they combine to counts.
 */
export function assertRunOptions(
  options: RunOptions<Encoding> & SshRunOptions,
  call: OptionsCall,
  defaults: LocalDefaults = {},
): void {
  assertKnownOptions(options, call);
  assertSwitches(options, SWITCHES);
  assertStop(options);
  assertSshOptions(options);
  assertStdin({ ...options, stdout: options.stdout ?? defaults.stdout, stderr: options.stderr ?? defaults.stderr });
  for (const stream of ["stdout", "stderr"] as const) {
    const mode = options[stream];
    if (mode !== undefined && mode !== "print" && mode !== "pipe")
      fail(stream, '"print" or "pipe"', mode, modeHint(mode));
  }
  const { env, cwd, maxBuffer } = options;
  if (maxBuffer !== undefined && !(typeof maxBuffer === "number" && Number.isInteger(maxBuffer) && maxBuffer > 0)) {
    const kept = ': give a number of bytes; output that need not be kept is printed (`stdout: "print"`)';
    fail("maxBuffer", "a positive whole number of bytes", maxBuffer, maxBuffer === Infinity ? kept : "");
  }
  const { encoding } = options;
  if (encoding !== undefined && encoding !== "utf8" && encoding !== "buffer")
    fail("encoding", '"utf8" or "buffer"', encoding, /^utf-?8$/i.test(String(encoding)) ? ': write "utf8"' : "");
  if (cwd !== undefined && (typeof cwd !== "string" || cwd === "")) fail("cwd", "a non-empty path", cwd);
  if (cwd?.includes("\0")) fail("cwd", "a path without NUL bytes", JSON.stringify(cwd));
  // A host's shell would get it quoted, as a name: "the directory ~root does not exist", of a home that does.
  const home = cwd === undefined ? undefined : homeOf(cwd);
  if (home)
    fail("cwd", "a path", cwd, `: \`~${home}\` is not expanded${HOME_HINT}\`./${cwd}\` for a directory of that name`);
  assertEnv(env, call);
}

const HOME_HINT = " (`~` and `~/…` are, to the home of whoever runs the command); give the path absolute, or ";

// `input`, `stdin` and `prefix`: what the command reads, and what it runs after.
function assertStdin({ input, stdin, prefix, quiet, stdout, stderr }: RunOptions<Encoding>): void {
  if (isWebStream(input))
    throw new TypeError(
      "Expected `input` to be a Node stream, got a web ReadableStream: convert it with Readable.fromWeb(stream)" +
        ' (from "node:stream")',
    );
  if (
    input !== undefined &&
    typeof input !== "string" &&
    !(input instanceof Uint8Array) &&
    !(input instanceof Readable)
  ) {
    const wrap = (input as unknown) instanceof ArrayBuffer ? ": wrap it, Buffer.from(arrayBuffer)" : "";
    // What a command reads may be a secret (a password): an object's content is never shown.
    if (typeof input !== "object" || input === null) fail("input", "a string, a Buffer or a readable stream", input);
    const got = `got ${kindOf(input)} ${NOT_SHOWN}${wrap}`;
    throw new TypeError(`Expected \`input\` to be a string, a Buffer or a readable stream, ${got}`);
  }
  // Such a stream gives nothing more: the command would read an empty input as if it were the whole of it.
  if (input instanceof Readable && (input.readableEnded || input.destroyed)) {
    const state = input.readableEnded ? "has ended" : "was destroyed";
    throw new TypeError(
      `Expected \`input\` to be a stream not read yet, got one that ${state}: a stream is read once; make a new one` +
        " for each run",
    );
  }
  if (stdin !== undefined && stdin !== "inherit") fail("stdin", '"inherit"', stdin);
  if (stdin !== undefined && input !== undefined)
    throw new TypeError('Expected either `input` or `stdin: "inherit"`, got both: a command has one standard input');
  // Its printed output goes to the terminal itself, past the tagging that quiet drops; its prompts would go unseen.
  if (quiet === true && stdin === "inherit" && !(stdout === "pipe" && stderr === "pipe"))
    throw new TypeError(
      'Expected `quiet` without `stdin: "inherit"`, got both: an interactive command prints to the terminal (its' +
        " prompts too), which quiet cannot hide; drop `quiet` (`echo: false` leaves out only the `$ command` line)," +
        ' or capture both streams (`stdout: "pipe", stderr: "pipe"`)',
    );
  if (prefix !== undefined && (typeof prefix !== "string" || withoutAnd(prefix) === "" || prefix.includes("\0")))
    fail("prefix", "a non-empty command line without NUL bytes", prefix);
  // A pipe, an `||` or an escaping backslash waits for more, and `&&` cannot be it: bash said only where it stopped.
  const dangling = prefix === undefined ? undefined : /(?:\|\|?|(?<!\\)(?:\\\\)*(\\))$/.exec(withoutAnd(prefix));
  if (dangling)
    fail(
      "prefix",
      "a command line the command runs after",
      prefix,
      `: it ends in \`${dangling[1] ?? dangling[0]}\`, which the \`&&\` that joins it to the command cannot follow; ` +
        "end it with a command",
    );
}

// Ours for an output mode as execa names it.
function modeHint(mode: unknown): string {
  if (mode === "inherit") return ': "print" shows it, each line tagged with the host';
  if (mode === "ignore") return ': "pipe" keeps it out of sight (in the result), `quiet: true` drops it';
  return "";
}

/** A group's hosts run at once: one terminal, or one stream read once, cannot serve them all. */
export function assertGroupStdin({ stdin, input }: RunOptions<Encoding>, call: string): void {
  if (stdin === "inherit")
    throw new TypeError(
      `${call} refuses \`stdin: "inherit"\`: its hosts run at once and would fight over one terminal;` +
        " run the interactive command on one host (`group.hosts[i].run`), or send `input`",
    );
  // A web stream too: advice to convert it to a Node stream would lead to this refusal.
  if (input instanceof Readable || isWebStream(input))
    throw new TypeError(
      `${call} refuses a stream as \`input\`: a stream is read once, and each host needs all of it;` +
        " read it into a Buffer first (every host then gets the same bytes)",
    );
}

// Only an object that is none of the other kinds is looked up: the first use of the global ReadableStream loads Node's
// web streams, a millisecond and more of every run's start.
function isWebStream(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  return !(value instanceof Readable) && !(value instanceof Uint8Array) && value instanceof ReadableStream;
}

type SshRunOptions = Pick<
  RemoteRunOptions,
  "connectTimeout" | "freshConnection" | "batchMode" | "becomeRoot" | "verboseSsh" | "sudoPassword"
>;
const SWITCHES = [
  "check",
  "echo",
  "dryRun",
  "quiet",
  "becomeRoot",
  "verboseSsh",
  "freshConnection",
  "batchMode",
] as const;

// The ssh options of a remote run (checked here too, so that a group call rejects them once, up front).
function assertSshOptions(options: SshRunOptions): void {
  assertSudoPassword(options.sudoPassword);
  const { connectTimeout } = options;
  if (
    connectTimeout !== undefined &&
    !(
      typeof connectTimeout === "number" &&
      Number.isInteger(connectTimeout) &&
      connectTimeout >= 1 &&
      connectTimeout <= MAX_TIMER_S
    )
  ) {
    fail("connectTimeout", `a positive whole number of seconds, at most ${MAX_TIMER_S} (24.8 days)`, connectTimeout);
  }
}
