import { describe, expect, it } from "vitest";
import type { CommandError } from "../src/errors.ts";
import { run } from "../src/run.ts";
import { formatSummary, withoutCommand } from "../src/status/summary.ts";

describe("the summary table's reasons", () => {
  it("keeps a reason of several lines (a message a caller gives as it is) in one line, its lines not glued", () => {
    const reason = "deploy failed:\nfirst problem\r\nsecond problem\n\nstep 10%\rstep 100%";
    const row = formatSummary([{ host: "web1", ok: false, durationMs: 100, reason }]).split("\n")[2]!;
    expect(row).toMatch(/ {2}deploy failed: first problem; second problem; step 100%$/);
  });

  it("cuts a long reason, saying how many characters more there were", () => {
    const reason = `${"x".repeat(99_990)}0123456789`;
    const text = formatSummary([
      { host: "web1", ok: false, durationMs: 100, reason },
      { host: "web2", ok: false, durationMs: 100, reason: "disk full" },
    ]);
    const rows = text.split("\n");
    expect(text.length).toBeLessThan(1200);
    expect(rows[2]).toBe(`web1  failed      0.1s  ${"x".repeat(1000)}… (99000 more characters)`);
    expect(rows[3]).toBe("web2  failed      0.1s  disk full");
  });

  it("never cuts a character in two", () => {
    const reason = `${"x".repeat(999)}😀${"y".repeat(2000)}`;
    const row = formatSummary([{ host: "web1", ok: false, durationMs: 100, reason }]).split("\n")[2]!;
    expect(row).toBe(`web1  failed      0.1s  ${"x".repeat(999)}… (2002 more characters)`);
  });
});

describe("withoutCommand", () => {
  it("takes a failed command's name off its reason, not a quoted word that starts a message", async () => {
    const reasons = await Promise.all(
      ["exit 3", "sleep 5", `echo ${"x".repeat(80)}; exit 4`, "echo `date` >&2\nexit 5"].map((command, i) =>
        run(command, { echo: false, timeout: i === 1 ? 100 : undefined }).then(
          () => expect.unreachable(command),
          (error: CommandError) => error.reason,
        ),
      ),
    );
    expect(reasons.map(withoutCommand)).toEqual([
      "failed with exit code 3",
      "timed out after 100 ms",
      "failed with exit code 4",
      expect.stringMatching(/^failed with exit code 5: /),
    ]);
    const thrown = "`config.json` is missing, so `deploy` failed to start";
    expect(withoutCommand(thrown)).toBe(thrown);
    expect(withoutCommand("`a` b `c` failed with exit code 1 somewhere")).toBe("failed with exit code 1 somewhere");
  });
});

describe("the summary's last lines of failed hosts", () => {
  const failed = (host: string, tail: string[]) => ({ host, ok: false, durationMs: 100, reason: "x", tail });

  it("shows them once for hosts that ended alike, and at most ten blocks, counting the hosts left out", () => {
    const alike = Array.from({ length: 6 }, (_, i) => failed(`web${i}`, ["no disk", "giving up"]));
    const own = Array.from({ length: 12 }, (_, i) => failed(`db${i}`, [`db${i} is down`]));
    const text = formatSummary([...alike, ...own]);
    const after = text.slice(text.indexOf("18 hosts: 0 ok, 18 failed\n")).split("\n");
    expect(after.slice(1, 5)).toEqual(["", "last lines of web0, web1, web2 and 3 more:", "  no disk", "  giving up"]);
    expect(after.filter((line) => line.startsWith("last lines of"))).toHaveLength(10);
    expect(after.slice(-4)).toEqual([
      "  db8 is down",
      "",
      "(the last lines of 3 more failed hosts are in the output above)",
      "",
    ]);
  });
});
