import { Writable } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { createPrinter, createRecorder, setPrinter } from "../src/index.ts";
import { useFleet } from "./helpers/fleet.ts";

const HOSTS = 200;
const fleet = useFleet({ hosts: HOSTS });

// A full collection before each reading, so the figures are what is retained, not garbage not yet collected.
function collect(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

describe("controller memory per host", () => {
  it(`grows by well under 1 MB per host for \`echo hi\` on ${HOSTS} hosts, recorder included`, async () => {
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    const recorder = createRecorder(createPrinter(sink, sink));
    const previous = setPrinter(recorder);
    try {
      collect();
      const before = process.memoryUsage();
      let peakRss = before.rss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
      const results = await fleet.group().run("echo hi");
      clearInterval(sampler);
      collect();
      const after = process.memoryUsage();
      expect(results.every((result) => result.ok)).toBe(true);
      expect(recorder.hosts()).toHaveLength(HOSTS);
      const perHost = (bytes: number) => bytes / HOSTS / 1024;
      const figures = {
        heapKbPerHost: perHost(after.heapUsed - before.heapUsed),
        peakRssKbPerHost: perHost(peakRss - before.rss),
        retainedRssKbPerHost: perHost(after.rss - before.rss),
      };
      console.log(
        `memory per host (${HOSTS} hosts): ` +
          JSON.stringify(figures, (_key, value: unknown) =>
            typeof value === "number" ? Math.round(value * 10) / 10 : value,
          ),
      );
      expect(figures.heapKbPerHost).toBeLessThan(1024);
      expect(figures.peakRssKbPerHost).toBeLessThan(1024);
    } finally {
      setPrinter(previous);
    }
  }, 180_000);
});
