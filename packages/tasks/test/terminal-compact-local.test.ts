// --compact hides hosts' lines while they run, never a local command's: they scroll above the block as they come.
import { describe, expect, it } from "vitest";
import { fixture } from "./helpers/paths.ts";
import { inTmux } from "./helpers/tmux.ts";

const MARKS = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";

describe("dk --compact on a terminal (tmux)", () => {
  it("a local task: its lines show while it runs, above its running block line", async () => {
    const { screens, exit, history } = await inTmux(["-f", fixture("terminal"), "--compact", "local"], {
      size: { x: 100, y: 30 },
    });
    expect(exit).toBe(0);
    for (let i = 1; i <= 3; i++) expect(history).toContain(`[localhost] local line ${i}`);
    // A frame with the first line shown while the command still ran (a spinner, not ✔, on its block line).
    const running = (screen: string[]) => screen.some((line) => MARKS.includes(line[0] ?? " "));
    expect(
      screens.some((screen) => running(screen) && screen.includes("[localhost] local line 1")),
      screens.map((screen) => screen.join("\n")).join("\n---\n"),
    ).toBe(true);
  });
});
