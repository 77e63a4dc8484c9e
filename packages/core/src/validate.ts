import { Readable } from "node:stream";
import { closest, OPTION_KEYS, REMOTE_ONLY, type OptionsCall } from "./option-keys.ts";
import type { Command, RemoteRunOptions, RunOptions, Transport } from "./types.ts";

// A hostname, an IPv4 address or a bare IPv6 address; nothing a shell or ssh could read as more.
const HOSTNAME = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.%A-Za-z]*$/;
const USER = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*\$?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** "Expected `what` to be …, got `value` (its type)": arrays and objects shown as JSON, and named as such. */
export function fail(what: string, expected: string, value: unknown): never {
  const structured = typeof value === "object" && value !== null;
  const shown = structured ? JSON.stringify(value) : String(value);
  const kind = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
  throw new TypeError(`Expected \`${what}\` to be ${expected}, got \`${shown}\` (${kind})`);
}

/** Rejects hostnames that ssh could take for an option or a shell for syntax. */
export function assertHostname(hostname: unknown): asserts hostname is string {
  if (typeof hostname !== "string" || !HOSTNAME.test(hostname)) {
    fail("hostname", "a hostname or IP address (letters, digits, `.`, `-`, `_`; not starting with `-`)", hostname);
  }
}

export function assertUser(user: unknown): asserts user is string {
  if (typeof user !== "string" || !USER.test(user)) fail("user", "a user name (letters, digits, `.`, `-`, `_`)", user);
}

export function assertPort(port: unknown): asserts port is number {
  if (typeof port !== "number" || !Number.isInteger(port) || port < 1 || port > 65_535) {
    fail("port", "an integer from 1 to 65535", port);
  }
}

export function assertCommand(command: unknown): asserts command is Command {
  if (typeof command === "string") {
    if (command.trim() === "") fail("command", "a non-empty string or array", JSON.stringify(command));
    if (command.includes("\0")) fail("command", NO_NUL, JSON.stringify(command));
    return;
  }
  if (!Array.isArray(command) || command.length === 0 || !command.every((a) => typeof a === "string")) {
    fail("command", "a non-empty string or a non-empty array of strings", command);
  }
  const nul = command.find((arg) => arg.includes("\0"));
  if (nul !== undefined) fail("command", NO_NUL, JSON.stringify(nul));
}

// Checked before anything runs, locally too: a spawn would fail only once started, naming Node's `args[1]`.
const NO_NUL = "free of NUL bytes (no shell or argv can carry them)";

/** Refuses an option name `call` does not know, naming it (and the likely one meant): a typo is never ignored. */
export function assertKnownOptions(options: unknown, call: OptionsCall): void {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    fail(`${call} options`, "an object", options);
  const known: readonly string[] = OPTION_KEYS[call];
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const local = REMOTE_ONLY.includes(key) ? `: \`${key}\` is an option of remote runs (host.run, group.run)` : "";
    const guess = closest(key, known);
    const hint = local || (guess === undefined ? "" : `; did you mean \`${guess}\`?`);
    throw new TypeError(`Unknown option \`${key}\` for ${call}${hint} (it takes: ${known.join(", ")})`);
  }
}

/**
 * Validates the options every run takes (and a remote run's ssh options) for `call`, before anything is spawned;
 * unknown names included.
 */
export function assertRunOptions(
  options: RunOptions & Pick<RemoteRunOptions, "connectTimeout" | "freshConnection" | "batchMode">,
  call: OptionsCall,
): void {
  assertKnownOptions(options, call);
  assertSshOptions(options);
  assertStdin(options);
  for (const stream of ["stdout", "stderr"] as const) {
    const mode = options[stream];
    if (mode !== undefined && mode !== "print" && mode !== "pipe") fail(stream, '"print" or "pipe"', mode);
  }
  const { timeout, env, cwd, maxBuffer } = options;
  if (maxBuffer !== undefined && !(typeof maxBuffer === "number" && Number.isInteger(maxBuffer) && maxBuffer > 0)) {
    fail("maxBuffer", "a positive whole number of bytes", maxBuffer);
  }
  if (options.encoding !== undefined && options.encoding !== "utf8" && options.encoding !== "buffer")
    fail("encoding", '"utf8" or "buffer"', options.encoding);
  if (timeout !== undefined && !(typeof timeout === "number" && timeout > 0 && Number.isFinite(timeout))) {
    fail("timeout", "a positive number of milliseconds", timeout);
  }
  if (cwd !== undefined && (typeof cwd !== "string" || cwd === "")) fail("cwd", "a non-empty path", cwd);
  if (options.quiet !== undefined && typeof options.quiet !== "boolean") fail("quiet", "a boolean", options.quiet);
  for (const [name, value] of Object.entries(env ?? {})) {
    if (!ENV_NAME.test(name)) fail("env", "names of letters, digits and `_` (not starting with a digit)", name);
    if (typeof value !== "string") fail(`env.${name}`, "a string", value);
    if (value.includes("\0")) fail(`env.${name}`, "a string without NUL bytes", JSON.stringify(value));
  }
}

// `input`, `stdin` and `prefix`: what the command reads, and what it runs after.
function assertStdin({ input, stdin, prefix }: RunOptions): void {
  if (
    input !== undefined &&
    typeof input !== "string" &&
    !(input instanceof Uint8Array) &&
    !(input instanceof Readable)
  )
    fail("input", "a string, a Buffer or a readable stream", input);
  if (stdin !== undefined && stdin !== "inherit") fail("stdin", '"inherit"', stdin);
  if (stdin !== undefined && input !== undefined)
    throw new TypeError('Expected either `input` or `stdin: "inherit"`, got both: a command has one standard input');
  if (prefix !== undefined && (typeof prefix !== "string" || prefix.trim() === "" || prefix.includes("\0")))
    fail("prefix", "a non-empty command line without NUL bytes", prefix);
}

/** A group's hosts run at once: one terminal, or one stream read once, cannot serve them all. */
export function assertGroupStdin({ stdin, input }: RunOptions, call: string): void {
  if (stdin === "inherit")
    throw new TypeError(
      `${call} refuses \`stdin: "inherit"\`: its hosts run at once and would fight over one terminal;` +
        " run the interactive command on one host (`group.hosts[i].run`), or send `input`",
    );
  if (input instanceof Readable)
    throw new TypeError(
      `${call} refuses a stream as \`input\`: a stream is read once, and each host needs all of it;` +
        " read it into a Buffer first (every host then gets the same bytes)",
    );
}

// The ssh options of a remote run (checked here too, so that a group call rejects them once, up front).
function assertSshOptions(options: Pick<RemoteRunOptions, "connectTimeout" | "freshConnection" | "batchMode">): void {
  const { connectTimeout } = options;
  if (
    connectTimeout !== undefined &&
    !(typeof connectTimeout === "number" && Number.isInteger(connectTimeout) && connectTimeout >= 1)
  ) {
    fail("connectTimeout", "a positive whole number of seconds", connectTimeout);
  }
  for (const name of ["freshConnection", "batchMode"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "boolean") fail(name, "a boolean", options[name]);
  }
}

/** `concurrency` for group calls: a positive integer or Infinity. */
export function assertConcurrency(concurrency: unknown): asserts concurrency is number {
  if (!(
    concurrency === Infinity ||
    (typeof concurrency === "number" && Number.isInteger(concurrency) && concurrency >= 1)
  )) {
    fail("concurrency", "a positive integer or Infinity", concurrency);
  }
}

/** A transport name (`transport` option, setting, or `DEPLOYKIT_TRANSPORT`). */
export function assertTransport(value: unknown, name = "transport"): Transport {
  if (value !== "auto" && value !== "native" && value !== "openssh") fail(name, '"auto", "native" or "openssh"', value);
  return value;
}
