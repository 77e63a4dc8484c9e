// The live view on a real terminal (tmux) whose block starts on the top row (a cleared screen): erasing down from
// the top-left corner is clearing the whole screen, which tmux (scroll-on-clear) and some terminals move into the
// scrollback first; each such frame left a copy of the block there, above the lines that followed.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, "..", "..", "..", "node_modules", ".bin", "tsx");
const scratch = join(here, ".scratch", `top-row-${process.pid}`);
// A tmux server of our own (its own socket): the user's sessions are never touched.
const socket = `dk-top-row-test-${process.pid}`;
const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
afterAll(() => {
  spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" });
  rmSync(scratch, { recursive: true, force: true });
});

// Two hosts on a fresh pane (the cursor at its top-left): frames, then output lines above the block, then the end.
const SCRIPT = `
import { createStatusPrinter } from "${join(here, "..", "src", "status", "status-printer.ts")}";
const view = createStatusPrinter(process.stdout, process.stderr, { intervalMs: 20, output: "stream" });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
view.plan(["web1", "web2"]);
for (const tag of ["web1", "web2"]) view.start(tag, "deploy", tag);
await sleep(200);
for (let i = 1; i <= 3; i++) {
  view.line("web1", \`line \${i}\`, "stdout");
  await sleep(100);
}
for (const tag of ["web1", "web2"]) view.end(tag, { command: "deploy", exitCode: 0, durationMs: 5 });
view.stop();
process.stdout.write("DONE\\n");
`;

describe("the live view drawn from the top row of a terminal", () => {
  it("leaves no copy of its block in the scrollback", async () => {
    mkdirSync(scratch, { recursive: true });
    const file = join(scratch, "top-row.mts");
    writeFileSync(file, SCRIPT);
    tmux("new-session", "-d", "-s", "top", "-x", "80", "-y", "20", `${tsx} ${file}; sleep 60`);
    let history: string[] = [];
    for (let i = 0; i < 300 && !history.includes("DONE"); i++) {
      await sleep(100);
      history = tmux("capture-pane", "-p", "-S", "-", "-t", "top")
        .split("\n")
        .map((line) => line.trimEnd())
        .filter((line) => line !== "");
    }
    expect(history).toEqual(["[web1] line 1", "[web1] line 2", "[web1] line 3", "DONE"]);
  }, 60_000);
});
