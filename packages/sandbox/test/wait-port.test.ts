// waitForPort keeps to its time limit even when a connection attempt is never answered.
import { describe, expect, it } from "vitest";
import { startNetnsHosts, waitForPort } from "../src/index.ts";

const asRoot = process.getuid?.() === 0;

describe("waitForPort", () => {
  it("gives up at its limit while a connect goes unanswered (the host's link is down)", async () => {
    if (!asRoot) throw new Error("netns test hosts need root: run the tests as root, as CI does");
    const fleet = await startNetnsHosts({ hosts: [{}] });
    try {
      const host = fleet.hosts[0]!;
      host.setLink(false);
      const started = Date.now();
      await expect(waitForPort(host.address, host.port, 200)).rejects.toThrow("within 200 ms");
      // The kernel gives up on an unanswered neighbour after about 3 s: well past the limit.
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await fleet.stop();
    }
  });
});
