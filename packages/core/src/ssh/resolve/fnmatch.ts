// One path segment matched as glob(3) matches it (glibc's fnmatch with FNM_PERIOD, backslash escaping): `*`, `?`,
// bracket expressions, `\` quoting the next character, and a leading `.` matched only by a `.` written as such.

// The character classes as the C locale has them (ASCII alone).
const re = (pattern: RegExp) => (c: string) => pattern.test(c);
const CLASSES: Readonly<Record<string, (c: string) => boolean>> = {
  alnum: re(/[A-Za-z0-9]/),
  alpha: re(/[A-Za-z]/),
  blank: re(/[ \t]/),
  cntrl: (c) => c.codePointAt(0)! < 0x20 || c === "\u007f",
  digit: re(/[0-9]/),
  graph: re(/[!-~]/),
  lower: re(/[a-z]/),
  print: re(/[ -~]/),
  punct: re(/[!-/:-@[-`{-~]/),
  space: re(/[ \t\n\v\f\r]/),
  upper: re(/[A-Z]/),
  xdigit: re(/[0-9A-Fa-f]/),
};

type Bracket = { readonly test: (c: string) => boolean; readonly end: number };

// The bracket expression opening at `p[at]` (`[`), and the index after its `]`; undefined when none closes it (then
// the `[` is an ordinary character).
function bracket(p: readonly string[], at: number): Bracket | undefined {
  let i = at + 1;
  const negated = p[i] === "!" || p[i] === "^";
  if (negated) i += 1;
  const tests: ((c: string) => boolean)[] = [];
  for (let first = true; i < p.length; first = false) {
    if (p[i] === "]" && !first) return { test: (c) => tests.some((t) => t(c)) !== negated, end: i + 1 };
    const name = p[i] === "[" && p[i + 1] === ":" ? /^\[:([a-z]+):\]/.exec(p.slice(i).join("")) : null;
    if (name) {
      const cls = CLASSES[name[1]!];
      if (cls === undefined) return undefined;
      tests.push(cls);
      i += name[0].length;
      continue;
    }
    const low = p[i] === "\\" && i + 1 < p.length ? p[++i]! : p[i]!;
    i += 1;
    if (p[i] === "-" && i + 1 < p.length && p[i + 1] !== "]") {
      const high = p[i + 1] === "\\" && i + 2 < p.length ? p[i + 2]! : p[i + 1]!;
      i += p[i + 1] === "\\" ? 3 : 2;
      const [from, to] = [low.codePointAt(0)!, high.codePointAt(0)!];
      tests.push((c) => c.codePointAt(0)! >= from && c.codePointAt(0)! <= to);
    } else tests.push((c) => c === low);
  }
  return undefined;
}

/** Whether `pattern` has a character glob(3) expands (`*`, `?`, or a `[` that a `]` closes), outside quoting. */
export function hasMagic(pattern: string): boolean {
  const p = [...pattern];
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "\\") i += 1;
    else if (p[i] === "*" || p[i] === "?" || (p[i] === "[" && bracket(p, i) !== undefined)) return true;
  }
  return false;
}

/** The segment `pattern` with its quoting taken off: the name it stands for when it has no magic. */
export function unquoted(pattern: string): string {
  return pattern.replace(/\\([\s\S])/g, "$1");
}

/** Whether the file name `name` matches the segment `pattern`, as glob(3) compares them. */
export function fnmatch(pattern: string, name: string): boolean {
  return matchFrom([...pattern], 0, [...name], 0);
}

function matchFrom(p: readonly string[], pi: number, t: readonly string[], ti: number): boolean {
  for (; pi < p.length; pi++) {
    const c = p[pi]!;
    // A name's leading dot is for a dot written in the pattern alone.
    const period = ti === 0 && t[0] === ".";
    if (c === "*") {
      if (period) return false;
      while (p[pi + 1] === "*") pi += 1;
      for (let at = ti; at <= t.length; at++) if (matchFrom(p, pi + 1, t, at)) return true;
      return false;
    }
    if (ti >= t.length) return false;
    if (c === "?") {
      if (period) return false;
    } else if (c === "[" && bracket(p, pi) !== undefined) {
      const set = bracket(p, pi)!;
      if (period || !set.test(t[ti]!)) return false;
      pi = set.end - 1;
    } else {
      const literal = c === "\\" && pi + 1 < p.length ? p[++pi]! : c;
      if (literal !== t[ti]) return false;
    }
    ti += 1;
  }
  return ti === t.length;
}
