import type { colors as makeColors, TagColors } from "../output/colors.ts";
import { colourEnded } from "../output/escapes.ts";
import { hostList, oneLine } from "../output/one-line.ts";
import { exitCodeText } from "../run/command-result.ts";
import type { Failed } from "./failed-output.ts";
import { cut, sanitize } from "./width.ts";

type Colors = ReturnType<typeof makeColors>;

/**
 * The compact view's last words: each failed command's output, tagged as the full view would have shown it; hosts
 * whose command failed alike (the same command, exit code and lines) share one block, tagged `[first +N]`. Hosts come
 * in the order `rank` gives them (the summary's), a host's commands in the order they failed.
 */
export function renderFailed(
  failed: readonly Failed[],
  tags: TagColors,
  c: Colors,
  rank: (tag: string) => number = () => 0,
): string[] {
  const lines: string[] = [];
  // A stable sort: a host's own failures keep their order.
  for (const alike of grouped([...failed].sort((a, b) => rank(a.tag) - rank(b.tag)))) {
    const [command] = alike as [Failed, ...Failed[]];
    // A host whose command failed alike again (a retry) is one host.
    const hosts = [...new Set(alike.map((each) => each.tag))];
    const tag = tags.paint(command.tag, c, hosts.length === 1 ? command.tag : `${command.tag} +${hosts.length - 1}`);
    const dropped = command.lines.length < command.count;
    const what = dropped ? `its last ${command.lines.length} of ${command.count} lines` : "its output";
    const logs = logFiles(alike);
    const rest =
      logs !== undefined
        ? command.problem === undefined
          ? `; all of them are in ${logs}`
          : `; all of them were to be in ${logs}, but writing it failed (${command.problem})`
        : dropped && command.problem !== undefined
          ? `; the rest was not kept (${command.problem})`
          : "";
    // The command is cut as in error messages: the header should fit on a line, the log path aside.
    const shown = cut(sanitize(oneLine(command.command)), 50);
    const times = alike.length === hosts.length ? "" : ` ${alike.length} times`;
    const where = hosts.length === 1 ? times : ` on ${hostList(hosts.map(sanitize))}${times} alike`;
    const header = `\`${shown}\` failed (exit code ${exitCodeText(command.exitCode)})${where}; ${what}${rest}:`;
    lines.push("", `${c.red("✖")} ${tag} ${c.red(header)}`);
    for (const line of command.lines) {
      const text = colourEnded(sanitize(line.text));
      lines.push(`${tag} ${line.stderr ? c.red(text) : text}`);
    }
  }
  return lines;
}

// Where the whole output of a block's hosts is, when in log files: one or two named, else the first and a count.
function logFiles(alike: readonly Failed[]): string | undefined {
  const logs = alike.flatMap((each) => (each.log === undefined ? [] : [each.log]));
  if (logs.length === 0) return undefined;
  return logs.length <= 2 ? logs.join(" and ") : `${logs[0]} and ${logs.length - 1} more beside it`;
}

// The failed commands in blocks of those that ended alike, in the order of the first of each.
function grouped(failed: readonly Failed[]): Failed[][] {
  const blocks = new Map<string, Failed[]>();
  for (const each of failed) {
    const key = JSON.stringify([each.command, each.exitCode, each.count, each.problem, each.lines]);
    const block = blocks.get(key);
    if (block === undefined) blocks.set(key, [each]);
    else block.push(each);
  }
  return [...blocks.values()];
}
