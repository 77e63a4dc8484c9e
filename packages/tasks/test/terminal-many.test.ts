import { describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";
import { fixture } from "./helpers/paths.ts";
import { inTmux } from "./helpers/tmux.ts";

const HOSTS = 60;
const fleet = useFleet({ hosts: HOSTS });
const MARKS = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏✔✖·■";
const COUNTS = new RegExp(`^${HOSTS} hosts: \\d+ running · \\d+ ok · \\d+ failed · \\d+ waiting$`);
const inBlock = (line: string) => MARKS.includes(line[0] ?? " ") || COUNTS.test(line) || line.startsWith("  … ");

describe(`dk on a terminal with ${HOSTS} hosts (tmux)`, () => {
  it("streams every line, tagged, above counts and the running hosts that fit in half the screen", async () => {
    const args = ["-f", fixture("fleet"), "stream", ...fleet.hostFlags(), "--count", "3", "--delay", "0.3"];
    const { screens, exit, history } = await inTmux(args, { size: { x: 100, y: 30 }, deadlineMs: 120_000 });
    expect(exit, history.join("\n")).toBe(0);
    let counted = 0;
    for (const screen of screens) {
      const text = screen.slice(0, screen.findLastIndex((line) => line.trim() !== "") + 1);
      const start = text.findIndex(inBlock);
      if (start === -1) continue;
      const block = text.slice(start);
      // The block is the bottom of the screen, whole, in at most half of it (14 of 30 rows, one kept free).
      expect(block.every(inBlock), screen.join("\n")).toBe(true);
      expect(block.length, screen.join("\n")).toBeLessThanOrEqual(14);
      expect(block[0], screen.join("\n")).toMatch(COUNTS);
      for (const line of block.slice(1).filter((l) => !l.startsWith("  … ")))
        expect(line).toMatch(/^. \[127\.0\.0\.\d+\] +\d+\.\ds {2}\$ H=/);
      counted++;
    }
    expect(counted, "no frame showed the block").toBeGreaterThan(0);
    for (const host of fleet.sandbox.addresses) {
      for (let i = 1; i <= 3; i++)
        expect(history.filter((line) => line === `[${host}] line ${i} of ${host}`)).toHaveLength(1);
    }
    expect(history).toContain(`${HOSTS} hosts: ${HOSTS} ok, 0 failed`);
  });
});
