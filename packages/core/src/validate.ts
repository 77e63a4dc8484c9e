import { isIP } from "node:net";
import { inspect } from "node:util";
import { hostnameFault, MAX_NAME, NO_PASSWORD, octalFault, withoutPassword } from "./hostname-fault.ts";
import { closest, elsewhere, notOptions, OPTION_KEYS, type OptionsCall } from "./option-keys.ts";
import { isAbortSignal } from "./abort-signal.ts";
import type { Command, Transport } from "./types.ts";

// A hostname, an IPv4 address or a bare IPv6 address, its zone an interface name as Node reads one (`%br-lan`);
// nothing a shell or ssh could read as more.
const HOSTNAME = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_.])?$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9.-]+)?$/;
// A directory account's name carries its domain (`jdoe@corp.example.com`): ssh ends the user at the last `@`.
const USER = /^[A-Za-z0-9_.][A-Za-z0-9_.-]*(@[A-Za-z0-9_.-]+)*\$?$/;

/** "Expected `what` to be …, got `value` (its type)": arrays and objects shown as JSON, and named as such. */
export function fail(what: string, expected: string, value: unknown, why = ""): never {
  const kind = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
  throw new TypeError(`Expected \`${what}\` to be ${expected}, got \`${showValue(value)}\` (${kind})${why}`);
}

// A value shown in a message is cut here: a Group or a request object given by mistake holds thousands of characters.
const SHOWN = 200;

/**
 * A wrong value, for a message: a plain object or array as JSON; as inspect shows it where JSON cannot (a cycle, a
 * BigInt) or would not say what it is (an object of a class, a Blob, shown by JSON as `{}`).
 */
export function showValue(value: unknown): string {
  const inspected = () => inspect(value, { breakLength: Infinity, depth: 2 });
  let text: string;
  try {
    if (typeof value !== "object" || value === null) text = String(value);
    else text = (isPlain(value) ? JSON.stringify(value) : undefined) ?? inspected();
  } catch {
    text = inspected();
  }
  return text.length > SHOWN ? `${text.slice(0, SHOWN)}…` : text;
}

// An array, or an object of no class; throws for one whose prototype cannot be read (a revoked proxy).
function isPlain(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}

/** Rejects hostnames that ssh could take for an option or a shell for syntax, and names that are no address. */
export function assertHostname(hostname: unknown): asserts hostname is string {
  const expected = "a hostname or IP address (letters, digits, `.`, `-`, `_`; not starting with `-`)";
  if (typeof hostname !== "string") fail("hostname", expected, hostname);
  // Checked first: the patterns below take time that grows faster than the length (a run of colons).
  if (hostname.length > MAX_NAME) fail("hostname", expected, hostname, hostnameFault(hostname));
  // A colon belongs to IPv6 alone: `db:2222` (a port written into the name) would reach ssh as a name to resolve.
  const address = !hostname.includes(":") || isIP(hostname) === 6;
  // A number alone is an IPv4 address to ssh (`2222` is 0.0.8.174), never what was meant.
  if (HOSTNAME.test(hostname) && address && !/^\d+$/.test(hostname) && octalFault(hostname) === undefined) return;
  const hidden = withoutPassword(hostname);
  if (hidden !== undefined) fail("hostname", expected, hidden, `: a password does not go in a host${NO_PASSWORD}`);
  const entry = /^[^@:]+@|^[^:]+:\d+$|^\[.*\]/.test(hostname);
  if (!entry) fail("hostname", expected, hostname, hostnameFault(hostname));
  throw new TypeError(
    `Expected \`hostname\` to be ${expected}, got \`${hostname}\` (string): ` +
      'a user or port goes in the `user` or `port` option (`new Host("web1", { user: "admin", port: 2222 })`), ' +
      "or parse `user@host:port` with parseHosts",
  );
}

export function assertUser(user: unknown, name = "user"): asserts user is string {
  if (typeof user === "string" && USER.test(user)) return;
  const hidden = typeof user === "string" ? withoutPassword(user, true) : undefined;
  const why = hidden === undefined ? "" : `: a password does not go in a user name${NO_PASSWORD}`;
  fail(name, "a user name (letters, digits, `.`, `-`, `_`, and a directory account's `@domain`)", hidden ?? user, why);
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
  // Node would refuse to spawn it in its own words, a host's shell say only `exec: : not found`.
  if (command[0] === "")
    fail("command", "an array that starts with the program to run", command, ": its first element is empty");
}

// Checked before anything runs, locally too: a spawn would fail only once started, naming Node's `args[1]`.
const NO_NUL = "free of NUL bytes (no shell or argv can carry them)";

/** Refuses an option name `call` does not know, naming it (and the likely one meant): a typo is never ignored. */
export function assertKnownOptions(options: unknown, call: OptionsCall): void {
  if (typeof options !== "object" || options === null || Array.isArray(options))
    fail(`${call} options`, "an object", options, notOptions(options));
  const known: readonly string[] = OPTION_KEYS[call];
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    const hint = elsewhere(key, call) || (guess === undefined ? "" : `; did you mean \`${guess}\`?`);
    throw new TypeError(`Unknown option \`${key}\` for ${call}${hint} (it takes: ${known.join(", ")})`);
  }
}

/**
 * Each of `names` that `options` gives is a boolean: a string such as "false" or "no" is truthy, and taken as it is
 * would mean the opposite of what was written.
 */
export function assertSwitches<O extends object>(options: O, names: readonly (keyof O & string)[]): void {
  for (const name of names) {
    if (options[name] !== undefined && typeof options[name] !== "boolean") fail(name, "a boolean", options[name]);
  }
}

/** Node's longest timer, in ms (24.8 days): it fires a longer one at once (with a warning). */
export const MAX_TIMER_MS = 2_147_483_647;
/** The same in whole seconds, for the ssh options counted in seconds. */
export const MAX_TIMER_S = Math.floor(MAX_TIMER_MS / 1000);

/** `timeout` and `signal`, as every run and transfer takes them. */
export function assertStop({ timeout, signal }: { readonly timeout?: unknown; readonly signal?: unknown }): void {
  if (timeout !== undefined && !(typeof timeout === "number" && timeout > 0 && timeout <= MAX_TIMER_MS))
    fail(
      "timeout",
      `a positive number of milliseconds, at most ${MAX_TIMER_MS} (Node's longest timer, 24.8 days)`,
      timeout,
      // What execa and others take for none.
      timeout === 0 || timeout === Infinity ? ": leave `timeout` out for no limit" : "",
    );
  if (signal !== undefined && !isAbortSignal(signal)) fail("signal", "an AbortSignal", signal);
}

/** `concurrency` for group calls: a positive integer or Infinity. */
export function assertConcurrency(concurrency: unknown): asserts concurrency is number {
  // Past 2^53 - 1 p-map refuses it, in its own words, once the group call is under way.
  if (!(concurrency === Infinity || (Number.isSafeInteger(concurrency) && (concurrency as number) >= 1))) {
    fail("concurrency", "a positive integer or Infinity (whole numbers up to 2^53 - 1)", concurrency);
  }
}

/** A transport name (`transport` option, setting, or `DEPLOYKIT_TRANSPORT`). */
export function assertTransport(value: unknown, name = "transport"): Transport {
  const hint =
    value === "ssh" ? ': the ssh binary is "openssh"' : value === "ssh2" ? ': in-process (ssh2) is "native"' : "";
  if (value !== "auto" && value !== "native" && value !== "openssh")
    fail(name, '"auto", "native" or "openssh"', value, hint);
  return value;
}
