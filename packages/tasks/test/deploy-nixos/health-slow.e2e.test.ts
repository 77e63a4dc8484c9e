// A health check that takes longer than one poll of the confirmation would wait, within --health-timeout: dk waits
// for its verdict over the same connection, and neither cuts it short nor starts it again.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { deployNixos } from "../../src/builtin/deploy-nixos/index.ts";
import { useOneHost } from "./helpers.ts";

const one = useOneHost("slow-health");

describe("a slow health check", () => {
  it("that ends within healthTimeout is waited for and confirms, having run once", async () => {
    const runs = join(one.fleet.work, "health-runs");
    // Longer than a poll's own bound (40 s), well within the health timeout.
    const healthCheck = `echo run >> ${runs}; sleep 45; echo slow but fine`;
    const { address } = one;
    const [host] = one.fleet.hosts([{ configDir: one.fleet.configDir(address, "slow"), healthCheck }]);
    const [result] = await deployNixos([host!], {
      source: one.source,
      action: "test",
      confirmTimeout: 5,
      healthTimeout: 90,
      summary: false,
    });
    expect(result!.ok && result!.result.outcome).toBe("confirmed");
    expect(readFileSync(runs, "utf8")).toBe("run\n");
  }, 240_000);
});
