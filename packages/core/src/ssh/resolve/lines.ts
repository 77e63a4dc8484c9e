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
 * Splits a config line as readconf.c does: blanks and form feeds cut from the end, the keyword up to a blank, an `=` or
 * a quote (strdelim: one `=` and the blanks around it skipped after it), then the arguments as argv_split reads them:
 * spaces and tabs separate, `"…"` and `'…'` group, a backslash escapes a quote, a backslash or (unquoted) a space, and
 * a word starting with `#` ends the line. Empty and `#` lines give undefined, as does a keyword's open quote (ssh
 * skips such a line).
 */
export function splitLine(text: string, where: string): ConfigLine | undefined {
  let end = text.length;
  while (end > 1 && " \t\r\n\f".includes(text[end - 1]!)) end -= 1;
  let [keyword, rest] = delimit(text.slice(0, end));
  // Leading blanks (or an `=`) make an empty first word: the keyword is the next.
  if (keyword === "") [keyword, rest] = delimit(rest);
  if (keyword === undefined || keyword === "" || keyword.startsWith("#")) return undefined;
  const lower = keyword.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
  const split = argvSplit(rest);
  // match_cfg_line reads its criteria with strdelim (an `=` separates them, only `"` quotes), not argv_split.
  const { args, complete } = lower === "match" ? { ...split, args: delimited(rest) } : split;
  // What ssh keeps of a command or a ProxyJump: the rest of the line, blanks and `=` skipped.
  const whole = rest.replace(/^[ \t\r\n=]+/, "");
  return { keyword: lower, args, text: whole, where, ...(complete ? {} : { complete }) };
}

const BLANKS = /^[ \t\r\n]*/;

// readconf.c's strdelim: the first word and the rest; undefined for a word whose quote is left open.
function delimit(line: string): [string | undefined, string] {
  const at = line.search(/[ \t\r\n"=]/);
  if (at === -1) return [line, ""];
  if (line[at] === '"') {
    // The quote is taken out, and the word ends at the next one.
    const unquoted = line.slice(0, at) + line.slice(at + 1);
    const close = unquoted.indexOf('"', at);
    if (close === -1) return [undefined, ""];
    return [unquoted.slice(0, close), unquoted.slice(close + 1).replace(BLANKS, "")];
  }
  let rest = line.slice(at + 1).replace(BLANKS, "");
  if (line[at] !== "=" && rest.startsWith("=")) rest = rest.slice(1).replace(BLANKS, "");
  return [line.slice(0, at), rest];
}

// strdelim's words, up to an empty one or an open quote (where match_cfg_line stops reading).
function delimited(text: string): string[] {
  const words: string[] = [];
  for (let rest = text; rest !== "";) {
    const [word, after] = delimit(rest);
    if (word === undefined || word === "") break;
    words.push(word);
    rest = after;
  }
  return words;
}

// misc.c's argv_split, a comment ending it; complete is false when a quote is left open (ssh refuses the line).
function argvSplit(text: string): { args: string[]; complete: boolean } {
  const args: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === " " || text[i] === "\t") continue;
    if (text[i] === "#") break;
    let arg = "";
    let quote = "";
    for (; i < text.length; i++) {
      const c = text[i]!;
      const next = text[i + 1];
      if (c === "\\" && (next === "'" || next === '"' || next === "\\" || (quote === "" && next === " ")))
        arg += text[++i];
      else if (quote === "" && (c === " " || c === "\t")) break;
      else if (quote === "" && (c === '"' || c === "'")) quote = c;
      else if (c === quote) quote = "";
      else arg += c;
    }
    args.push(arg);
    if (quote !== "") return { args, complete: false };
  }
  return { args, complete: true };
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
