import { strerrorOf } from "../strerror.ts";
import { statSync } from "node:fs";
import { expandTilde, orOpenssh } from "./tokens.ts";
import { splitLine, type ConfigLine } from "./lines.ts";

/** An ssh argv (options only, as `sshOptionArgs` and `connectionArgs` build them), read as OpenSSH's getopt does. */
export type ParsedArgv = {
  /** Command-line settings as config lines, in order: they come before every file, so each wins over them. */
  readonly lines: readonly ConfigLine[];
  /** `-F`: the one config file read instead of the user's and the system's. */
  readonly configFile?: string | undefined;
  /** A flag the native transport does not do as ssh does (e.g. `-v`), with its reason. */
  readonly unsupported?: string | undefined;
  /** What ssh prints about the command line before it connects (an `-i` file it cannot stat), in ssh's words. */
  readonly warnings: readonly string[];
};

// A flag's value, quoted as one word: ssh takes it whole (`-p "22 "` is a port it refuses, not 22).
const quoted = (v: string) => `"${v.replace(/["\\]/g, "\\$&")}"`;
// Flags that are a config setting; `-o` and these are read in order, the first value wins as in a file.
const AS_OPTION: Record<string, (value: string) => string> = {
  p: (v) => `Port ${quoted(v)}`,
  l: (v) => `User ${v}`,
  i: (v) => `IdentityFile ${quoted(v)}`,
  J: (v) => `ProxyJump ${v}`,
};
const SWITCHES: Record<string, string> = { A: "ForwardAgent yes", a: "ForwardAgent no", T: "RequestTTY no" };
// The flags ssh's getopt knows ("1246ab:c:e:fgi:kl:m:no:p:qstvxAB:CD:E:F:GI:J:KL:MNO:P:Q:R:S:TVw:W:XYy"): alone, and
// with a value (getopt's `x:`: the rest of the word, else the next word), so that a value is never read as a flag.
export const SSH_SWITCH_FLAGS = "1246afgknqstvxACGKMNTVXYy";
export const SSH_VALUE_FLAGS = "bceilmopBDEFIJLOPQRSWw";
const WITH_VALUE = new Set(SSH_VALUE_FLAGS);

/** Each flag of `argv` (no destination, no command) as OpenSSH's getopt reads it, with its value if it takes one. */
export function* sshFlags(argv: readonly string[]): Generator<{ readonly flag: string; readonly value?: string }> {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--" || !arg.startsWith("-") || arg === "-") return;
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j]!;
      if (!WITH_VALUE.has(flag)) {
        yield { flag };
        continue;
      }
      // The rest of the word (`-F/path`), else the next word.
      yield { flag, value: j + 1 < arg.length ? arg.slice(j + 1) : (argv[++i] ?? "") };
      break;
    }
  }
}

/** The config file `-F` names in `argv`, joined or not; the last one, as ssh takes it. */
export function configFileOf(argv: readonly string[]): string | undefined {
  let file: string | undefined;
  for (const { flag, value } of sshFlags(argv)) if (flag === "F") file = value;
  return file;
}

/**
 * Why ssh refuses `argv`'s -J before it reads any file, or undefined: a second -J, or one after an `-o` ProxyJump or
 * ProxyCommand (any value, `none` too), which ssh's getopt has set by then.
 */
export function refusedJump(argv: readonly string[]): string | undefined {
  let before: string | undefined;
  for (const { flag, value } of sshFlags(argv)) {
    const keyword = flag === "o" ? splitLine(value ?? "", "command line")?.keyword : undefined;
    if (flag === "J" && before !== undefined) return before === "-J" ? "-J twice" : `-J after ${before}`;
    if (flag === "J") before = "-J";
    else if (keyword === "proxyjump" || keyword === "proxycommand") before ??= `-o ${value}`;
  }
  return undefined;
}

/** Reads `argv` (no destination, no command). */
export function parseSshArgv(argv: readonly string[]): ParsedArgv {
  const lines: ConfigLine[] = [];
  let configFile: string | undefined;
  let unsupported: string | undefined;
  const warnings: string[] = [];
  for (const { flag, value } of sshFlags(argv)) {
    if (value === undefined) {
      if (SWITCHES[flag]) lines.push(splitLine(SWITCHES[flag], "command line")!);
      else if (flag === "q") lines.push(splitLine("LogLevel QUIET", "command line")!);
      else unsupported ??= flag === "v" ? "verboseSsh (ssh -v)" : `ssh flag -${flag}`;
    } else if (flag === "o") {
      const line = splitLine(value, "command line");
      if (line) lines.push(line);
    } else if (flag === "F") configFile = value;
    else if (flag === "i") {
      // ssh takes an -i file with `~` expanded (so it is not the same as IdentityFile's `~/…` to it), or drops one
      // it cannot stat, with a warning, and falls back to its defaults.
      const path = orOpenssh(
        () => expandTilde(value),
        (why) => (unsupported ??= `${why} (-i)`),
      );
      if (path === undefined) continue;
      const missing = unreadable(path);
      if (missing === undefined) lines.push(splitLine(AS_OPTION.i!(path), "-i")!);
      else warnings.push(`Warning: Identity file ${path} not accessible: ${missing}.`);
    } else if (AS_OPTION[flag]) lines.push(splitLine(AS_OPTION[flag](value), "command line")!);
    else unsupported ??= `ssh flag -${flag}`;
  }
  return { lines, configFile, unsupported, warnings };
}

// Why stat(2) fails on `path`, in strerror's words, or undefined when it does not.
function unreadable(path: string): string | undefined {
  try {
    statSync(path);
    return undefined;
  } catch (error) {
    return strerrorOf(error);
  }
}
