// A rollback that fails in its turn (here: the old generation is gone) leaves the host on the new system: the host's
// failure says so, as "rollback failed", with the log on the host that says why and names the system to go back to.
import { existsSync, readFileSync, rmSync, symlinkSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GroupError } from "@deploykit/core";
import { describe, expect, it } from "vitest";
import { deployNixos, type HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import { STATE_ROOT } from "../../src/builtin/deploy-nixos/state-dir.ts";
import { useOneHost } from "./helpers.ts";

const one = useOneHost("src");

// Deploys with `meta`, and returns the host's failure, the activation's log, and the log's path in the reason.
async function failed(name: string, healthCheck?: string) {
  const configDir = one.fleet.configDir(one.address, name);
  const host = one.fleet.hosts([{ configDir, ...(healthCheck === undefined ? {} : { healthCheck }) }])[0]!;
  const error = await deployNixos([host], { source: one.source, confirmTimeout: 5, summary: false }).catch(
    (e: unknown) => e,
  );
  const failure = (error as GroupError).failed[0]!.error as HostDeployError;
  const log = new RegExp(`${STATE_ROOT}/dk-deploy-[\\w-]+/log`).exec(failure.reason)?.[0];
  try {
    return { failure, log: log !== undefined && existsSync(log) ? readFileSync(log, "utf8") : undefined };
  } finally {
    if (log !== undefined) rmSync(join(log, ".."), { recursive: true, force: true });
  }
}

const oldGeneration = () => join(one.fleet.records, one.address, "generations", "1");
const NEXT = /and going back to the system it ran before failed too: it may still run the new system; see why in /;

describe("a rollback that fails", () => {
  it("after a failed health check: rollback failed, naming the log on the host", async () => {
    const { failure, log } = await failed("health", `rm -f ${oldGeneration()}; echo 'nginx down' >&2; exit 3`);
    expect(failure).toMatchObject({ step: "confirm", outcome: "rollback failed" });
    expect(failure.reason).toMatch(/^rollback failed: health check failed \(exit 3\): nginx down, /);
    expect(failure.reason).toMatch(NEXT);
    expect(failure.reason).toMatch(/ on the host, which names the system to switch back to by hand$/);
    expect(log).toContain("dk: rolling back to ");
    expect(log).toContain("error: generation 1 does not exist");
  }, 60_000);

  it("after nixos-rebuild failed having changed the system: rollback failed, not 'nixos-rebuild failed'", async () => {
    const bin = join(one.fleet.work, "bin");
    const real = join(one.fleet.work, "real");
    mkdirSync(real, { recursive: true });
    rmSync(join(real, "nixos-rebuild"), { force: true });
    symlinkSync(join(bin, "dk-nixos-stand-in"), join(real, "nixos-rebuild"));
    // The stand-in switches, then this one fails as a switch that broke halfway would, the old generation gone.
    const wrapper = [
      "#!/bin/sh",
      `${join(real, "nixos-rebuild")} "$@"`,
      `rm -f ${oldGeneration()}`,
      "echo 'error: the switch broke halfway' >&2",
      "exit 1",
    ];
    rmSync(join(bin, "nixos-rebuild"));
    writeFileSync(join(bin, "nixos-rebuild"), `${wrapper.join("\n")}\n`, { mode: 0o755 });
    try {
      const { failure, log } = await failed("rebuild");
      expect(failure).toMatchObject({ step: "nixos-rebuild", outcome: "rollback failed" });
      expect(failure.reason).toMatch(
        /^rollback failed: nixos-rebuild failed \(exit 1\) after it had changed the system, /,
      );
      expect(failure.reason).toMatch(NEXT);
      expect(log).toContain("error: generation 1 does not exist");
    } finally {
      rmSync(join(bin, "nixos-rebuild"));
      symlinkSync("dk-nixos-stand-in", join(bin, "nixos-rebuild"));
    }
  }, 60_000);
});
