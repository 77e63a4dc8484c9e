// A host that answers ping before its reboot and no longer after it (the boot brought up a firewall that drops ICMP):
// it is back once its ssh port opens and ssh reads a new boot id, not failed at the timeout for want of a ping.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { reboot } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, withHosts } from "./helpers.ts";

const DROP_ICMP = `table inet dk_ping_after {
  chain input {
    type filter hook input priority 0; policy accept;
    icmp type echo-request drop
  }
}
`;

describe("a host that stops answering ping across its reboot", () => {
  it("is watched by its ssh port while down, and comes back by ssh", async () => {
    await withHosts([{ downFor: 1.5 }], async (fleet, group) => {
      const host = fleet.hosts[0]!;
      const output = capture();
      const write = output.write.bind(output);
      // The firewall comes with the new boot: while the host is down, as a boot brings it up.
      output.write = (text: string) => {
        if (text.includes("] down after"))
          execFileSync("ip", ["netns", "exec", host.namespace, "nft", "-f", "-"], { input: DROP_ICMP });
        return write(text);
      };
      const [result] = await reboot(group, { ...FAST, timeout: 20, output });
      expect(result!.result).toMatchObject({ probe: "ping", downSeen: true, bootIdAfter: host.bootId() });
      expect(output.text()).toMatch(/\] up after \d+\.\ds \(port 22 open; no answer to ping\)/);
    });
  }, 60_000);
});
