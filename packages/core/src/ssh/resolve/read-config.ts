import { statSync } from "node:fs";
import { includedFiles } from "./glob.ts";
import { readLines, type ConfigLine } from "./lines.ts";
import { matchLine } from "./match-line.ts";
import { matchHostLine } from "./patterns.ts";
import { apply } from "./apply-line.ts";
import { orOpenssh } from "./tokens.ts";
import { surelyValid } from "./valid.ts";

/** The settings read so far, first value kept per keyword; what `Match` criteria look at. */
export type Settings = {
  /** First value of each keyword (lowercased keyword). */
  readonly first: Map<string, readonly string[]>;
  /** Every IdentityFile, in order (the one option that accumulates across lines). */
  readonly identityFiles: string[];
  /** The IdentityFile and CertificateFile values taken, each with its source. */
  readonly files: Set<string>;
  /** Whether a `Match final` was read: ssh then reads the files once more (the final pass). */
  wantFinal?: boolean;
  /** Why native cannot read this configuration exactly as ssh does (`Match exec`, …), first reason only. */
  openssh?: string;
  /** What ssh prints about the command line before it connects. */
  readonly warnings?: readonly string[];
  /** Whether a line read (that applies or not) may be one ssh refuses: only ssh can tell (see valid.ts). */
  unsure?: boolean;
  /** Keywords this ssh does not know, whose lines it skips where IgnoreUnknown names them (ignore-unknown.ts). */
  readonly unknown?: ReadonlySet<string>;
  /** Keywords of lines applied that IgnoreUnknown names: ssh skips them if it does not know them. */
  ignorable?: Set<string>;
};

const MAX_DEPTH = 16;

/**
 * Where the reading stands: the name `Host` lines match (the destination as given; in the final pass, HostName), the
 * destination as given, whether this is the final pass, and whether it is the user's file (for relative Includes).
 */
export type Reading = {
  readonly host: string;
  readonly originalHost: string;
  readonly final: boolean;
  readonly userFile: boolean;
  /** ssh's permission check for ~/.ssh/config (included files always get it). */
  readonly checkPerm?: boolean;
};

function unsafe(file: string): boolean {
  try {
    const { uid, mode } = statSync(file);
    return (uid !== 0 && uid !== process.getuid?.()) || (mode & 0o022) !== 0;
  } catch {
    return false;
  }
}

/**
 * Reads one config file into `settings` as readconf.c does: `Host`/`Match` switch lines on and off, `Include` reads
 * its files (globbed, sorted) in the including line's state and restores that state after each.
 */
export function readConfigFile(settings: Settings, file: string, reading: Reading, depth = 0, never = false): void {
  if (depth > MAX_DEPTH) return void (settings.openssh ??= `Include nested deeper than ${MAX_DEPTH} in ${file}`);
  // ssh refuses (fatal) ~/.ssh/config or an included file that another user owns or others may write; only -F's own
  // file and the system's are not checked. Left to ssh, which says so.
  if ((depth > 0 || reading.checkPerm === true) && unsafe(file))
    return void (settings.openssh ??= `Bad owner or permissions on ${file}`);
  const lines = readLines(file);
  if (lines === undefined) return;
  const state = { active: !never };
  for (const line of lines) readLine(settings, line, reading, state, depth, never);
}

function readLine(
  settings: Settings,
  line: ConfigLine,
  reading: Reading,
  state: { active: boolean },
  depth: number,
  never: boolean,
): void {
  if (!surelyValid(line)) settings.unsure = true;
  switch (line.keyword) {
    case "host":
      state.active = !never && matchHostLine(reading.host, line.args);
      return;
    case "match":
      state.active = matchLine(settings, line, reading) && !never;
      return;
    case "include": {
      const before = state.active;
      for (const pattern of line.args) {
        // Another user's `~user/…`, which ssh's glob looks up in the passwd database: ssh's to read where it applies;
        // elsewhere ssh only checks its lines, and is asked to (unsure).
        const files = orOpenssh(
          () => includedFiles(pattern, reading.userFile),
          (why) => (before ? (settings.openssh ??= `${why} (Include)`) : (settings.unsure = true)),
        );
        for (const file of files ?? []) readConfigFile(settings, file, reading, depth + 1, never || !before);
      }
      state.active = before;
      return;
    }
    default:
      if (state.active) apply(settings, line, reading.userFile ? "user" : "system");
  }
}
