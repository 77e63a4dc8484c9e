// The live view on a real terminal (tmux) that draws a line wider than the view measured it: terminals disagree on
// emoji (tmux gives a thumbs-up with a skin tone four columns, most terminals two). Wrapped, the line would take a row
// the block's redraw does not climb back over, and every frame would leave a copy of the block above it.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, "..", "..", "..", "node_modules", ".bin", "tsx");
const scratch = join(here, ".scratch", `wrap-${process.pid}`);
// A tmux server of our own (its own socket): the user's sessions are never touched.
const socket = `dk-wrap-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
afterAll(() => {
  spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
  rmSync(scratch, { recursive: true, force: true });
});

// Two hosts, one printing a line of 40 thumbs-up with a skin tone, redrawn for a while; then both end.
const SCRIPT = `
import { createStatusPrinter } from "${join(here, "..", "src", "status", "status-printer.ts")}";
const view = createStatusPrinter(process.stdout, process.stderr, { intervalMs: 20 });
view.plan(["web1", "web2"]);
for (const tag of ["web1", "web2"]) view.start(tag, "deploy");
view.line("web1", "\\u{1F44D}\\u{1F3FD}".repeat(40), "stdout");
view.line("web2", "working", "stdout");
setTimeout(() => {
  for (const tag of ["web1", "web2"]) view.end(tag, { command: "deploy", exitCode: 0, durationMs: 5 });
  view.stop();
  process.stdout.write("DONE\\n");
}, 400);
`;

describe("the live view on a terminal that draws a line wider than measured", () => {
  it("clips the line instead of wrapping it: the block is redrawn in place and leaves its final state", async () => {
    mkdirSync(scratch, { recursive: true });
    const file = join(scratch, "wrap.ts");
    writeFileSync(file, SCRIPT);
    tmux("new-session", "-d", "-s", "wrap", "-x", "60", "-y", "20", `${tsx} ${file}; sleep 60`);
    let screen: string[] = [];
    for (let i = 0; i < 300 && !screen.includes("DONE"); i++) {
      await sleep(100);
      screen = tmux("capture-pane", "-p", "-t", "wrap")
        .split("\n")
        .map((line) => line.trimEnd());
    }
    expect(screen.filter((line) => line !== "")).toEqual([
      expect.stringMatching(/^✔ \[web1\] +\d+\.\ds {2}ok$/),
      expect.stringMatching(/^✔ \[web2\] +\d+\.\ds {2}ok$/),
      "DONE",
    ]);
  }, 60_000);
});
