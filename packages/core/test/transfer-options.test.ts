// Transfer options are checked before anything runs: an unknown name is a TypeError naming it and the likely one
// meant; `concurrency` belongs to group calls only.
import { describe, expect, it } from "vitest";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";

const host = new Host("127.0.0.2", { hostKeyCheck: "none" });
const file = new URL(import.meta.url).pathname;

describe("transfer options", () => {
  it("a typo names the option meant", async () => {
    await expect(host.upload(file, "/tmp/x", { exlude: ["*.map"] } as never)).rejects.toThrow(
      /^Unknown upload option `exlude` for host\.upload\(\); did you mean `exclude`\?/,
    );
    await expect(host.download("/tmp/x", "out", { becomRoot: true } as never)).rejects.toThrow(
      /^Unknown download option `becomRoot` for host\.download\(\); did you mean `becomeRoot`\?/,
    );
  });

  it("concurrency is a group call's option, not a host's", async () => {
    await expect(host.upload(file, "/tmp/x", { concurrency: 2 } as never)).rejects.toThrow(
      /^Unknown upload option `concurrency` for host\.upload\(\)/,
    );
    await expect(host.download("/tmp/x", "out", { concurrency: 2 } as never)).rejects.toThrow(TypeError);
    const results = await new Group([host]).upload(file, "/tmp/x", { concurrency: 1, dryRun: true });
    expect(results.map((r) => r.ok)).toEqual([true]);
  });
});
