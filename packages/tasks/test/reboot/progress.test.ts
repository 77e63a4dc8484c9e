import { setTimeout as sleep } from "node:timers/promises";
import { stripVTControlCharacters as plain } from "node:util";
import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/builtin/reboot/progress.ts";
import { capture } from "./helpers.ts";

describe("progress without a terminal: tagged lines per phase change", () => {
  it("prints one line per phase, a note, a failure and the summary", () => {
    const output = capture();
    const progress = createProgress(output, false, ["web1", "web2"]);
    const web1 = progress.host("web1");
    const web2 = progress.host("web2");
    web1.phase("checking", 0);
    web1.phase("rebooting", 412, "boot id 1a2b3c4d");
    web2.phase("checking", 0);
    web2.note("no answer to ping (ICMP filtered?): watching ssh port 22 instead");
    web1.phase("down", 3240);
    web1.phase("up", 9020, "answers ping");
    web1.phase("ssh ok", 9410, "new boot id 9f8e7d6c");
    web2.phase("failed", 600_000, "did not come back within 600 s");
    progress.finish([
      { host: "web1", ok: true, durationMs: 9410 },
      { host: "web2", ok: false, durationMs: 600_000, reason: "did not come back within 600 s" },
    ]);
    expect(output.text()).toBe(
      [
        "[web1] checking",
        "[web1] rebooting after 0.4s (boot id 1a2b3c4d)",
        "[web2] checking",
        "[web2] note: no answer to ping (ICMP filtered?): watching ssh port 22 instead",
        "[web1] down after 3.2s",
        "[web1] up after 9.0s (answers ping)",
        "[web1] ssh ok after 9.4s (new boot id 9f8e7d6c)",
        "[web2] failed after 10m00s: did not come back within 600 s",
        "",
        "host  result  duration",
        "web1  ok          9.4s",
        "web2  failed    10m00s  did not come back within 600 s",
        "reboot on 2 hosts: 1 ok, 1 failed",
        "",
      ].join("\n"),
    );
  });
});

describe("progress on a terminal: core's live view, one line per host", () => {
  it("shows each host's phase and elapsed time as it runs, redraws, ends in ok or why, then the summary", async () => {
    const output = capture(true);
    const progress = createProgress(output, true, ["a", "web2"]);
    const a = progress.host("a");
    a.phase("checking", 0);
    a.phase("rebooting", 500, "boot id 1a2b3c4d");
    await sleep(300);
    expect(plain(output.text())).toMatch(/ \[a\] +\d+\.\ds  rebooting: boot id 1a2b3c4d\n/);
    expect(plain(output.text())).toMatch(/ \[web2\] +waiting\n/);
    a.phase("down", 3200);
    progress.host("web2").phase("checking", 0);
    // The view redraws while hosts are busy, so elapsed times move without events.
    const before = output.text().length;
    await sleep(450);
    expect(output.text().length).toBeGreaterThan(before);
    expect(plain(output.text())).toMatch(/ \[a\] +\d+\.\ds  down\n/);
    a.phase("ssh ok", 9400, "new boot id 9f8e7d6c");
    progress.host("web2").phase("failed", 1000, "unreachable");
    progress.finish([
      { host: "a", ok: true, durationMs: 9400 },
      { host: "web2", ok: false, durationMs: 1000, reason: "unreachable" },
    ]);
    const text = plain(output.text());
    const summary = text.lastIndexOf("\nhost ");
    expect(text.slice(0, summary)).toMatch(/✔ \[a\] +\d\.\ds  ok\n✖ \[web2\] +\d\.\ds  failed: unreachable\n$/);
    expect(text.slice(summary)).toBe(
      "\nhost  result  duration\na     ok          9.4s\nweb2  failed      1.0s  unreachable\n" +
        "reboot on 2 hosts: 1 ok, 1 failed\n",
    );
    const length = output.text().length;
    await sleep(450);
    expect(output.text().length).toBe(length);
  });

  it("cuts lines to the terminal's width, so they never wrap", () => {
    const output = { ...capture(true), columns: 40 };
    let text = "";
    output.write = (chunk: string) => ((text += chunk), true);
    const progress = createProgress(output, true, ["web1"]);
    const web1 = progress.host("web1");
    web1.phase("checking", 0);
    web1.note("x".repeat(100));
    web1.phase("failed", 10, "y".repeat(100));
    progress.finish([]);
    const lines = plain(text)
      .replaceAll("\r", "")
      .split("\n")
      .filter((line) => line.includes("web1"));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(39);
  });
});
