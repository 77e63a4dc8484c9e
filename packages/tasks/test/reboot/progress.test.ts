import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/builtin/reboot/progress.ts";
import { summary } from "../../src/builtin/reboot/summary.ts";
import { capture } from "./helpers.ts";

const ESC = "\x1b";

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
    expect(output.text()).toBe([
      "[web1] checking",
      "[web1] rebooting after 0.4s (boot id 1a2b3c4d)",
      "[web2] checking",
      "[web2] note: no answer to ping (ICMP filtered?): watching ssh port 22 instead",
      "[web1] down after 3.2s",
      "[web1] up after 9.0s (answers ping)",
      "[web1] ssh ok after 9.4s (new boot id 9f8e7d6c)",
      "[web2] failed after 600.0s: did not come back within 600 s",
      "reboot: 1 of 2 hosts failed",
      "  web1  ok         9.4s",
      "  web2  FAILED   600.0s  did not come back within 600 s",
      "",
    ].join("\n"));
  });
});

describe("progress on a terminal: one line per host, redrawn in place", () => {
  it("redraws the block with phase and elapsed time, then prints the summary and stops redrawing", async () => {
    const output = capture(true);
    const progress = createProgress(output, true, ["a", "web2"]);
    const a = progress.host("a");
    a.phase("rebooting", 500, "boot id 1a2b3c4d");
    a.phase("down", 3200);
    progress.host("web2").phase("checking", 0);
    // The ticker redraws while hosts are busy, so elapsed times move without events.
    await sleep(450);
    a.phase("ssh ok", 9400, "new boot id 9f8e7d6c");
    progress.finish([{ host: "a", ok: true, durationMs: 9400 }, { host: "web2", ok: false, durationMs: 1000, reason: "unreachable" }]);
    const text = output.text();
    expect(text.startsWith(`\r${ESC}[2K  a     rebooting     0.5s  boot id 1a2b3c4d\n\r${ESC}[2K  web2  waiting\n`)).toBe(true);
    expect(text).toContain(`${ESC}[2A\r${ESC}[2K  a     down          3.2s\n`);
    expect(text.split(`${ESC}[2A`).length).toBeGreaterThan(4);
    const finalBlock = text.slice(text.lastIndexOf(`${ESC}[2A`));
    expect(finalBlock).toMatch(new RegExp(`^${ESC}\\[2A\\r${ESC}\\[2K  a     ${ESC}\\[32mssh ok${ESC}\\[39m        9\\.4s  new boot id 9f8e7d6c\\n`));
    expect(finalBlock).toContain(`reboot: 1 of 2 hosts failed\n  a     ${ESC}[32mok    ${ESC}[39m     9.4s\n  web2  ${ESC}[31mFAILED${ESC}[39m     1.0s  unreachable\n`);
    const length = text.length;
    await sleep(450);
    expect(output.text().length).toBe(length);
  });

  it("cuts lines to the terminal's width, so they never wrap", () => {
    const output = { ...capture(true), columns: 40 };
    let text = "";
    output.write = (chunk: string) => ((text += chunk), true);
    const progress = createProgress(output, true, ["web1"]);
    progress.host("web1").note("x".repeat(100));
    progress.finish([]);
    const lines = text.split("\n").filter((line) => line.includes("web1"));
    for (const line of lines) expect(line.replace(`${ESC}[1A`, "").replace(`\r${ESC}[2K`, "").length).toBeLessThanOrEqual(39);
  });
});

describe("summary", () => {
  it("says all hosts are back, or how many failed, with each host's time", () => {
    expect(summary([{ host: "h1", ok: true, durationMs: 1234 }], false)).toBe("reboot: the host is back\n  h1  ok         1.2s\n");
    expect(summary([{ host: "h1", ok: true, durationMs: 1234 }, { host: "host2", ok: true, durationMs: 99 }], false))
      .toBe("reboot: all 2 hosts are back\n  h1     ok         1.2s\n  host2  ok         0.1s\n");
  });
});
