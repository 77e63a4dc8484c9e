// A group call's host whose function failed by the call's stop (its command interrupted, an AbortError) was stopped;
// one whose function threw an error of its own failed. The end-of-run table counts them apart.
import { describe, expect, it } from "vitest";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";
import { setPrinter } from "../src/output/printer.ts";
import { run } from "../src/run.ts";
import { createRecorder } from "../src/status/recorder.ts";
import { summaryTable } from "../src/status/summary.ts";

const quiet = { line: () => undefined, notice: () => {} };

describe("a group call's hosts in the table after a stop", () => {
  it("are stopped when their function failed by the stop, failed when it failed of itself", async () => {
    const recorder = createRecorder(quiet);
    const previous = setPrinter(recorder);
    try {
      const controller = new AbortController();
      const hosts = ["web1", "web2", "web3"].map((name) => new Host(name));
      await new Group(hosts).runFunction(
        async (host) => {
          if (host.hostname === "web2") throw new Error("no such release");
          if (host.hostname === "web3") throw Object.assign(new Error("the wait was aborted"), { name: "AbortError" });
          const sleeping = run("sleep 30", { signal: controller.signal });
          setTimeout(() => controller.abort(), 50);
          await sleeping;
        },
        { check: false },
      );
      const records = recorder.hosts().filter(({ host }) => host.startsWith("web"));
      expect(records.map(({ host, ok, halted }) => [host, ok, halted])).toEqual([
        ["web1", false, "stopped"],
        ["web2", false, null],
        ["web3", false, "stopped"],
      ]);
      const lines = summaryTable(records).split("\n");
      expect(lines[2]).toMatch(/^web1 {2}stopped +- +\d+\.\ds {2}was interrupted/);
      expect(lines[3]).toMatch(/^web2 {2}failed +- +\d+\.\ds {2}no such release$/);
      expect(lines[5]).toBe("3 hosts: 0 ok, 1 failed, 2 stopped");
    } finally {
      setPrinter(previous);
    }
  });

  it("is failed, the call going on, when its function threw a value every read of which throws", async () => {
    const recorder = createRecorder(quiet);
    const previous = setPrinter(recorder);
    try {
      const refuse = () => {
        throw new Error("trap");
      };
      const hostile = new Proxy({}, { get: refuse, getPrototypeOf: refuse, has: refuse, ownKeys: refuse });
      const results = await new Group([new Host("web1"), new Host("web2")]).runFunction(
        (host) => {
          if (host.hostname === "web1") throw hostile;
          return 1;
        },
        { check: false },
      );
      expect(results.map((r) => r.ok)).toEqual([false, true]);
      expect(recorder.hosts().map(({ host, ok, halted }) => [host, ok, halted])).toEqual([
        ["web1", false, null],
        ["web2", true, null],
      ]);
    } finally {
      setPrinter(previous);
    }
  });
});
