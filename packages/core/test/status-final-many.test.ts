// The live view's final state lists every host that did not succeed, thousands in a large fleet that was unreachable:
// its tag column is measured once for all of them, not again for each host (which took seconds at 5000 hosts).
import { describe, expect, it } from "vitest";
import { TagColors, colors } from "../src/output/colors.ts";
import { Board } from "../src/status/board.ts";
import { renderFinal } from "../src/status/render.ts";
import { segmented } from "./helpers/segmented.ts";

describe("the final state of many failed hosts", () => {
  it("costs the same per host however many there are", () => {
    const hosts = 600;
    const board = new Board(0);
    for (let i = 0; i < hosts; i++) {
      const tag = `hôst-${i}`;
      board.start(tag, "deploy");
      board.end(tag, { command: "deploy", exitCode: 255, durationMs: 1, error: "ssh: connection refused" });
    }
    const frame = {
      columns: 100,
      rows: 30,
      now: performance.now(),
      tick: 0,
      colors: colors(true),
      tags: new TagColors(),
    };
    let lines: string[] = [];
    const work = segmented(() => (lines = renderFinal(board.hosts, frame, 0)));
    expect(lines).toHaveLength(hosts + 1);
    expect(lines[1]).toContain("[hôst-0]\u001b[39m   ");
    expect(work / hosts).toBeLessThan(100);
  });
});
