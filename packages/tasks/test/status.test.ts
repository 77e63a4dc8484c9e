import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";

const file = fixture("fleet");
// A tmux server of our own (its own socket), so the user's sessions are never touched.
const socket = `dk-status-test-${process.pid}`;
const cache = tempDir("dk-cache-");
const MARKS = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏✔✖·■";
const fleet = useFleet({ hosts: 4 });

// The server usually went with its last session; spawnSync does not mind either way.
afterAll(() => void spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" }));

// Runs dk in a fresh tmux session of the given size; returns every screen captured until dk exited, and its exit code.
async function inTmux(
  args: readonly string[],
  size: { x: number; y: number },
): Promise<{ screens: string[][]; exit: number }> {
  const session = `s${Math.random().toString(36).slice(2, 8)}`;
  const script = join(tempDir("dk-tmux-"), "run.sh");
  const quoted = [process.execPath, dkBin, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(" ");
  writeFileSync(
    script,
    `unset NO_COLOR FORCE_COLOR\nexport DK_CACHE_DIR='${cache}'\n${quoted}\necho "EXIT=$?"\nsleep 60\n`,
  );
  execFileSync("tmux", [
    "-L",
    socket,
    "-f",
    "/dev/null",
    "new-session",
    "-d",
    "-s",
    session,
    "-x",
    String(size.x),
    "-y",
    String(size.y),
    `bash ${script}`,
  ]);
  const screens: string[][] = [];
  const deadline = Date.now() + 40_000;
  try {
    while (Date.now() < deadline) {
      // The screen and the cursor in one tmux command list, which tmux runs without reading dk's output in between.
      const [cursor, ...screen] = execFileSync(
        "tmux",
        [
          "-L",
          socket,
          "display-message",
          "-p",
          "-t",
          session,
          "#{cursor_x} #{cursor_y}",
          ";",
          "capture-pane",
          "-p",
          "-t",
          session,
        ],
        { encoding: "utf8" },
      ).split("\n");
      const whole = wholeFrame(screen, cursor!);
      if (whole) screens.push(screen);
      const exit = screen.map((line) => /^EXIT=(\d+)$/.exec(line)).find((match) => match !== null);
      if (exit && whole) return { screens, exit: Number(exit[1]) };
      await sleep(120);
    }
    throw new Error(`dk did not finish in tmux; last screen:\n${screens.at(-1)?.join("\n")}`);
  } finally {
    spawnSync("tmux", ["-L", socket, "kill-session", "-t", session], { stdio: "ignore" });
  }
}

// A terminal reads a frame in pieces under load: a capture between two pieces shows half of it. A frame is whole
// when the cursor is at the start of a line with nothing below it (each frame ends with "\n" and erase-below).
function wholeFrame(screen: readonly string[], cursor: string): boolean {
  const [x, y] = cursor.split(" ").map(Number);
  return x === 0 && screen.slice(y).every((line) => line.trim() === "");
}

// A status line: mark, [host], elapsed, then only that host's own text: a line it printed (its stderr "gives up"
// shows as its last line until the failure replaces it), its command, or how it ended.
function checkStatusLine(line: string): string {
  const match = new RegExp(`^[${MARKS}] \\[(127\\.0\\.0\\.\\d+)\\] +\\d+\\.\\ds  (.*)$`, "u").exec(line);
  expect(match, `not a whole host line: ${JSON.stringify(line)}`).not.toBeNull();
  const [, host, text] = match!;
  expect(text, `mixed line: ${JSON.stringify(line)}`).toMatch(
    new RegExp(
      `^(line \\d+ of ${host!.replaceAll(".", "\\.")}|\\$ H=.*|ok|` +
        `(failed with exit code 4: )?${host!.replaceAll(".", "\\.")} gives up)$`,
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

describe("the live status view in a real terminal (tmux)", () => {
  it("draws whole host lines in place, never mixed, ending with every host ok or failed and the summary", async () => {
    const { screens, exit } = await inTmux(stream(), { x: 100, y: 30 });
    expect(exit).toBe(1);
    let live = 0;
    for (const screen of screens) {
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
    expect(last).toContain(`last lines of ${c}:`);
    expect(last.some((line) => line.startsWith('dk: task "stream" failed'))).toBe(true);
  });

  it("with more hosts than rows shows a line of counts and the running hosts that fit", async () => {
    const { screens, exit } = await inTmux(stream(), { x: 60, y: 4 });
    expect(exit).toBe(1);
    const during = screens.filter((screen) => screen.some((line) => / line \d+ of /.test(line)));
    expect(during.length).toBeGreaterThan(2);
    for (const screen of during) {
      const lines = screen.filter((line) => line !== "");
      expect(lines[0], screen.join("\n")).toMatch(/^4 hosts: \d running · \d ok · \d failed · \d waiting$/);
      expect(lines.length).toBeLessThanOrEqual(3);
      lines.slice(1).forEach((line) => (line.startsWith("  … ") ? undefined : checkStatusLine(line)));
    }
  });

  it("prints every line tagged with --verbose", async () => {
    const { screens, exit } = await inTmux(stream("--verbose"), { x: 100, y: 60 });
    expect(exit).toBe(1);
    const all = screens.flat();
    expect(all.filter((line) => MARKS.includes(line[0] ?? " "))).toEqual([]);
    expect(all).toContain(`[${fleet.sandbox.addresses[0]}] line 10 of ${fleet.sandbox.addresses[0]}`);
  });
});
