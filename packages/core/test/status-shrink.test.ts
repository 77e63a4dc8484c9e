// The live view on a real terminal (tmux) made narrower while it draws: a terminal rewraps the block's lines that no
// longer fit onto two rows or more (tmux, VTE, kitty, iTerm2, xterm.js do), and a redraw that climbed back only as many
// rows as it drew left the rows the rewrap added on screen, a stale copy of the block's first lines above the new one.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, "..", "..", "..", "node_modules", ".bin", "tsx");
const scratch = join(here, ".scratch", `shrink-${process.pid}`);
// A tmux server of our own (its own socket): the user's sessions are never touched.
const socket = `dk-shrink-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
afterAll(() => {
  spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
  rmSync(scratch, { recursive: true, force: true });
});

// Three hosts printing lines nearly as wide as the terminal, redrawn until the file `end` exists; then all end.
const script = (end: string) => `
import { existsSync } from "node:fs";
import { createStatusPrinter } from "${join(here, "..", "src", "status", "status-printer.ts")}";
process.stdout.write("before\\n");
const view = createStatusPrinter(process.stdout, process.stderr, { intervalMs: 20 });
const tags = ["web1", "web2", "web3"];
view.plan(tags);
for (const tag of tags) view.start(tag, "deploy");
let i = 0;
const timer = setInterval(() => {
  i++;
  for (const tag of tags) view.line(tag, \`step \${i} \${"x".repeat(70)}\`, "stdout");
  if (!existsSync(${JSON.stringify(end)}) && i < 3000) return;
  clearInterval(timer);
  for (const tag of tags) view.end(tag, { command: "deploy", exitCode: 0, durationMs: 5 });
  view.stop();
  process.stdout.write("DONE\\n");
}, 20);
`;

const capture = (...args: string[]) =>
  tmux("capture-pane", "-p", "-t", "shrink", ...args)
    .split("\n")
    .map((line) => line.trimEnd())
    .filter((line) => line !== "");

describe("the live view on a terminal made narrower while it draws", () => {
  it("leaves no stale copy of the block's lines on screen, only its final state", async () => {
    mkdirSync(scratch, { recursive: true });
    const file = join(scratch, "shrink.ts");
    const end = join(scratch, "end");
    writeFileSync(file, script(end));
    tmux("new-session", "-d", "-s", "shrink", "-x", "80", "-y", "20", `${tsx} ${file}; sleep 60`);
    const shown = async (what: string, done: (screen: string[]) => boolean) => {
      for (let i = 0; i < 300; i++) {
        const screen = capture();
        if (done(screen)) return screen;
        await sleep(100);
      }
      throw new Error(`the terminal never showed ${what}:\n${capture().join("\n")}`);
    };
    await shown("the block", (screen) => screen.filter((line) => line.includes(" step ")).length === 3);
    tmux("resize-window", "-t", "shrink", "-x", "40", "-y", "20");
    // Frames drawn at the new width: the lines cut to it.
    await shown("a frame at 40 columns", (screen) => screen.some((line) => /step \d+ x+…$/.test(line)));
    await sleep(300);
    writeFileSync(end, "");
    const screen = await shown("DONE", (lines) => lines.includes("DONE"));
    expect(screen.slice(screen.indexOf("DONE") - 3)).toEqual([
      expect.stringMatching(/^✔ \[web1\] +\d+\.\ds {2}ok$/),
      expect.stringMatching(/^✔ \[web2\] +\d+\.\ds {2}ok$/),
      expect.stringMatching(/^✔ \[web3\] +\d+\.\ds {2}ok$/),
      "DONE",
    ]);
    expect(
      screen.filter((line) => /step|\[web/.test(line)),
      screen.join("\n"),
    ).toHaveLength(3);
  }, 60_000);
});
