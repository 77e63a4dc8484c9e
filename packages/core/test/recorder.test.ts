import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createRecorder } from "../src/status/recorder.ts";

const quiet = { line: () => undefined, notice: () => {} };

describe("createRecorder", () => {
  it("counts a command still running (cut short by Ctrl-C) up to now, not as 0", async () => {
    const recorder = createRecorder(quiet);
    recorder.start("web1", "sleep 60", "web1");
    await sleep(120);
    const [web1] = recorder.hosts();
    expect(web1).toMatchObject({ host: "web1", ok: false, error: "interrupted" });
    expect(web1!.durationMs).toBeGreaterThanOrEqual(100);
  });

  it("lists every host of a group call, and its function's outcome decides whether it is ok", () => {
    const recorder = createRecorder(quiet);
    recorder.plan(["a", "b", "c", "d"]);
    recorder.start("b", "false", "b");
    recorder.end("b", { command: "false", exitCode: 1, durationMs: 5, error: "`false` failed with exit code 1" });
    recorder.start("c", "false", "c");
    recorder.end("c", { command: "false", exitCode: 1, durationMs: 5, error: "`false` failed with exit code 1" });
    recorder.settled("a");
    recorder.settled("b", "`false` failed with exit code 1");
    // c's function caught its command's failure and returned; d's threw before running anything.
    recorder.settled("c");
    recorder.settled("d", "no disk");
    expect(recorder.hosts().map((host) => [host.host, host.ok, host.exitCode, host.error, host.commands])).toEqual([
      ["a", true, null, null, 0],
      ["b", false, 1, "`false` failed with exit code 1", 1],
      ["c", true, 1, null, 1],
      ["d", false, null, "no disk", 0],
    ]);
  });

  it("says a host of a group call that never started (interrupted first) did not start", () => {
    const recorder = createRecorder(quiet);
    recorder.plan(["a"]);
    expect(recorder.hosts()).toMatchObject([{ host: "a", ok: false, error: "not started", local: false }]);
  });
});
