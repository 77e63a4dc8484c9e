// Fleets past 127.0.0.254 (the next /24 of loopback) and the open-file limit a fleet needs.
import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loopbackAddresses } from "../src/addresses.ts";
import { assertFdLimit, FdLimitError } from "../src/fd-limit.ts";
import { startSandbox } from "../src/index.ts";

describe("loopbackAddresses", () => {
  it("goes on at 127.0.1.1 after 127.0.0.254", () => {
    const a = loopbackAddresses(1000, 2);
    expect([a[0], a[252], a[253], a[999], new Set(a).size]).toEqual([
      "127.0.0.2",
      "127.0.0.254",
      "127.0.1.1",
      "127.0.3.239",
      1000,
    ]);
  });

  it("rejects sizes and first octets it cannot place", () => {
    expect(() => loopbackAddresses(0, 2)).toThrow(TypeError);
    expect(() => loopbackAddresses(254 * 256, 2)).toThrow("from 1 to 65023");
    expect(() => loopbackAddresses(3, 255)).toThrow("`firstOctet`");
  });
});

describe("open-file limit", () => {
  it("names the limit needed", () => {
    expect(() => assertFdLimit(1000, 500)).toThrow(FdLimitError);
    expect(() => assertFdLimit(1000, 500)).toThrow("the limit here is 500: raise it (ulimit -n 1064");
    expect(() => assertFdLimit(1000, 1064)).not.toThrow();
  });

  it("stops startSandbox before any sshd starts when ulimit -n is too low", () => {
    const script = `import("${import.meta.dirname}/../src/index.ts").then((m) => m.startSandbox({ hosts: 400 }))
      .then(() => console.log("started"), (e) => console.log(e.name));`;
    // ulimit -n sets the hard limit too, so Node cannot raise its soft limit past it.
    const r = spawnSync("bash", ["-c", 'ulimit -n 256 && exec node --import tsx -e "$0"', script], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(r.stdout).toBe("FdLimitError\n");
  });
});

describe("a fleet past 253 hosts", () => {
  it("starts, and a host on 127.0.1.x answers ssh", { timeout: 120_000 }, async () => {
    const sandbox = await startSandbox({ hosts: 270 });
    try {
      const last = sandbox.addresses.at(-1)!;
      expect(last).toBe("127.0.1.17");
      const options = ["-F", "/dev/null", "-i", sandbox.key, "-p", String(sandbox.port), "-o", "BatchMode=yes"];
      const noCheck = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"];
      const out = execFileSync("ssh", [...options, ...noCheck, last, "echo $SSH_CONNECTION"], {
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(out.trim().split(" ")[2]).toBe(last);
    } finally {
      await sandbox.stop();
    }
  });
});
