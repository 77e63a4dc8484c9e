// Taking a host's deployment lock is bounded: a host that takes it but then hangs before answering fails within the
// bound, saying which step and what to do, and the lock it may hold is let go, so the next deployment is not kept out
// for a lease. A stand-in mv on the host's PATH puts the lock in place, then hangs once (6 s at most: it holds the
// host's lock mutex, which on loopback hosts is this machine's, and other files' deployments wait 10 s for it).
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DeployStop } from "../../src/builtin/deploy-nixos/errors.ts";
import { lockHost } from "../../src/builtin/deploy-nixos/lock.ts";
import { lockFile } from "../../src/builtin/deploy-nixos/lock-script.ts";
import { useOneHost } from "./helpers.ts";

const one = useOneHost("lock-bound");

describe("taking the deployment lock", () => {
  it("on a host that hangs: fails within the bound, naming the step, and leaves no lock", async () => {
    const { fleet, address } = one;
    const configDir = fleet.configDir(address, `lock-bound-${process.pid}`);
    const gate = join(fleet.work, "mv-gate");
    const wait = `i=0; while [ "$i" -lt 60 ]; do sleep 0.1; i=$((i + 1)); done`;
    const script = [
      "#!/bin/sh",
      '/bin/mv "$@" || exit',
      `case "$*" in *'/lock:'*) if [ -e '${gate}' ]; then rm -f '${gate}'; ${wait}; fi ;; esac`,
    ];
    writeFileSync(join(fleet.work, "bin", "mv"), `${script.join("\n")}\n`, { mode: 0o755 });
    writeFileSync(gate, "");
    try {
      const [host] = fleet.hosts([{ configDir }]);
      const started = Date.now();
      const error = await lockHost(host!, configDir, "dk-deploy-lock-bound", { stepMs: 2000 }).then(
        (lock) => lock.release(),
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DeployStop);
      const stop = error as DeployStop;
      expect([stop.step, stop.outcome]).toEqual(["lock", "failed"]);
      expect(stop.message).toBe(
        `taking the deployment lock of ${configDir} got no answer within 2 s: the host hangs in it (its disk, sudo, ` +
          "its load?); check the host, then deploy again",
      );
      expect(existsSync(gate), "the stand-in held the lock's answer").toBe(false);
      expect(existsSync(lockFile(configDir))).toBe(false);
      expect(Date.now() - started).toBeLessThan(25_000);
    } finally {
      rmSync(gate, { force: true });
      rmSync(join(fleet.work, "bin", "mv"), { force: true });
      rmSync(lockFile(configDir), { force: true });
    }
  }, 60_000);
});
