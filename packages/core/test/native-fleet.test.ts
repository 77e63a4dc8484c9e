import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configure } from "../src/settings.ts";
import { useFleet } from "./helpers/fleet.ts";

// Many hosts from one controller over the native transport: one socket per host, bounded memory, --limit respected.
const HOSTS = 150;
const fleet = useFleet({ hosts: HOSTS });
const openFds = () => readdirSync("/proc/self/fd").length;

describe(`native transport, ${HOSTS} hosts`, () => {
  it("runs every host with one descriptor per connection and well under 1 MB of memory per host", async () => {
    const before = { fds: openFds(), rss: process.memoryUsage().rss };
    let peakFds = before.fds;
    const sampler = setInterval(() => (peakFds = Math.max(peakFds, openFds())), 20);
    const started = Date.now();
    const results = await fleet.group({ transport: "native" }).run("echo hi", { stdout: "pipe", echo: false });
    clearInterval(sampler);
    expect(results.map((r) => r.result.stdout)).toEqual(Array(HOSTS).fill("hi\n"));
    // No process per host: only the sockets (and a few of Node's own) come and go.
    expect(peakFds - before.fds).toBeLessThanOrEqual(HOSTS + 10);
    expect((process.memoryUsage().rss - before.rss) / HOSTS).toBeLessThan(1024 * 1024);
    // A generous bound for a shared, busy machine; a hang would end here with this message.
    expect(Date.now() - started, "150 hosts took over 90 s").toBeLessThan(90_000);
  }, 120_000);

  it("keeps at most `concurrency` (dk --limit) connections opening and running at once", async () => {
    const previous = configure({ concurrency: 10 });
    try {
      let inFlight = 0;
      let peak = 0;
      const group = fleet.group({ transport: "native", reuseConnection: true });
      await group.runFunction(async (h) => {
        peak = Math.max(peak, ++inFlight);
        await h.run("true", { echo: false, freshConnection: true });
        inFlight--;
      });
      expect(peak).toBe(10);
    } finally {
      configure(previous);
    }
  }, 120_000);
});
