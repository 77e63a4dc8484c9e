// dk's usage errors on a terminal: every line fits in stderr's width, the message continued under its text and the
// usage under its first flag; on a pipe each line stays whole, as before.
import { beforeAll, describe, expect, it } from "vitest";
import { UsageError } from "../src/errors.ts";
import { usageErrorText } from "../src/format/usage-error.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture } from "./helpers/paths.ts";
import { inTmux } from "./helpers/tmux.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const error = new UsageError(
  "unknown flag --retires for the task that restarts services (did you mean --retries?)",
  "dk restart --hosts <string> [--service <string>] [--[no-]wait] [--retries <number>] [--env <prod|staging>]",
  "dk restart --help",
);
const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe("a usage error wrapped to the terminal's width", () => {
  it.each([30, 50, 80])("at %i columns: every line fits, every word kept in order", (width) => {
    const text = usageErrorText(error, width);
    for (const line of text.trimEnd().split("\n")) expect(line.length, line).toBeLessThanOrEqual(width);
    expect(words(text)).toEqual(words(usageErrorText(error, undefined)));
  });

  it("continues the message under its text, the usage under its first flag, and says where to read more", () => {
    expect(usageErrorText(error, 50).split("\n")).toEqual([
      "dk: unknown flag --retires for the task that",
      "    restarts services (did you mean --retries?)",
      "Usage: dk restart --hosts <string>",
      "                  [--service <string>]",
      "                  [--[no-]wait]",
      "                  [--retries <number>]",
      "                  [--env <prod|staging>]",
      "       (more: dk restart --help)",
      "",
    ]);
  });

  it("without a width (a pipe, a file), prints each line whole", () => {
    expect(usageErrorText(error, undefined)).toBe(
      `dk: ${error.message}\nUsage: ${error.usage}  (more: dk restart --help)\n`,
    );
  });

  it("in a real 50-column terminal, no line of the error starts at column 0 but its own", async () => {
    const args = ["-f", fixture("flags"), "restart", "--hosts", "a", "--retires", "2"];
    const run = await inTmux(args, { size: { x: 50, y: 30 } });
    expect(run.exit).toBe(2);
    const shown = run.history.slice(
      0,
      run.history.findIndex((line) => line.startsWith("EXIT=")),
    );
    const lines = shown.slice(shown.findIndex((line) => line.startsWith("dk: "))).filter((line) => line !== "");
    expect(lines[0]).toBe("dk: unknown flag --retires (did you mean");
    expect(lines[2]).toMatch(/^Usage: dk restart --hosts <string>/);
    for (const line of lines.slice(1)) expect(line).toMatch(/^(Usage: | {4})/);
    expect(lines.at(-1)).toMatch(/\(more: dk restart --help\)$/);
  });

  it("on a pipe, two whole lines", async () => {
    const result = await dk(["-f", fixture("flags"), "restart", "--hosts", "a", "--retires", "2"]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split("\n")).toEqual([
      "dk: unknown flag --retires (did you mean --retries?)",
      "Usage: dk restart --hosts <string> [--service <string>] [--[no-]wait] [--retries <number>] " +
        "[--env <prod|staging>]  (more: dk restart --help)",
    ]);
  });
});
