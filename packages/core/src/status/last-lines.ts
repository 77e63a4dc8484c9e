import { forTerminal } from "../output/escapes.ts";
import { hostList } from "../output/one-line.ts";
import { visible } from "../output/printer.ts";

// The failed hosts' last lines a table shows at most, in blocks: past them, the output above has the rest.
const TAIL_BLOCKS = 10;

// The last lines of each failed host, those of hosts that ended alike (the same last lines) in one block.
export function lastLines(failed: readonly { host: string; tail?: readonly string[] | undefined }[]): string[] {
  const byTail = new Map<string, { hosts: string[]; tail: readonly string[] }>();
  for (const { host, tail } of failed) {
    if (tail === undefined || tail.length === 0) continue;
    const key = tail.join("\n");
    const block = byTail.get(key) ?? { hosts: [], tail };
    block.hosts.push(host);
    byTail.set(key, block);
  }
  const blocks = [...byTail.values()];
  const out = blocks
    .slice(0, TAIL_BLOCKS)
    .flatMap(({ hosts, tail }) => [
      "",
      forTerminal(`last lines of ${hostList(hosts)}:`),
      ...tail.map((text) => `  ${forTerminal(visible(text))}`),
    ]);
  const left = blocks.slice(TAIL_BLOCKS).reduce((count, { hosts }) => count + hosts.length, 0);
  if (left > 0)
    out.push("", `(the last lines of ${left} more failed host${left === 1 ? "" : "s"} are in the output above)`);
  return out;
}
