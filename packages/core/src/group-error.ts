import { inspect, type InspectOptionsStylized } from "node:util";
import { errorChain, isError, isInstance } from "./error-chain.ts";
import type { HostResult } from "./host-result.ts";
import { cutReason, hostList, joinedLines } from "./output/one-line.ts";
import { showValue } from "./validate.ts";

/** Why one host failed, in one line. */
export function reasonOf(error: unknown): string {
  // Reading a thrown value can throw too (a revoked proxy, a getter): that must not keep the other hosts from settling.
  try {
    // `instanceof` reads the prototype, which a revoked proxy cannot give: such a value cannot be shown.
    if (error instanceof Error || isError(error)) return errorReason(error);
    return isMessage(error) ? joinedLines(error) : `threw ${valueText(error)}`;
  } catch {
    return "a thrown value that cannot be shown";
  }
}

// A thrown string that says something is a message (`throw "no disk"`); a blank one is shown quoted, as a value.
function isMessage(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

// Thrown and shown as a value, not as words.
function isValue(thrown: unknown): boolean {
  return !isError(thrown) && !isMessage(thrown);
}

// A value as inspect shows it (`{ code: 5 }`, not `[object Object]`), in one line.
function valueText(value: unknown): string {
  return joinedLines(inspect(value, { breakLength: Infinity })) || String(value);
}

// What one error says: its own `reason` (core's and the built-ins' errors word their causes there), else its message,
// the errors an AggregateError gathers and what caused it (fetch's "fetch failed" says why only in its cause).
function errorReason(error: Error): string {
  const said = shortText(error);
  if (ownReason(error) !== undefined || error instanceof GroupError) return said;
  const { causes, moreCauses, errors, errorCount } = errorChain(error);
  let text = said + gathered(errors, errorCount);
  for (const cause of causes.map(shortText)) {
    // A message that quotes its cause (`deploy failed: ${e.message}`) says it already.
    if (!text.includes(cause)) text += `; caused by: ${cause}`;
  }
  return moreCauses ? `${text}; caused by: …` : text;
}

// An AggregateError's errors, in brackets after its message.
function gathered(errors: readonly unknown[], count: number): string {
  if (count === 0) return "";
  const more = count > errors.length ? `; and ${count - errors.length} more` : "";
  return ` (${count === 1 ? "1 error" : `${count} errors`}: ${errors.map(shortText).join("; ")}${more})`;
}

// A cause or a gathered error, in words: its own reason or message, a value as a value.
function shortText(value: unknown): string {
  if (isError(value)) return joinedLines(ownReason(value) ?? value.message) || value.name;
  return isMessage(value) ? joinedLines(value) : valueText(value);
}

// A host's result as a group call makes it: made elsewhere (by hand), checked by its shape.
function isHostResult(value: unknown): boolean {
  const result = value as { ok?: unknown; host?: { commandPrefix?: unknown } } | null;
  return typeof result?.ok === "boolean" && typeof result.host?.commandPrefix === "string";
}

// The `reason` core's and the built-ins' errors word their failure in, if `error` has one.
function ownReason(error: Error): string | undefined {
  return "reason" in error && typeof error.reason === "string" ? error.reason : undefined;
}

/** Thrown by a checked group call after every host finished, when any failed. Carries every host's result. */
export class GroupError<T = unknown, Meta = Record<string, unknown>> extends AggregateError {
  override readonly name = "GroupError";
  declare readonly results: readonly HostResult<T, Meta>[];
  declare readonly failed: readonly HostResult<T, Meta>[];

  // A thrown value whose prototype cannot be read is no GroupError, rather than an error of its own.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isInstance(this, value);
  }

  constructor(results: readonly HostResult<T, Meta>[]) {
    if (!Array.isArray(results) || !results.every(isHostResult)) {
      throw new TypeError(
        `Expected a GroupError's results to be an array of HostResult (a group call's results), got ` +
          `\`${showValue(results)}\``,
      );
    }
    const failed = results.filter((r) => !r.ok);
    const lines = groupedReasons(
      failed.map((r) => {
        const value = isValue(r.error);
        return { tag: r.host.commandPrefix, reason: reasonOf(r.error), hostname: r.host.hostname, value };
      }),
    );
    // Made by hand, it may hold no failure: "1 host failed" would then be untrue.
    const what = results.length === 1 && failed.length === 1 ? "1 host" : `${failed.length} of ${results.length} hosts`;
    super(
      failed.map((r) => r.error),
      lines.length === 0 ? `${what} failed` : `${what} failed:\n${lines.join("\n")}`,
    );
    // Not enumerable: Node prints an uncaught error's own fields past any custom inspection, and each host would show
    // its `with()` defaults, env values (secrets) included; `toJSON` and console.log show them without those.
    Object.defineProperties(this, { results: { value: results }, failed: { value: failed } });
  }

  /** As JSON: the message, and each host's result as `HostResult` has it (without its host's `with()` defaults). */
  toJSON() {
    return { name: this.name, message: this.message, results: this.results, failed: this.failed };
  }

  // console.log (and Node, for an uncaught throw) shows the message, the counts and the first failure: every host, its
  // error and stack, three times over (results, failed, errors) buried the message under thousands of lines.
  [inspect.custom](depth: number, options: InspectOptionsStylized, show: typeof inspect): string {
    if (depth < 0) return options.stylize(`[${this.name}]`, "special");
    const note = (text: string) => ({ [inspect.custom]: () => options.stylize(text, "undefined") });
    const ok = this.results.filter((r) => r.ok).length;
    const first = this.failed.slice(0, 1);
    const more = this.failed.length > 1 ? [note(`… ${this.failed.length - 1} more`)] : [];
    const shown = {
      results: note(`[${this.results.length} HostResult: ${ok} ok, ${this.results.length - ok} failed]`),
      failed: [...first, ...more],
    };
    return `${this.stack ?? `${this.name}: ${this.message}`} ${show(shown, options)}`;
  }
}

// The lines of reasons a message gives at most: a fleet that fails a thousand ways is counted past them.
const MAX_LINES = 20;

type Failure = { readonly tag: string; readonly reason: string; readonly hostname: string; readonly value: boolean };

// One line per reason: hosts that failed alike (a limit, a wrong key) are named together, not repeated. A reason
// that names its own host (ssh's "connect to host web1 port 22: …") is alike once that name is `<host>`; a thrown
// value is compared whole (`{ host: 'web1' }` holds no `<host>`). Each reason is cut: the error keeps it whole.
function groupedReasons(failures: readonly Failure[]): string[] {
  const byReason = new Map<string, { hosts: string[]; reasons: string[] }>();
  for (const { tag, reason, hostname, value } of failures) {
    const names = [...new Set([tag, hostname])];
    const key = value ? reason : names.reduce((text, name) => text.replace(named(name), "<host>"), reason);
    const group = byReason.get(key) ?? { hosts: [], reasons: [] };
    group.hosts.push(tag);
    group.reasons.push(reason);
    byReason.set(key, group);
  }
  const groups = [...byReason];
  const lines = groups.slice(0, MAX_LINES).map(([key, { hosts, reasons }]) => {
    const reason = hosts.length === 1 ? reasons[0]! : key;
    return `  ${hostList(hosts)}: ${cutReason(reason, undefined, "all in the error's `failed`")}`;
  });
  if (groups.length <= MAX_LINES) return lines;
  const rest = groups.slice(MAX_LINES - 1).reduce((count, [, { hosts }]) => count + hosts.length, 0);
  return [...lines.slice(0, -1), `  and ${rest} more hosts that failed otherwise (each in the error's \`failed\`)`];
}

// `name` as a whole word of a message: not part of a longer name or address; in any case, since ssh lowercases the
// name it is given (`WEB1` fails with "connect to host web1").
function named(name: string): RegExp {
  return new RegExp(`(?<![\\w.-])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-]|\\.\\w)`, "gi");
}
