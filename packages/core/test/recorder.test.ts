import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { parseHosts } from "../src/parse-hosts.ts";
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

  it("gives a host's wall time: its function's whole part, and parallel commands once", async () => {
    const recorder = createRecorder(quiet);
    recorder.plan(["fn", "par"]);
    recorder.begin("fn");
    recorder.start("par", "sleep", "par");
    recorder.start("par", "sleep", "par");
    await sleep(150);
    recorder.start("fn", "true", "fn");
    recorder.end("fn", { command: "true", exitCode: 0, durationMs: 1 });
    recorder.end("par", { command: "sleep", exitCode: 0, durationMs: 150 });
    recorder.end("par", { command: "sleep", exitCode: 0, durationMs: 150 });
    await sleep(100);
    recorder.settled("fn");
    recorder.settled("par");
    const [fn, par] = recorder.hosts();
    expect(fn!.durationMs).toBeGreaterThanOrEqual(240);
    expect(par!.durationMs).toBeGreaterThanOrEqual(140);
    expect(par!.durationMs).toBeLessThan(fn!.durationMs);
    // Over: no more time accrues.
    await sleep(50);
    expect(recorder.hosts().map((h) => h.durationMs)).toEqual([fn!.durationMs, par!.durationMs]);
  });

  it("times a runFunction host by its function, whose commands may be quiet or none", async () => {
    const recorder = createRecorder(quiet);
    const before = setPrinter(recorder);
    try {
      await parseHosts("web1,web2").runFunction(async (host) => {
        await sleep(host.hostname === "web1" ? 200 : 0);
        await host.runLocal("true", { quiet: true });
      });
    } finally {
      setPrinter(before);
    }
    const [web1, web2] = recorder.hosts();
    expect(web1).toMatchObject({ host: "web1", ok: true, commands: 0 });
    expect(web1!.durationMs).toBeGreaterThanOrEqual(190);
    expect(web2!.durationMs).toBeLessThan(web1!.durationMs);
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
