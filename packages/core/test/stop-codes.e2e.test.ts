import { waitUntil } from "@deploykit/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { run } from "../src/run.ts";
import type { RunOptions } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";
import { marker, pidsMatching, waitGone } from "./helpers/processes.ts";
import { rejection } from "./helpers/rejection.ts";
import { runScript } from "./helpers/script.ts";

const fleet = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
// The host is reached once first: the stops below must come while the command runs, not while dk connects (native's
// first run loads its code within the run's deadline).
beforeAll(() => fleet.host().run("true", pipe));

// The same run locally and on the fleet's host (over the project's transport): what a stop reports must not differ.
const places = {
  local: (command: string, options: RunOptions) => run(command, options),
  remote: (command: string, options: RunOptions) => fleet.host().run(command, options),
};

// A command that ignores TERM, with a child that does too: only the stop's KILL ends them. It prints `printed` bytes
// first.
const stubborn = (tag: string, printed = 0) =>
  `trap '' TERM; (trap '' TERM; sleep 60; : ${tag}) & head -c ${printed} /dev/zero; sleep 60; : ${tag}`;

describe.each(Object.keys(places) as (keyof typeof places)[])("a %s run that is stopped", (place) => {
  it.each([
    ["timeout", 143, { timedOut: true }, /` timed out after 1000 ms$/],
    ["signal", 130, { interrupted: true }, /` was interrupted$/],
    ["maxBuffer", 143, { timedOut: false }, /` printed more than 1000 bytes on stdout \(maxBuffer\) and was stopped;/],
  ] as const)("by its %s exits %i, says so, and leaves nothing running", async (how, code, flags, message) => {
    const tag = marker(`stop-${place}-${how}`);
    const controller = new AbortController();
    if (how === "signal") setTimeout(() => controller.abort(), 1000);
    const options = {
      timeout: { timeout: 1000 },
      signal: { signal: controller.signal },
      maxBuffer: { maxBuffer: 1000 },
    };
    const command = stubborn(tag, how === "maxBuffer" ? 100_000 : 0);
    const error = await rejection(places[place](command, { ...pipe, ...options[how] }), CommandError);
    expect(error).toMatchObject({ exitCode: code, ...flags });
    expect(error.reason).toMatch(message);
    expect(await waitGone(tag)).toEqual([]);
  });

  it("by its timeout shows nothing of bash's about the stop (no 'Terminated' line)", async () => {
    // Twice on one host: over native, a connection's second command is stopped by its guardian, the first by its own
    // watchdog.
    const host = fleet.host();
    const once = (command: string) =>
      place === "local" ? run(command, { ...pipe, timeout: 1000 }) : host.run(command, { ...pipe, timeout: 1000 });
    for (const command of ["sleep 30", "echo started; sleep 30; echo done"]) {
      const error = await rejection(once(command), CommandError);
      expect(error).toMatchObject({ exitCode: 143, timedOut: true, stderr: "" });
    }
  });

  it("by Ctrl-C ends dk's process with 130 and leaves nothing running", async () => {
    const tag = marker(`stop-${place}-ctrl-c`);
    const { addresses, user, port, hostOptions } = fleet.sandbox;
    const target =
      place === "local"
        ? "core.run"
        : `new core.Host(${JSON.stringify(addresses[0])}, ${JSON.stringify({ user, port, ...hostOptions })}).run`;
    let pid = 0;
    const done = runScript(`await ${target}(${JSON.stringify(stubborn(tag))});`, { onSpawn: (p) => (pid = p) });
    await waitUntil(() => pidsMatching(tag).length >= 2, "the command and its child to start");
    process.kill(pid, "SIGINT");
    expect((await done).code).toBe(130);
    expect(await waitGone(tag)).toEqual([]);
  });
});
