// A host whose login prints a greeting on stdout (a ~/.bashrc that echoes, as bash reads it for commands run over
// ssh): its boot id is still found in what the read prints, so it reboots as any other.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { reboot } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, withHosts } from "./helpers.ts";

describe("a host whose login greets on stdout", () => {
  it("reboots, its boot ids read past the greeting", async () => {
    await withHosts([{ downFor: 1 }], async (fleet, group) => {
      const host = fleet.hosts[0]!;
      writeFileSync(join(fleet.dir, host.namespace, "home", ".bashrc"), "echo 'Welcome to web1'\necho\n");
      const before = host.bootId();
      const [result] = await reboot(group, { ...FAST, timeout: 30, output: capture() });
      expect(result!.result).toMatchObject({ bootIdBefore: before, bootIdAfter: host.bootId() });
      expect(result!.result.bootIdAfter).not.toBe(before);
      expect(host.events().map((e) => e.event)).toEqual(["down", "up"]);
    });
  }, 60_000);
});
