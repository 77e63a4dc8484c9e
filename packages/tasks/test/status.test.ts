import { describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";
import { fixture } from "./helpers/paths.ts";
import { inTmux } from "./helpers/tmux.ts";

const file = fixture("fleet");
const MARKS = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏✔✖·■";
const fleet = useFleet({ hosts: 4 });

// A status line: mark, [host], elapsed (none while waiting), then only that host's own text: a line it printed (its
// stderr "gives up" shows as its last line until the failure replaces it), its command, or how it ended.
function checkStatusLine(line: string): string {
  const match = new RegExp(`^[${MARKS}] \\[(127\\.0\\.0\\.\\d+)\\] +(?:\\d+\\.\\ds)?  (.*)$`, "u").exec(line);
  expect(match, `not a whole host line: ${JSON.stringify(line)}`).not.toBeNull();
  const [, host, text] = match!;
  expect(text, `mixed line: ${JSON.stringify(line)}`).toMatch(
    new RegExp(
      `^(line \\d+ of ${host!.replaceAll(".", "\\.")}|\\$ H=.*|ok|waiting|` +
        `(failed with exit code 4: )?${host!.replaceAll(".", "\\.")} gives up|failed with exit code 4: .*…)$`,
    ),
  );
  return host!;
}

const stream = (...globals: string[]) => [
  "-f",
  file,
  ...globals,
  "stream",
  ...fleet.hostFlags(),
  "--count",
  "10",
  "--delay",
  "0.2",
  "--fail",
  fleet.sandbox.addresses[2]!,
];

describe("the compact live status view (--compact) in a real terminal (tmux)", () => {
  it("draws whole host lines in place, never mixed, ending with every host ok or failed and the summary", async () => {
    const { screens, exit } = await inTmux(stream("--compact"), { size: { x: 100, y: 30 } });
    expect(exit).not.toBe(0);
    let live = 0;
    for (const whole of screens) {
      // The view's own lines: what comes after it at the end is the failed host's output, tagged.
      const report = whole.findIndex((line) => /^✖ \[[\d.]+\] `/.test(line));
      const screen = report === -1 ? whole : whole.slice(0, report);
      const hostLines = screen.filter((line) => MARKS.includes(line[0] ?? " "));
      const hosts = hostLines.map(checkStatusLine);
      expect(new Set(hosts).size, screen.join("\n")).toBe(hosts.length);
      // Tagged lines would mean the plain printer wrote on the terminal.
      expect(screen.filter((line) => line.startsWith("[127."))).toEqual([]);
      if (hostLines.some((line) => / line \d+ of /.test(line))) live++;
    }
    expect(live).toBeGreaterThan(2);
    const last = screens.at(-1)!;
    const [a, b, c, d] = fleet.sandbox.addresses;
    for (const host of [a, b, d])
      expect(
        last.some((line) => new RegExp(`^✔ \\[${host}\\] .*  ok$`).test(line)),
        last.join("\n"),
      ).toBe(true);
    expect(last.some((line) => new RegExp(`^✖ \\[${c}\\] .*failed with exit code 4: ${c} gives up$`).test(line))).toBe(
      true,
    );
    expect(last).toContain("4 hosts: 3 ok, 1 failed");
    // The failed host's output, which the view did not show while it ran.
    expect(last.some((line) => line.startsWith(`✖ [${c}] \`H=`))).toBe(true);
    expect(last).toContain(`[${c}] line 10 of ${c}`);
    expect(last.some((line) => line.startsWith('dk: task "stream" failed'))).toBe(true);
  });

  it("with more hosts than rows shows a line of counts and the running hosts that fit", async () => {
    const { screens, exit } = await inTmux(stream("--compact"), { size: { x: 60, y: 4 } });
    expect(exit).not.toBe(0);
    // Frames drawn while hosts ran: a host line shows an output line (at the end the failed output is tagged lines).
    const during = screens.filter((screen) =>
      screen.some((line) => MARKS.includes(line[0] ?? " ") && / line \d+ of /.test(line)),
    );
    expect(during.length).toBeGreaterThan(2);
    for (const screen of during) {
      const lines = screen.filter((line) => line !== "");
      expect(lines[0], screen.join("\n")).toMatch(/^4 hosts: \d running · \d ok · \d failed · \d waiting$/);
      expect(lines.length).toBeLessThanOrEqual(3);
      lines.slice(1).forEach((line) => (line.startsWith("  … ") ? undefined : checkStatusLine(line)));
    }
  });

  it("prints every line tagged with --verbose", async () => {
    const { screens, exit } = await inTmux(stream("--verbose"), { size: { x: 100, y: 60 } });
    expect(exit).not.toBe(0);
    const all = screens.flat();
    expect(all.filter((line) => MARKS.includes(line[0] ?? " "))).toEqual([]);
    expect(all).toContain(`[${fleet.sandbox.addresses[0]}] line 10 of ${fleet.sandbox.addresses[0]}`);
  });
});
