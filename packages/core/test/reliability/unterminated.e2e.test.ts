import { describe, expect, it } from "vitest";
import { useFleet } from "../helpers/fleet.ts";
import { REPORT_RSS, maxRss, onFirstHost as onHost } from "../helpers/first-host.ts";
import { runScript } from "../helpers/script.ts";

const fleet = useFleet({ hosts: 1 });
const MB = 1024 * 1024;
const onFirstHost = (body: string, options: Parameters<typeof runScript>[1]) => onHost(fleet.sandbox, body, options);

describe("output without a newline", () => {
  it("counts towards maxBuffer and stops the command: 200 MB of one line under maxBuffer 1e6", async () => {
    const r = await onFirstHost(
      `
      const started = performance.now();
      const error = await h
        .run("head -c 209715200 /dev/zero | tr '\\\\0' x; echo end >&2", {
          stdout: "pipe",
          stderr: "pipe",
          maxBuffer: 1e6,
          echo: false,
        })
        .catch((e) => e);
      process.stderr.write(
        "RESULT " +
          JSON.stringify({
            message: error.message,
            kept: error.stdout.length,
            stderr: error.stderr,
            ms: Math.round(performance.now() - started),
          }) +
          "\\n",
      );
      ${REPORT_RSS}
    `,
      { timeoutMs: 60_000 },
    );
    const result = JSON.parse(/RESULT (.*)/.exec(r.stderr)?.[1] ?? "null") as {
      message: string;
      kept: number;
      stderr: string;
      ms: number;
    } | null;
    expect(result, r.stderr).not.toBeNull();
    expect(result!.message).toMatch(/printed more than 1000000 bytes on stdout \(maxBuffer\) and was stopped/);
    expect(result!.kept).toBeLessThanOrEqual(1e6);
    // Stopped, not run to its end: the command never printed "end".
    expect(result!.stderr).not.toContain("end");
    expect(maxRss(r.stderr)).toBeLessThan(200 * MB);
    console.log(
      `200 MB without a newline, maxBuffer 1e6: stopped after ${result!.ms} ms, ` +
        `controller max RSS ${Math.round(maxRss(r.stderr) / MB)} MB`,
    );
  }, 90_000);

  it("is printed in bounded pieces with flat memory: 1.5 GB of one line, printed", async () => {
    const r = await onFirstHost(
      `
      let pieces = 0;
      let longest = 0;
      let continued = 0;
      let early = 0;
      core.setPrinter({
        line(tag, text) {
          // The peak after the first 256 MB: what start-up and warm-up cost, before volume could tell.
          if (++pieces === 4096) early = process.resourceUsage().maxRSS * 1024;
          longest = Math.max(longest, text.length);
          if (text.startsWith("… ")) continued++;
          return undefined;
        },
        notice() {},
      });
      await h.run("head -c 1610612736 /dev/zero | tr '\\\\0' x", { echo: false });
      process.stderr.write("RESULT " + JSON.stringify({ pieces, longest, continued, early }) + "\\n");
      ${REPORT_RSS}
    `,
      { timeoutMs: 170_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(/RESULT (.*)/.exec(r.stderr)?.[1] ?? "null") as {
      pieces: number;
      longest: number;
      continued: number;
      early: number;
    };
    // 64 KiB pieces (a 10 MB line still arrives; see output-volume), every one after the first marked as continued.
    expect(result.longest).toBeLessThanOrEqual(64 * 1024 + 2);
    expect(result.pieces).toBeGreaterThan(1.5 * 1024 * 16 - 10);
    expect(result.continued).toBe(result.pieces - 1);
    // Flat: the last 1.25 GB add next to nothing to the peak (a kept line would add all of it). The process's own
    // size (Node, the transport, the garbage collector's young space) is bounded apart, as in output-volume.
    expect(result.early).toBeGreaterThan(0);
    expect(maxRss(r.stderr) - result.early).toBeLessThan(64 * MB);
    expect(maxRss(r.stderr)).toBeLessThan(300 * MB);
    console.log(
      `1.5 GB without a newline, printed: controller max RSS ${Math.round(maxRss(r.stderr) / MB)} MB, ` +
        `${Math.round(result.early / MB)} MB after the first 256 MB, ${result.pieces} pieces`,
    );
  }, 180_000);
});
