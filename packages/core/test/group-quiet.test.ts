// A quiet group call (a probe across hosts) is silent as a quiet run is: no rows for a status view, no notices.
import { afterEach, describe, expect, it } from "vitest";
import { createRecorder, Group, Host, setPrinter, type Printer } from "../src/index.ts";

let previous: Printer | undefined;
afterEach(() => void setPrinter(previous));

// A recorder over a printer that keeps what it was told to print.
function recording() {
  const printed: string[] = [];
  const recorder = createRecorder({
    line: (tag, text) => void printed.push(`[${tag}] ${text}`),
    notice: (tag, text) => void printed.push(`[${tag}] ${text}`),
  });
  previous = setPrinter(recorder);
  return { recorder, printed };
}

describe("a quiet group call", () => {
  it("announces no host to a status view, failed or not, and prints nothing", async () => {
    const { recorder, printed } = recording();
    const group = new Group([new Host("web1"), new Host("web2")]);
    const results = await group.runLocal("echo out; exit 3", { quiet: true, check: false, stdout: "pipe" });
    expect(results.map((r) => r.result.exitCode)).toEqual([3, 3]);
    await group.runLocal("true", { quiet: true, check: false });
    await expect(group.runLocal("exit 4", { quiet: true })).rejects.toThrow("2 of 2 hosts failed");
    expect(recorder.hosts()).toEqual([]);
    expect(printed).toEqual([]);
  });

  it("says nothing of an empty group either", async () => {
    const { printed } = recording();
    expect(await new Group([]).run("true", { quiet: true })).toEqual([]);
    expect(printed).toEqual([]);
    // Not quiet, the empty group is named: running nothing is usually a mistake.
    await new Group([]).run("true");
    expect(printed).toEqual(["[group] no hosts: this group call runs nothing"]);
  });

  it("leaves a call that is not quiet shown as before: its hosts have rows", async () => {
    const { recorder } = recording();
    await new Group([new Host("web1")]).runLocal("true", { echo: false });
    expect(recorder.hosts().map((host) => [host.host, host.ok, host.commands])).toEqual([["web1", true, 1]]);
  });
});
