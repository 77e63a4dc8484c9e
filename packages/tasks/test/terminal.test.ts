import { readFileSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";
import { fixture } from "./helpers/paths.ts";
import { inTmux } from "./helpers/tmux.ts";

const fleet = useFleet({ hosts: 3 });
const MARKS = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏✔✖·■";
const SGR = new RegExp(`${"\u001b"}\\[[0-9;]*m`);
const size = { x: 100, y: 30 };
const local = (...words: string[]) => ["-f", fixture("terminal"), ...words];

// Every host prints `count` numbered lines; the third host then fails.
const stream = (...globals: string[]) => [
  "-f",
  fixture("fleet"),
  ...globals,
  "stream",
  ...fleet.hostFlags(),
  "--count",
  "6",
  "--delay",
  "0.2",
  "--fail",
  fleet.sandbox.addresses[2]!,
];

// A line of the live block: mark, [host], elapsed, then the host's command (output scrolls above, not in it).
const blockLine = (line: string) => MARKS.includes(line[0] ?? " ");

describe("dk on a terminal: every output line, tagged, above a block of the running hosts (tmux)", () => {
  it("a local task: its lines show as they come, with its block line below them while it runs", async () => {
    const { screens, exit, history } = await inTmux(local("local"), { size });
    expect(exit).toBe(0);
    expect(history).toEqual(expect.arrayContaining(["[localhost] local line 1", "[localhost] local line 3"]));
    const during = screens.filter((screen) => screen.includes("[localhost] local line 1") && screen.some(blockLine));
    expect(during.length, "no frame showed the output with the block below it").toBeGreaterThan(0);
    for (const screen of during) {
      const block = screen.findIndex(blockLine);
      expect(screen[block], screen.join("\n")).toMatch(/^. \[localhost\] +\d+\.\ds {2}\$ for i in 1 2 3; do/);
      expect(
        screen.slice(0, block).every((line) => line.startsWith("[localhost] ")),
        screen.join("\n"),
      ).toBe(true);
    }
  });

  it("a failing local task: the line it printed before failing is there, with the failure", async () => {
    for (const globals of [[], ["--compact"]]) {
      const { exit, history } = await inTmux(local(...globals, "fail"), { size });
      expect(exit).not.toBe(0);
      expect(history, globals.join()).toContain("[localhost] about to fail");
      expect(history.some((line) => line.startsWith('dk: task "fail" failed'))).toBe(true);
    }
  });

  it("3 hosts: whole tagged lines above, whole host lines below, every line once, then the summary", async () => {
    const { screens, exit, history, historyWithEscapes } = await inTmux(stream(), { size });
    expect(exit).not.toBe(0);
    const hosts = fleet.sandbox.addresses;
    for (const screen of screens) {
      for (const line of screen.filter(blockLine)) {
        expect(line, screen.join("\n")).toMatch(/^. \[127\.0\.0\.\d+\] +\d+\.\ds {2}\$ H=/);
      }
      for (const line of screen.filter((text) => text.startsWith("[127."))) {
        const [, host, text] = /^\[(127\.0\.0\.\d+)\] (.*)$/.exec(line) ?? [];
        expect(text, `mixed line: ${line}`).toMatch(new RegExp(`^(line \\d of ${host}|\\$ H=.*|${host} gives up)$`));
      }
    }
    expect(screens.some((screen) => screen.some(blockLine) && screen.some((t) => / line 2 of /.test(t)))).toBe(true);
    for (const host of hosts) {
      for (let i = 1; i <= 6; i++)
        expect(history.filter((line) => line === `[${host}] line ${i} of ${host}`)).toHaveLength(1);
    }
    expect(history).toContain(`[${hosts[2]}] ${hosts[2]} gives up`);
    expect(history).toContain("3 hosts: 2 ok, 1 failed");
    // Tags in colour on a terminal.
    expect(historyWithEscapes).toMatch(SGR);
  });

  it("NO_COLOR: the same lines, without a colour", async () => {
    const { exit, history, historyWithEscapes } = await inTmux(stream(), { size, env: { NO_COLOR: "1" } });
    expect(exit).not.toBe(0);
    expect(history).toContain(`[${fleet.sandbox.addresses[0]}] line 6 of ${fleet.sandbox.addresses[0]}`);
    expect(historyWithEscapes).not.toMatch(SGR);
  });

  it("piped (no terminal): tagged lines as they come, no live block", async () => {
    const { exit, history } = await inTmux(stream(), { size, piped: true });
    expect(exit).not.toBe(0);
    expect(history.filter(blockLine)).toEqual([]);
    for (const host of fleet.sandbox.addresses) expect(history).toContain(`[${host}] line 6 of ${host}`);
    expect(history).toContain("3 hosts: 2 ok, 1 failed");
  });

  it("--compact: the block alone while hosts run; the failed host's output at the end", async () => {
    const { screens, exit, history } = await inTmux(stream("--compact"), { size });
    expect(exit).not.toBe(0);
    const failed = fleet.sandbox.addresses[2]!;
    const end = history.findIndex((line) => line.startsWith(`✖ [${failed}] \``));
    expect(history[end], history.join("\n")).toMatch(
      /^✖ \[127\.0\.0\.4\] `H=.*…` failed \(exit code 4\); its output:$/,
    );
    expect(history.slice(end + 1, end + 8)).toEqual([
      ...Array.from({ length: 6 }, (_, i) => `[${failed}] line ${i + 1} of ${failed}`),
      `[${failed}] ${failed} gives up`,
    ]);
    // While the hosts ran, none of their lines scrolled above the block.
    const before = screens.filter((screen) => !screen.some((line) => line.startsWith("✖ [") && line.includes("`")));
    expect(before.flat().filter((line) => /^\[127\.0\.0\.\d+\] line/.test(line))).toEqual([]);
  });

  it("--compact, past 200 lines: the last 200 of the failed output and a private log file with all", async () => {
    const failed = fleet.sandbox.addresses[1]!;
    const args = [
      "-f",
      fixture("fleet"),
      "--compact",
      "report",
      ...fleet.hostFlags(),
      "--fail",
      failed,
      "--lines",
      "250",
    ];
    const { exit, history } = await inTmux(args, { size });
    expect(exit).not.toBe(0);
    const at = history.findIndex((line) => line.startsWith(`✖ [${failed}] \``));
    // The header may wrap on the terminal: the path is read from the header's lines joined.
    const header = history.slice(at, at + 3).join("");
    expect(header, history.join("\n")).toMatch(
      /failed \(exit code 3\); its last 200 of 252 lines; all of them are in /,
    );
    const log = /all of them are in (\/\S+\.log):/.exec(header)![1]!;
    // Every line once (stdout and stderr lines in the order they arrived), each ending with a newline.
    const lines = readFileSync(log, "utf8").split("\n");
    const numbers = Array.from({ length: 250 }, (_, i) => String(i + 1));
    expect(lines.toSorted()).toEqual([`out-${failed}`, `err-${failed}`, ...numbers, ""].toSorted());
    expect(lines.at(-1)).toBe("");
    expect([statSync(log).mode & 0o777, statSync(dirname(log)).mode & 0o777]).toEqual([0o600, 0o700]);
    rmSync(dirname(log), { recursive: true });
    expect(history).toContain(`[${failed}] 250`);
    expect(history).not.toContain(`[${failed}] 50`);
  });
});
