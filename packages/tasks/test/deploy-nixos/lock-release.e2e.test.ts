// Releasing the deployment lock while a renewal of its lease is in flight: the release stops it (the host lost, or
// Ctrl-C) and returns only once it has ended, so a deployment never leaves a command of dk's own running (which dk
// would report as the task's missing await).
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inFlight } from "@deploykit/core";
import { waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { lockFile } from "../../src/builtin/deploy-nixos/lock-script.ts";
import { lockHost } from "../../src/builtin/deploy-nixos/lock.ts";
import { useOneHost } from "./helpers.ts";

const one = useOneHost("src");

// A mkdir on the host's PATH that holds the first run to find `gate` (the lock scripts start with a mkdir, before the
// shared mutex) until the gate goes, 60 s at most; the others pass.
function gatedMkdir(gate: string): string {
  const file = join(one.fleet.work, "bin", "mkdir");
  const script = [
    "#!/bin/sh",
    `g='${gate}'`,
    'if [ -e "$g" ] && /bin/mkdir "$g.claimed" 2>/dev/null; then',
    '  : >"$g.waiting"; i=0',
    '  while [ -e "$g" ] && [ "$i" -lt 600 ]; do sleep 0.1; i=$((i + 1)); done',
    "fi",
    'exec /bin/mkdir "$@"',
  ];
  writeFileSync(file, `${script.join("\n")}\n`, { mode: 0o755 });
  return file;
}

describe("releasing the deployment lock", () => {
  it("stops a renewal in flight when fresh, and returns with nothing of the lock running", async () => {
    const configDir = one.fleet.configDir(one.address, "renewing");
    const gate = join(one.fleet.work, "renewal-gate");
    const mkdir = gatedMkdir(gate);
    try {
      const host = one.fleet.hosts([{ configDir }])[0]!;
      // Renewing every 50 ms; the gate, up before the first renewal is due, holds that one.
      const lock = await lockHost(host, configDir, "dk-deploy-renewal-test", { renewMs: 50 });
      writeFileSync(gate, "");
      await waitUntil(() => existsSync(`${gate}.waiting`), "a renewal to start and wait at the gate");
      expect(inFlight()).not.toEqual([]);
      await lock.release(true);
      expect(inFlight()).toEqual([]);
      expect(existsSync(lockFile(configDir))).toBe(false);
      // The gate still stands: the renewal ended because it was stopped, not because it was let through.
      expect(existsSync(gate)).toBe(true);
    } finally {
      rmSync(gate, { force: true });
      rmSync(mkdir, { force: true });
    }
  }, 120_000);
});
