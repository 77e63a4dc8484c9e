import { execFileSync, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll } from "vitest";
import { dkBin, tempDir } from "./paths.ts";

// A tmux server of our own (its own socket), so the user's sessions are never touched.
const socket = `dk-tmux-test-${process.pid}`;
const cache = tempDir("dk-cache-");
// The server usually went with its last session; spawnSync does not mind either way.
afterAll(() => void spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" }));

const tmux = (...args: string[]) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;

export type TmuxRun = {
  /** Every whole screen captured while dk ran, and the last one. */
  readonly screens: string[][];
  /** Every screen captured, whole or not (a prompt leaves the cursor after it). */
  readonly captures: string[][];
  readonly exit: number;
  /** Everything the terminal shows at the end, scrolled-off lines first. */
  readonly history: string[];
  /** The same with its escape sequences (colours), as tmux keeps them. */
  readonly historyWithEscapes: string;
};

export type TmuxOptions = {
  readonly size: { readonly x: number; readonly y: number };
  /** Environment for dk (NO_COLOR and FORCE_COLOR are unset otherwise). */
  readonly env?: Readonly<Record<string, string>>;
  /** dk's stdout into `cat`: no terminal for it. */
  readonly piped?: boolean;
  /** How long dk may take, however busy the machine. @default 60000 */
  readonly deadlineMs?: number;
  /** Keys typed in order, each once the screen has shown `when` in `times` captures in a row (default 1). */
  readonly keys?: readonly { readonly when: string; readonly send: readonly string[]; readonly times?: number }[];
};

/** Runs dk in a fresh tmux session of the given size: every whole screen until dk exited, and its exit code. */
export async function inTmux(args: readonly string[], options: TmuxOptions): Promise<TmuxRun> {
  const { size, env = {}, piped = false, deadlineMs = 60_000 } = options;
  const keys = [...(options.keys ?? [])];
  let shown = 0;
  const session = `s${Math.random().toString(36).slice(2, 8)}`;
  const script = join(tempDir("dk-tmux-"), "run.sh");
  const exports = Object.entries({ DK_CACHE_DIR: cache, ...env }).map(([k, v]) => `export ${k}=${quote(v)}\n`);
  const command = [process.execPath, dkBin, ...args].map(quote).join(" ");
  // PIPESTATUS: dk's own exit code, also behind `| cat`.
  const line = piped ? `${command} | cat; echo "EXIT=\${PIPESTATUS[0]}"` : `${command}; echo "EXIT=$?"`;
  writeFileSync(script, `unset NO_COLOR FORCE_COLOR\n${exports.join("")}${line}\nsleep 120\n`);
  // Room in the scrollback for every line of a 60-host run.
  const config = join(dirname(script), "tmux.conf");
  writeFileSync(config, "set -g history-limit 10000\n");
  tmux("-f", config, "new-session", "-d", "-s", session, "-x", String(size.x), "-y", String(size.y), `bash ${script}`);
  const screens: string[][] = [];
  const captures: string[][] = [];
  const deadline = Date.now() + deadlineMs;
  try {
    while (Date.now() < deadline) {
      // The screen and the cursor in one tmux command list, which tmux runs without reading dk's output in between.
      const [cursor, ...screen] = tmux(
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
      ).split("\n");
      captures.push(screen);
      const next = keys[0];
      shown = next !== undefined && screen.some((text) => text.includes(next.when)) ? shown + 1 : 0;
      if (next !== undefined && shown >= (next.times ?? 1)) {
        if (next.send.length > 0) tmux("send-keys", "-t", session, ...next.send);
        keys.shift();
        shown = 0;
      }
      const whole = wholeFrame(screen, cursor!);
      if (whole) screens.push(screen);
      if (whole && screen.some((text) => /^EXIT=\d+$/.test(text))) {
        const exit = Number(screen.map((text) => /^EXIT=(\d+)$/.exec(text)?.[1]).find(Boolean));
        const history = tmux("capture-pane", "-p", "-S", "-", "-t", session).split("\n");
        const historyWithEscapes = tmux("capture-pane", "-p", "-e", "-S", "-", "-t", session);
        return { screens, captures, exit, history, historyWithEscapes };
      }
      await sleep(120);
    }
    throw new Error(`dk did not finish within ${deadlineMs} ms in tmux; last screen:\n${screens.at(-1)?.join("\n")}`);
  } finally {
    spawnSync("tmux", ["-L", socket, "kill-session", "-t", session], { stdio: "ignore" });
  }
}

// A terminal reads a frame in pieces under load: a capture between two pieces shows half of it. A frame is whole
// when the cursor is at the start of a line and below it is nothing (text ended with "\n", the view's last frame) or
// the live block alone: the view leaves the cursor on the block's first row, its lines running down to empty rows.
function wholeFrame(screen: readonly string[], cursor: string): boolean {
  const [x, y] = cursor.split(" ").map(Number);
  const below = screen.slice(y);
  const blank = (line: string) => line.trim() === "";
  const end = below.findIndex(blank);
  return x === 0 && (end === -1 || below.slice(end).every(blank));
}
