import { Group, Host, HostEntryError, parseHosts, type ParseHostsOptions } from "@deploykit/core";

/**
 * A built-in's option with a bad value: a TypeError that keeps the option's name, so that dk can name the flag it came
 * from and exit 2 (see option-usage.ts, which knows it by `code`, as dk's CLI bundle has a copy of this class).
 */
export class OptionError extends TypeError {
  readonly code = "DK_BAD_OPTION";
  constructor(
    readonly option: string,
    /** What follows the flag's name in dk's message: " expects …, got …", or ": why". */
    readonly detail: string,
    message: string,
  ) {
    super(message);
  }
}

/** A programmer mistake in a built-in's input, in the one message shape: "Expected `x` to be …, got `v` (type)". */
export function fail(what: string, expected: string, value: unknown): never {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  const message = `Expected \`${what}\` to be ${expected}, got \`${shown}\` (${typeof value})`;
  throw new OptionError(what, ` expects ${expected}, got ${shown}`, message);
}

/** A built-in's `limit`: how many hosts at once, when given. */
export function assertLimit(limit: unknown): asserts limit is number | undefined {
  if (limit === undefined || limit === Infinity) return;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1) {
    fail("limit", "a positive integer (hosts at once; all when left out)", limit);
  }
}

// The task options that reach parseHosts under another name, by that name.
const PARSE_HOSTS_NAMES: Readonly<Record<string, string>> = { defaultUser: "user" };

/**
 * parseHosts for a built-in task's `hosts` and its other host options: a bad entry is an OptionError, bad usage of
 * --hosts; a bad value of another option (`user`, `key`) is one of that option, in core's "Expected `x` to be …" words.
 */
export function hostsOption(hosts: string, options: ParseHostsOptions): Group {
  try {
    return parseHosts(hosts, options);
  } catch (error) {
    if (error instanceof HostEntryError) throw new OptionError("hosts", `: ${error.message}`, error.message);
    const message = error instanceof TypeError ? error.message : "";
    const bad = /^Expected `(\w+)` to be (.+)$/s.exec(message);
    if (bad !== null && bad[1]! in options) {
      throw new OptionError(PARSE_HOSTS_NAMES[bad[1]!] ?? bad[1]!, ` expects ${bad[2]!}`, message);
    }
    throw error;
  }
}

/**
 * The hosts of a Group or an array of Host, at least one; with `twice`, each host once (`twice` says what doing a host
 * twice at once would do). `verb` completes "nothing to …".
 */
export function hostList<M>(hosts: Group<M> | readonly Host<M>[], verb: string, twice?: string): readonly Host<M>[] {
  const list: unknown = hosts instanceof Group ? hosts.hosts : hosts;
  if (!Array.isArray(list) || !list.every((host) => host instanceof Host)) {
    throw new TypeError(`Expected \`hosts\` to be a Group or an array of Host, got \`${String(hosts)}\``);
  }
  if (list.length === 0)
    throw new TypeError(`Expected \`hosts\` to hold at least one host, got none: nothing to ${verb}`);
  if (twice !== undefined) {
    const seen = new Set<string>();
    for (const host of list as readonly Host<M>[]) {
      const key = host.toString();
      if (seen.has(key)) throw new TypeError(`Expected each host once, got \`${key}\` twice: ${twice}`);
      seen.add(key);
    }
  }
  return list as readonly Host<M>[];
}
