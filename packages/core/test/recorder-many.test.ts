// A run on very many hosts: what the recorder keeps of a host that printed a line or two is that, not room for the
// 200 lines per stream it may keep at most.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createRecorder } from "../src/status/recorder.ts";

const HOSTS = 10_000;
const silent = { line: () => undefined, notice: () => {} };

// A full collection before each reading, so the figures are what is retained, not garbage not yet collected.
function collect(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

describe("the recorder on very many hosts", () => {
  it(`keeps under 2 KB per host (not room for the 410 lines it may keep) for a line each on ${HOSTS} hosts`, () => {
    const tags = Array.from({ length: HOSTS }, (_, i) => `host-${i}.example.com`);
    collect();
    const before = process.memoryUsage().heapUsed;
    const recorder = createRecorder(silent);
    recorder.plan(tags);
    for (const tag of tags) {
      recorder.start(tag, "uptime", tag);
      recorder.line(tag, "up 3 days", "stdout");
      recorder.end(tag, { command: "uptime", exitCode: 0, durationMs: 1 });
    }
    collect();
    const perHost = (process.memoryUsage().heapUsed - before) / HOSTS;
    expect(recorder.hosts().at(-1)!.output.stdout).toEqual(["up 3 days"]);
    console.log(`recorder heap per host: ${Math.round(perHost)} bytes`);
    expect(perHost).toBeLessThan(2048);
  });
});
