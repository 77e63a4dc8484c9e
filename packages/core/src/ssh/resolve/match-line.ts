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
    const negate = raw.startsWith("!");
    const criterion = (negate ? raw.slice(1) : raw).toLowerCase();
    if (criterion === "all") continue;
    if (criterion === "canonical" || criterion === "final") {
      // The second pass these ask for is ssh's own; native never makes it.
      settings.openssh ??= `Match ${criterion}`;
      if (!negate) result = false;
      continue;
    }
    const value = args.shift() ?? "";
    if (criterion === "exec" || criterion === "localnetwork") {
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
      return hostName === undefined ? reading.host : hostName.replace(/%h/g, reading.host).replace(/%%/g, "%");
    case "originalhost":
      return reading.host;
    case "user":
      return settings.first.get("user")?.[0] ?? localUser().name;
    case "localuser":
      return localUser().name;
    default:
      return undefined;
  }
}
