// Each host's ssh configuration (`ssh -G`: aliases, HostName, Port, ProxyJump, User) is read once per run, however
// many steps need it: the ping check, the dry run's login user, the probe target. Counted by an `ssh` first on PATH
// that logs the `ssh -G` runs reboot makes (core's own start with -G) and then runs the real one.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Host } from "@deploykit/core";
import { describe, expect, it } from "vitest";
import { reboot } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, withHosts, withoutPing } from "./helpers.ts";

// Runs `fn` with the logging ssh first on PATH; returns how many times reboot read each host's configuration.
async function countConfigReads(fn: () => Promise<unknown>): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), "dkr-sshlog-"));
  const log = join(dir, "log");
  const real = (process.env.PATH ?? "").split(":").find((entry) => {
    try {
      return readFileSync(join(entry, "ssh")).length > 0;
    } catch {
      return false;
    }
  });
  writeFileSync(
    join(dir, "ssh"),
    `#!/bin/sh\ncase " $* " in *" -G "*) [ "$1" = -G ] || printf '%s\\n' "$(eval echo \\\${$#})" >>'${log}';; esac\n` +
      `exec '${join(real!, "ssh")}' "$@"\n`,
  );
  chmodSync(join(dir, "ssh"), 0o755);
  const before = process.env.PATH;
  process.env.PATH = `${dir}:${before}`;
  try {
    await fn();
    const counts: Record<string, number> = {};
    for (const name of readFileSync(log, "utf8").split("\n").filter(Boolean)) counts[name] = (counts[name] ?? 0) + 1;
    return counts;
  } finally {
    process.env.PATH = before;
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("reboot reads each host's ssh configuration once", () => {
  it("dry run without ping: the login user and the ping note share the first host's read", async () => {
    const hosts = [new Host("127.0.0.1"), new Host("127.0.0.2")];
    const output = capture();
    const counts = await withoutPing(() => countConfigReads(() => reboot(hosts, { dryRun: true, output })));
    expect(counts).toEqual({ "127.0.0.1": 1, "127.0.0.2": 1 });
    expect(output.text()).toContain("`ping` is not installed on this machine");
  });

  it("a real reboot, with ping and without: one read per host", async () => {
    await withHosts([{ downFor: 1 }, { downFor: 1 }], async (fleet, group) => {
      const addresses = fleet.hosts.map((host) => host.address);
      const once = Object.fromEntries(addresses.map((address) => [address, 1]));
      const options = { ...FAST, timeout: 30, output: capture() };
      expect(await countConfigReads(() => reboot(group, options))).toEqual(once);
      const output = capture();
      const counts = await withoutPing(() => countConfigReads(() => reboot(group, { ...options, output })));
      expect(counts).toEqual(once);
      expect(output.text()).toMatch(/\] up after \d+\.\ds \(port 22 open\)/);
    });
  });
});
