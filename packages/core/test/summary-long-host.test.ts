// The end-of-run table with a very long host name among short ones: the name must not pad every row past the
// terminal's width (each row would wrap onto three lines), nor be cut (two hosts may differ only at the end).
import { describe, expect, it } from "vitest";
import { formatSummary } from "../src/status/summary.ts";
import { textWidth } from "../src/status/width.ts";

const long = `node-${"x".repeat(150)}.eu-west-1.compute.internal`;

describe("the summary table with a very long host name", () => {
  it("gives the long name a line of its own above its row; the other rows stay as narrow as their names", () => {
    const text = formatSummary([
      { host: "web1", ok: true, durationMs: 1200, exitCode: 0 },
      { host: long, ok: false, durationMs: 400, exitCode: 3, reason: "failed with exit code 3" },
      { host: "db", ok: true, durationMs: 800, exitCode: 0 },
    ]);
    expect(text.split("\n").slice(1, 7)).toEqual([
      "host  result  exit  duration",
      "web1  ok         0      1.2s",
      long,
      "      failed     3      0.4s  failed with exit code 3",
      "db    ok         0      0.8s",
      "3 hosts: 2 ok, 1 failed",
    ]);
  });

  it("keeps names up to 40 columns in their column, wide characters counted as two", () => {
    const names = ["a".repeat(40), "数".repeat(20), "web1"];
    const text = formatSummary(names.map((host) => ({ host, ok: true, durationMs: 100 })));
    const rows = text.split("\n").slice(2, 5);
    expect(rows.map((row) => textWidth(row))).toEqual([58, 58, 58]);
    expect(rows.map((row) => row.startsWith(names[rows.indexOf(row)]!))).toEqual([true, true, true]);
  });
});
