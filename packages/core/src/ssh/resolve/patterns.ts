// OpenSSH's match.c: `*` and `?` wildcards, comma-separated lists where a `!` pattern that matches vetoes the list.

/** Whether `text` matches one wildcard `pattern` (`*` any run, `?` one character), as OpenSSH's match_pattern. */
export function matchPattern(text: string, pattern: string): boolean {
  // Compared by code points, without a RegExp: this runs for every Host line and every SendEnv name, per host.
  const t = [...text];
  const p = [...pattern];
  let at = 0;
  let next = 0;
  // Where the last `*` was, and the text position it has so far swallowed up to: a mismatch retries from there.
  let star = -1;
  let resume = 0;
  while (at < t.length) {
    if (next < p.length && (p[next] === "?" || p[next] === t[at])) {
      at += 1;
      next += 1;
    } else if (next < p.length && p[next] === "*") {
      star = next;
      next += 1;
      resume = at;
    } else if (star >= 0) {
      next = star + 1;
      resume += 1;
      at = resume;
    } else return false;
  }
  while (p[next] === "*") next += 1;
  return next === p.length;
}

/**
 * OpenSSH's match_pattern_list: 1 when a pattern of the comma-separated `list` matches `text`, -1 when a negated one
 * does (which wins), 0 when none does. Host names and their patterns compare lowercased, as `match_hostname` does.
 */
export function matchPatternList(text: string, list: string, lower = false): 1 | 0 | -1 {
  const subject = lower ? text.toLowerCase() : text;
  let got: 1 | 0 = 0;
  // Each pattern is what lies between commas, spaces and all; no empty one follows a last comma.
  for (let at = 0; at < list.length;) {
    const negated = list[at] === "!";
    if (negated) at += 1;
    const comma = list.indexOf(",", at);
    const end = comma < 0 ? list.length : comma;
    const pattern = list.slice(at, end);
    at = end + 1;
    // ssh copies a pattern into 1024 bytes: a longer one fails the whole list.
    if (Buffer.byteLength(pattern) >= 1023) return 0;
    if (matchPattern(subject, lower ? pattern.toLowerCase() : pattern)) {
      if (negated) return -1;
      got = 1;
    }
  }
  return got;
}

/**
 * A `Host` line's patterns (each its own argument): any match applies it, a matching `!pattern` vetoes it. Compared
 * as written, case and all (`Host WEB` is not `web`), as readconf.c does.
 */
export function matchHostLine(host: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const raw of patterns) {
    const negated = raw.startsWith("!");
    if (matchPattern(host, negated ? raw.slice(1) : raw)) {
      if (negated) return false;
      matched = true;
    }
  }
  return matched;
}
