import { describe, expect, it } from "vitest";
import { formatSummary } from "../src/status/summary.ts";

describe("the summary table's reasons", () => {
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
