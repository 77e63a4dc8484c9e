import { readFileSync } from "node:fs";
import { perFile } from "../file-cache.ts";

/** One config line: its keyword (lowercased) and arguments, and where it came from (for messages). */
export type ConfigLine = {
  readonly keyword: string;
  readonly args: readonly string[];
  /** The rest of the line as written, trailing blanks cut: what ssh keeps for a command or a ProxyJump. */
  readonly text: string;
  readonly where: string;
  /** False when a quote is left open, which ssh refuses. */
  readonly complete?: boolean;
};

/**
 * Splits a config line as OpenSSH's argv_split does: whitespace separates, `"…"` and `'…'` group, a backslash escapes
 * a quote or backslash; the keyword may end in `=` (`Port=22`, `Port = 22`). Empty and `#` lines give undefined.
 */
export function splitLine(text: string, where: string): ConfigLine | undefined {
  const line = text.replace(/^[\s]+/, "");
  if (line === "" || line.startsWith("#")) return undefined;
  const key = /^([^\s=]+)\s*=?\s*/.exec(line)!;
  const args: string[] = [];
  let complete = true;
  let rest = line.slice(key[0].length);
  // As readconf.c: blanks and form feeds cut from the end, blanks and `=` skipped after the keyword, quotes kept.
  const whole = rest.replace(/^[\s=]+/, "").replace(/[ \t\r\n\f]+$/, "");
  while (rest !== "") {
    let arg = "";
    let quote: string | undefined;
    let i = 0;
    for (; i < rest.length; i++) {
      const c = rest[i]!;
      if (quote === undefined && /\s/.test(c)) break;
      if (c === "\\" && (rest[i + 1] === '"' || rest[i + 1] === "'" || rest[i + 1] === "\\")) arg += rest[++i];
      else if (quote === undefined && (c === '"' || c === "'")) quote = c;
      else if (c === quote) quote = undefined;
      else arg += c;
    }
    // A comment may follow the arguments (OpenSSH 9 drops a trailing `#…` argument).
    if (arg.startsWith("#") && rest[0] === "#") break;
    if (quote !== undefined) complete = false;
    args.push(arg);
    rest = rest.slice(i).replace(/^\s+/, "");
  }
  return { keyword: key[1]!.toLowerCase(), args, text: whole, where, ...(complete ? {} : { complete }) };
}

/**
 * The lines of a config file; a file that cannot be read gives none (OpenSSH skips a missing one too). Parsed once
 * while the file stays the same: every host reads the same files.
 */
export const readLines = perFile((file): ConfigLine[] | undefined => {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  return text.split("\n").flatMap((line, i) => splitLine(line, `${file}:${i + 1}`) ?? []);
});
