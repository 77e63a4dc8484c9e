/**
 * What a package.json's "exports" (or, with `imports`, its "imports") maps `key` to (`"."`, `"./sub/path"`,
 * `"#name"`) under `conditions`, by Node's rules: exact keys first, then the `*` pattern with the longest prefix;
 * condition objects in their own order; the first valid target of an array; `*` replaced by what it matched. A
 * target relative to the package ("./dist/x.js"), or for "imports" a package ("dep/x"); undefined when the map has
 * no entry, a null one, or none for these conditions. An invalid target goes to `invalid`, which throws.
 */
export function mappedTarget(
  map: unknown,
  key: string,
  conditions: ReadonlySet<string>,
  imports: boolean,
  invalid: (target: unknown) => never,
): string | undefined {
  const entries = sugared(map, imports);
  if (entries === undefined) return undefined;
  const at = (match: string, pattern: string) => target(entries[pattern], match, conditions, imports, invalid);
  if (Object.hasOwn(entries, key) && !key.includes("*")) return at("", key) ?? undefined;
  let best = "";
  for (const pattern of Object.keys(entries)) {
    const star = pattern.indexOf("*");
    if (star === -1 || star !== pattern.lastIndexOf("*") || !key.startsWith(pattern.slice(0, star))) continue;
    const suffix = pattern.slice(star + 1);
    if (key.length >= pattern.length && key.endsWith(suffix) && patternOrder(best, pattern) === 1) best = pattern;
  }
  if (best === "") return undefined;
  const star = best.indexOf("*");
  const match = key.slice(star, key.length - (best.length - star - 1));
  if (hasBadSegment(match)) invalid(match);
  return at(match, best) ?? undefined;
}

// "exports": "./x.js" (or an array, or an object of conditions) means { ".": that }.
function sugared(map: unknown, imports: boolean): Record<string, unknown> | undefined {
  if (map === null || map === undefined) return undefined;
  if (typeof map !== "object" || Array.isArray(map)) return imports ? undefined : { ".": map };
  const record = map as Record<string, unknown>;
  if (imports || Object.keys(record).some((key) => key.startsWith("."))) return record;
  return { ".": record };
}

// Node's PATTERN_KEY_COMPARE: 1 when `b` is the better pattern (longer prefix, then longer key).
function patternOrder(a: string, b: string): number {
  const baseA = a.includes("*") ? a.indexOf("*") + 1 : a.length;
  const baseB = b.includes("*") ? b.indexOf("*") + 1 : b.length;
  if (baseA !== baseB) return baseA > baseB ? -1 : 1;
  if (!a.includes("*")) return 1;
  if (!b.includes("*")) return -1;
  return a.length === b.length ? 0 : a.length > b.length ? -1 : 1;
}

// Undefined: no condition matched here, the caller goes on; null: excluded.
function target(
  value: unknown,
  match: string,
  conditions: ReadonlySet<string>,
  imports: boolean,
  invalid: (target: unknown) => never,
): string | null | undefined {
  if (typeof value === "string") {
    if (!isValid(value, imports)) invalid(value);
    return value.replaceAll("*", match);
  }
  if (Array.isArray(value)) {
    // The first valid target wins, whether or not its file exists; after none, the last invalid one or null says why.
    let last: { readonly invalid: unknown } | null | undefined;
    for (const entry of value as unknown[]) {
      if (typeof entry === "string" && !isValid(entry, imports)) last = { invalid: entry };
      else {
        const found = target(entry, match, conditions, imports, invalid);
        if (found === null) last = null;
        else if (found !== undefined) return found;
      }
    }
    return last ? invalid(last.invalid) : last;
  }
  if (value !== null && typeof value === "object") {
    for (const [condition, next] of Object.entries(value)) {
      if (condition !== "default" && !conditions.has(condition)) continue;
      const found = target(next, match, conditions, imports, invalid);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return value === null ? null : undefined;
}

// Inside the package ("./…", no `..`, `.`, empty or node_modules segment), or for "imports" a package name.
function isValid(value: string, imports: boolean): boolean {
  if (value.startsWith("./")) return !hasBadSegment(value.slice(2));
  return imports && !value.startsWith("../") && !value.startsWith("/") && !URL.canParse(value);
}

function hasBadSegment(path: string): boolean {
  return path.split(/[\\/]/).some((segment) => ["", ".", "..", "node_modules"].includes(segment.toLowerCase()));
}
