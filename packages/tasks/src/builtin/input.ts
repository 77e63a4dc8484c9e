import { Group, Host } from "@deploykit/core";

/**
 * A built-in's option with a bad value: a TypeError that keeps the option's name, so that dk can name the flag it came
 * from and exit 2 (see option-usage.ts, which knows it by `code`, as dk's CLI bundle has a copy of this class).
 */
export class OptionError extends TypeError {
  readonly code = "DK_BAD_OPTION";
  readonly shown: string;
  constructor(
    readonly option: string,
    readonly expected: string,
    value: unknown,
  ) {
    const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
    super(`Expected \`${option}\` to be ${expected}, got \`${shown}\` (${typeof value})`);
    this.shown = shown;
  }
}

/** A programmer mistake in a built-in's input, in the one message shape: "Expected `x` to be …, got `v` (type)". */
export function fail(what: string, expected: string, value: unknown): never {
  throw new OptionError(what, expected, value);
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
