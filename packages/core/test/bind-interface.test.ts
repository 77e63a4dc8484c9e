// BindInterface on interfaces of every state ssh tells apart, in a network namespace of the test's own (root).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const module = fileURLToPath(new URL("../src/ssh/native/bind-interface.ts", import.meta.url));

// dk1: up with an address but no carrier (its peer dk2 is down), which Node does not list and ssh binds to
// (check_ifaddrs wants IFF_UP alone); dk2: down; dk3: up and running, with 10.9.9.1.
const SETUP = [
  "mount -t sysfs sysfs /sys",
  "ip link add dk1 type veth peer name dk2",
  "ip link add dk3 type veth peer name dk4",
  "ip addr add 10.9.8.1/24 dev dk1",
  "ip addr add 10.9.9.1/24 dev dk3",
  "ip link set dk1 up",
  "ip link set dk3 up",
  "ip link set dk4 up",
].join(" && ");

const ASK = `
const { bindsInterfaceAsSsh, interfaceAddress } = await import(process.argv[1]);
const to = (hostname, addressFamily = 0) => ({ hostname, addressFamily, bindAddress: undefined });
const names = ["dk1", "dk2", "dk3", "nosuch0"];
console.log(JSON.stringify({
  native: Object.fromEntries(names.map((name) => [name, bindsInterfaceAsSsh(to("10.9.9.2"), name)])),
  byName: bindsInterfaceAsSsh(to("web1"), "dk3"),
  byNameInet: bindsInterfaceAsSsh(to("web1", 4), "dk3"),
  address: Object.fromEntries(names.map((name) => [name, interfaceAddress(name, 4) ?? null])),
}));
`;

describe("BindInterface, on interfaces in each state", () => {
  it("is native where Node sees the interface as ssh does, and ssh's for one up without a carrier", () => {
    const script = `${SETUP} && exec node --import tsx --input-type=module -e '${ASK}' "$0"`;
    const out = execFileSync("unshare", ["--net", "--mount", "sh", "-c", script, module], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(JSON.parse(out)).toEqual({
      native: { dk1: false, dk2: true, dk3: true, nosuch0: true },
      byName: false,
      byNameInet: true,
      address: { dk1: null, dk2: null, dk3: "10.9.9.1", nosuch0: null },
    });
  });
});
