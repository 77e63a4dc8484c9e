// dk's other messages on a terminal wrap as its usage errors do: a tasks file's problems and a help's note continue
// under their text, past "dk: "; on a pipe each stays one line.
import { beforeAll, describe, expect, it } from "vitest";
import { LoadError } from "../src/errors.ts";
import { reportError } from "../src/report.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { fixture } from "./helpers/paths.ts";
import { inTmux } from "./helpers/tmux.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const problems = [
  { file: "/p/tasks.ts", line: 2, column: 13, message: 'Could not resolve "./lib.ts" (while loading the tasks file)' },
  { file: "/p/lib/more.ts", line: 7, message: 'task "deploy", property "when": a Date cannot be a flag' },
] as const;
const words = (text: string) => text.split(/\s+/).filter(Boolean);

// What reportError writes for `error` to a stderr that is a terminal `columns` wide, or a pipe.
async function reported(error: unknown, columns?: number): Promise<{ code: number; text: string }> {
  let text = "";
  const stderr = { write: (chunk: string) => void (text += chunk), isTTY: columns !== undefined, columns };
  const code = await reportError(error, { stdout: { write: () => true }, stderr }, false);
  return { code, text };
}

describe("a tasks file's problems", () => {
  it("on a 40-column terminal: every line fits, each problem starts with dk:, and continues past it", async () => {
    const { code, text } = await reported(new LoadError([...problems]), 40);
    expect(code).toBe(1);
    const lines = text.trimEnd().split("\n");
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(40);
    expect(lines.filter((line) => line.startsWith("dk: "))).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^(dk: | {4}\S)/);
    expect(words(text)).toEqual(words((await reported(new LoadError([...problems]))).text));
  });

  it("on a pipe, one whole line each", async () => {
    expect((await reported(new LoadError([...problems]))).text).toBe(
      'dk: /p/tasks.ts:2:13: Could not resolve "./lib.ts" (while loading the tasks file)\n' +
        'dk: /p/lib/more.ts:7: task "deploy", property "when": a Date cannot be a flag\n',
    );
  });
});

describe("a help's note of a bad default", () => {
  it("in a real 50-column terminal, continues under its text, not at column 0", async () => {
    const args = ["-f", fixture("flags"), "restart", "--help"];
    const run = await inTmux(args, { size: { x: 50, y: 60 }, env: { DK_RESTART_RETRIES: "many" } });
    expect(run.exit).toBe(0);
    const start = run.history.findIndex((line) => line.startsWith("dk: note: DK_RESTART_RETRIES"));
    expect(start).toBeGreaterThanOrEqual(0);
    const note = run.history.slice(
      start,
      run.history.findIndex((line) => line.startsWith("Usage: ")),
    );
    expect(note.length).toBeGreaterThan(1);
    for (const line of note.slice(1).filter((line) => line !== "")) expect(line).toMatch(/^ {4}\S/);
    expect(note.join(" ")).toMatch(/\(the help shows what holds without it\)/);
  });
});
