import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { run } from "../src/run.ts";
import type { Command, RunOptions } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";

const fleet = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

// The same run locally and on the fleet's host (over the project's transport): what a user relies on must not differ.
const places = {
  local: (command: Command, options: RunOptions) => run(command, options),
  remote: (command: Command, options: RunOptions) => fleet.host().run(command, options),
};
// The host's name as errors give it, for a remote run.
const prefix = (place: keyof typeof places) => (place === "local" ? "" : `[${fleet.host().commandPrefix}] `);

describe.each(Object.keys(places) as (keyof typeof places)[])("a %s run", (place) => {
  it.each([
    ["does not exist", () => join(tmpdir(), `dk-missing-${process.pid}`)],
    ["is not a directory", () => join(mkdtempSync(join(tmpdir(), "dk-file-cwd-")), "file")],
  ])("whose cwd %s fails with 127 naming it, even with check: false", async (why, made) => {
    const cwd = made();
    if (why === "is not a directory") writeFileSync(cwd, "");
    // With input, a host's supervisor takes its other way (the command a job reading a pipe).
    for (const [check, input] of [
      [true, undefined],
      [false, undefined],
      [false, "x"],
    ] as const) {
      const error = await rejection(places[place]("echo ran", { ...pipe, cwd, check, input }), CommandError);
      expect(error).toMatchObject({ exitCode: 127, stdout: "" });
      expect(error.message).toBe(`${prefix(place)}\`echo ran\` could not start: the working directory ${cwd} ${why}`);
    }
  });

  it.each([
    [127, () => ["dk-no-such-program", "x"]],
    [126, () => [join(mkdtempSync(join(tmpdir(), "dk-noexec-")), "script.sh")]],
  ] as const)(
    "of an argv program it cannot run exits %i as a shell's, a result with check: false",
    async (code, argv) => {
      const command = [...argv()];
      if (code === 126) writeFileSync(command[0]!, "echo hi\n", { mode: 0o644 });
      const result = await places[place](command, { ...pipe, check: false });
      expect(result).toMatchObject({ exitCode: code, stdout: "" });
      expect(result.stderr).toContain(command[0]);
      const error = await rejection(places[place](command, pipe), CommandError);
      expect(error.exitCode).toBe(code);
    },
  );
});
