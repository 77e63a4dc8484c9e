import { isIP } from "node:net";
import { endpointTag } from "./host-options.ts";
import type { HostSettings } from "./host-settings.ts";
import { SelectionError } from "./selection-error.ts";
import { TERM } from "./selector-term.ts";
import { fail, showValue } from "./validate.ts";

/** One term of a selector: `@tag` or a name glob, either of them negated with `!`. */
export type SelectorTerm = { readonly negate: boolean; readonly kind: "tag" | "name"; readonly pattern: string };

/** A parsed selector such as `@web,db*,!db3`. */
export type Selector = { readonly text: string; readonly terms: readonly SelectorTerm[] };

/** Something a selector can pick: a host's names, its user and port, and its `meta.tags`. */
export type Selectable = Pick<HostSettings<unknown>, "hostname" | "commandPrefix" | "meta"> &
  Partial<Pick<HostSettings<unknown>, "user" | "port">>;

/** Parses `@tag,name-glob,!excluded`; a `TypeError` names the bad part. Pure. */
export function parseSelector(text: unknown): Selector {
  if (typeof text !== "string" || text.trim() === "") {
    const kind = Array.isArray(text) ? "array" : text === null ? "null" : typeof text;
    const names = Array.isArray(text) && text.every((part) => typeof part === "string");
    const join = names ? `: join its parts with commas (\`${text.join(",")}\`)` : "";
    throw new TypeError(`Expected a selector like \`@web,db*,!db3\`, got \`${showValue(text)}\` (${kind})${join}`);
  }
  const terms = text.split(",").map((raw) => {
    const part = raw.trim();
    const match = TERM.exec(part);
    if (match === null) {
      // `web1 @db`, `web1;db1`: parts separated as a shell or another tool would; what was meant is plain.
      const words = part.split(/[\s;|]+/);
      const split = words.length > 1 && words.every((word) => TERM.test(word));
      throw new TypeError(
        `Expected each part of the selector \`${text}\` to be @TAG, a host name glob (* and ?) or !PART, ` +
          (part === "" ? "got an empty part (between two commas, or at either end)" : `got \`${part}\``) +
          (split ? `: separate its parts with commas (\`${words.join(",")}\`)` : ""),
      );
    }
    return { negate: match[1] === "!", kind: match[2] === "@" ? "tag" : "name", pattern: match[3]! } as const;
  });
  return { text: text.trim(), terms };
}

/** The host's `meta.tags` when it is an array of strings; a `TypeError` when it is something else. */
export function tagsOf(host: Selectable): readonly string[] {
  const tags = (host.meta as { tags?: unknown } | null | undefined)?.tags;
  if (tags === undefined) return [];
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === "string")) {
    throw new TypeError(
      `Expected \`meta.tags\` of host \`${host.commandPrefix}\` to be an array of strings, ` +
        `got \`${showValue(typeof tags === "string" ? JSON.stringify(tags) : tags)}\``,
    );
  }
  return tags;
}

/**
 * Whether the selector picks the host: it matches a term that is not negated (or every term is negated) and no
 * negated term. A name glob matches the hostname, the tag the host's output carries, or its entry as a host list
 * writes it (`root@web1:2222`, `root@web1`, `web1:2222`); one without a dot also matches a DNS hostname's first label,
 * the short name hosts go by (`!db3` leaves out db3.example.com). Pure.
 */
export function selects(selector: Selector, host: Selectable): boolean {
  // Read for a `@tag` only: without one, `meta.tags` is the user's own data, of whatever kind.
  const tags = () => tagsOf(host);
  const hits = (term: SelectorTerm) =>
    term.kind === "tag"
      ? tags().some((tag) => glob(term.pattern, tag))
      : [host.commandPrefix, ...entries(host)].some((name) => glob(term.pattern, name)) ||
        short(term.pattern, host.hostname);
  const positive = selector.terms.filter((term) => !term.negate);
  if (positive.length > 0 && !positive.some(hits)) return false;
  return !selector.terms.some((term) => term.negate && hits(term));
}

/** The hosts the selector picks, in their order; `SelectionError` when it picks none of a non-empty list. */
export function selectHosts<H extends Selectable>(hosts: readonly H[], selector: Selector | string): H[] {
  if (!Array.isArray(hosts)) throw new TypeError(`Expected \`hosts\` to be an array of hosts, got ${typeof hosts}`);
  assertSelectable(hosts);
  const parsed = isSelector(selector) ? selector : parseSelector(selector);
  const chosen = hosts.filter((host) => selects(parsed, host));
  if (chosen.length === 0 && hosts.length > 0) {
    const tags = [...new Set(hosts.flatMap((host) => validTags(host)))].sort();
    const names = hosts.map((host) => host.commandPrefix);
    throw new SelectionError(parsed.text, names, tags);
  }
  return chosen;
}

// Each entry has the names a selector is matched against: names alone, or objects without them, would fail inside.
function assertSelectable(hosts: readonly unknown[]): void {
  const named = (h: Partial<Selectable> | null) =>
    typeof h?.hostname === "string" && typeof h.commandPrefix === "string";
  const bad = hosts.findIndex((h) => !named(h as Partial<Selectable> | null));
  if (bad === -1) return;
  const names = hosts.filter((h) => typeof h === "string").slice(0, 3);
  const hint =
    typeof hosts[bad] === "string"
      ? `: parseHosts makes hosts of names (parseHosts(${JSON.stringify(names.join(","))}).hosts)`
      : "";
  fail(`hosts[${bad}]`, "a host (a Host, or an object with a `hostname` and a `commandPrefix`)", hosts[bad], hint);
}

// The host's tags for a SelectionError's list: none when its `meta.tags` is no list of tags.
function validTags(host: Selectable): readonly string[] {
  try {
    return tagsOf(host);
  } catch {
    return [];
  }
}

// A selector parsed already; anything else (a string, or a mistake such as an array of names) goes to parseSelector.
function isSelector(value: unknown): value is Selector {
  return typeof value === "object" && value !== null && Array.isArray((value as Partial<Selector>).terms);
}

// The host as a host list writes it: its name, with its user, its port, or both; an IPv6 address also in brackets
// without a port (`[::1]`, `root@[::1]`), as parseHosts reads it and a host's toString() writes it.
function entries({ user, hostname, port }: Selectable): string[] {
  const withUser = endpointTag(user, hostname, undefined);
  const written = [hostname, withUser, endpointTag(undefined, hostname, port), endpointTag(user, hostname, port)];
  return hostname.includes(":")
    ? [...written, `[${hostname}]`, endpointTag(user, `[${hostname}]`, undefined)]
    : written;
}

// A dotless glob against the first label of a hostname that is a DNS name (an IP address has no short name).
function short(pattern: string, hostname: string): boolean {
  return !pattern.includes(".") && isIP(hostname) === 0 && glob(pattern, hostname.split(".")[0]!);
}

// `*` any run of characters, `?` one; everything else literal, whole string, case-insensitive as DNS names are. Matched
// in one pass, going back only to the last `*`: a regex of many `.*` backtracks for hours on a long name.
function glob(pattern: string, text: string): boolean {
  const [p, t] = [pattern.toLowerCase(), text.toLowerCase()];
  let [i, j] = [0, 0];
  let star = -1;
  let resume = 0;
  while (j < t.length) {
    if (i < p.length && (p[i] === "?" || (p[i] !== "*" && p[i] === t[j]))) [i, j] = [i + 1, j + 1];
    else if (i < p.length && p[i] === "*") [star, resume, i] = [i, j, i + 1];
    else if (star !== -1) [i, j, resume] = [star + 1, resume + 1, resume + 1];
    else return false;
  }
  while (p[i] === "*") i++;
  return i === p.length;
}
