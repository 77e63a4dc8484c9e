import type { ConfigLine } from "./lines.ts";
import { matchPatternList } from "./patterns.ts";
import type { Reading, Settings } from "./read-config.ts";
import { localUser } from "./tokens.ts";

// `Match` criteria, all of which must hold; `!` negates one. `exec` and `localnetwork` need ssh itself.
export function matchLine(settings: Settings, line: ConfigLine, reading: Reading): boolean {
  const args = [...line.args];
  let result = true;
  while (args.length > 0) {
    const raw = args.shift()!;
    // A comment ends the criteria (valid.ts: not where a criterion's value should be).
    if (raw.startsWith("#")) break;
    const negate = raw.startsWith("!");
    const criterion = (negate ? raw.slice(1) : raw).toLowerCase();
    // `all` ends the line (valid.ts: nothing may follow it).
    if (criterion === "all") return result && !negate;
    if (criterion === "canonical" || criterion === "final") {
      // Both hold only in the final pass, which a `Match final` asks for (CanonicalizeHostname goes to ssh).
      if (criterion === "final") settings.wantFinal = true;
      if (reading.final === negate) result = false;
      continue;
    }
    const value = args.shift() ?? "";
    if (criterion === "exec" || criterion === "localnetwork") {
      // ssh runs no `exec` after a criterion that failed (the line fails whatever it says): only one it runs is ssh's.
      if (criterion === "exec" && !result) continue;
      settings.openssh ??= `Match ${criterion}`;
      result = false;
      continue;
    }
    const subject = subjectOf(settings, criterion, reading);
    if (subject === undefined) {
      settings.openssh ??= `Match ${criterion}`;
      result = false;
      continue;
    }
    const matched = matchPatternList(subject, value, criterion.endsWith("host")) === 1;
    if (matched === negate) result = false;
  }
  return result;
}

function subjectOf(settings: Settings, criterion: string, reading: Reading): string | undefined {
  const hostName = settings.first.get("hostname")?.[0];
  switch (criterion) {
    case "host":
      // (In the final pass HostName is the name `Host` lines match, %-escaped: resolve.ts.)
      // One pass, as percent_expand: `%%h` is a `%` and an `h`.
      return hostName === undefined
        ? reading.host
        : hostName.replace(/%[h%]/g, (t) => (t === "%%" ? "%" : reading.host));
    case "originalhost":
      return reading.originalHost;
    case "user":
      return settings.first.get("user")?.[0] ?? localUser().name;
    case "localuser":
      return localUser().name;
    default:
      return undefined;
  }
}
