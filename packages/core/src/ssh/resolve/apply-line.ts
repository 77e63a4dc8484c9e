import type { ConfigLine } from "./lines.ts";
import { matchPattern, matchPatternList } from "./patterns.ts";
import type { Settings } from "./read-config.ts";

const FLAG = /^(yes|no|true|false)$/i;
const TIMES = new Set(["connecttimeout", "serveraliveinterval", "forwardx11timeout"]);
// Options that add up rather than keep their first value (readconf.c's lists).
const LISTS = new Set(["localforward", "remoteforward", "dynamicforward"]);
// Options ssh takes the rest of the line for, quotes and a `#` comment included (readconf.c's parse_command).
const WHOLE = new Set(["proxycommand", "proxyjump", "remotecommand", "localcommand", "knownhostscommand"]);

/**
 * Where ssh took a line from, as add_identity_file tells them apart: `-i`, a user's file or `-o`, the system's file.
 */
export type Source = "-i" | "user" | "system";

// Older names readconf.c reads as the same option: whichever comes first sets it.
const ALIASES: Readonly<Record<string, string>> = {
  pubkeyacceptedkeytypes: "pubkeyacceptedalgorithms",
  hostbasedkeytypes: "hostbasedacceptedalgorithms",
  challengeresponseauthentication: "kbdinteractiveauthentication",
};

/** Applies one line of settings (an active one) from `source`: first value wins, lists accumulate. */
export function apply(settings: Settings, given: ConfigLine, source: Source): void {
  if (skipped(settings, given.keyword)) return;
  const line = given.keyword in ALIASES ? { ...given, keyword: ALIASES[given.keyword]! } : given;
  if (line.keyword === "identityfile" || line.keyword === "certificatefile") {
    for (const file of line.args) {
      // ssh skips a file it has already taken from the same source (add_identity_file): the final pass reads every
      // line again.
      const key = `${line.keyword} ${source} ${file}`;
      if (settings.files.has(key)) continue;
      settings.files.add(key);
      if (line.keyword === "identityfile") settings.identityFiles.push(file);
      else settings.first.set(line.keyword, [...(settings.first.get(line.keyword) ?? []), file]);
    }
    return;
  }
  if (line.keyword === "sendenv") {
    // `-pattern` takes out the names given so far that it matches (readconf.c's rm_env).
    let names = settings.first.get("sendenv") ?? [];
    for (const arg of line.args) {
      names = arg.startsWith("-") ? names.filter((n) => !matchPattern(n, arg.slice(1))) : [...names, arg];
    }
    settings.first.set("sendenv", names);
    return;
  }
  if (LISTS.has(line.keyword)) {
    settings.first.set(line.keyword, [...(settings.first.get(line.keyword) ?? []), ...line.args]);
    return;
  }
  // `none` is a time's unset value in readconf.c: a later line may still set it.
  if (TIMES.has(line.keyword) && line.args[0] === "none") return;
  // A socket path is kept apart from yes and no in readconf.c: the first path wins, also over a flag before it.
  if (line.keyword === "forwardagent" && !FLAG.test(line.args[0] ?? "")) {
    if (FLAG.test(settings.first.get("forwardagent")?.[0] ?? "yes")) settings.first.set("forwardagent", line.args);
    return;
  }
  // ProxyCommand and ProxyJump exclude each other: whichever comes first decides.
  if (line.keyword === "proxyjump" && settings.first.has("proxycommand")) return;
  const jump = settings.first.get("proxyjump")?.[0];
  if (line.keyword === "proxycommand" && jump !== undefined) {
    // But a ProxyCommand after `ProxyJump none` is ignored by ssh before 10.3 and taken since (and by backports).
    if (jump.toLowerCase() === "none" && line.text.toLowerCase() !== "none")
      settings.openssh ??= `ProxyCommand ${line.text}`;
    return;
  }
  if (!settings.first.has(line.keyword))
    settings.first.set(line.keyword, WHOLE.has(line.keyword) ? [line.text] : line.args);
}

// Whether ssh skips a line of `keyword`: one it does not know, which the IgnoreUnknown set so far names (readconf.c's
// parse_token, case aside). Until this ssh is asked (ignore-unknown.ts), such a keyword is noted and taken.
function skipped(settings: Settings, keyword: string): boolean {
  const patterns = settings.first.get("ignoreunknown")?.[0];
  if (patterns === undefined || matchPatternList(keyword, patterns, true) !== 1) return false;
  if (settings.unknown?.has(keyword)) return true;
  (settings.ignorable ??= new Set()).add(keyword);
  return false;
}
