// Ctrl-C (SIGINT) or SIGTERM to a plain script calling deployNixos with onInterrupt "stop": the activation is stopped
// on the host before the process ends, and the process then dies of the signal as it would without deployNixos.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { collect, waitUntil, type CollectOptions } from "@deploykit/sandbox";
import type { ChildProcess } from "node:child_process";
import { describe, expect, it } from "vitest";
import { packageDir } from "../helpers/paths.ts";
import { useOneHost } from "./helpers.ts";

const SCRIPT = join(import.meta.dirname, "fixtures", "library-interrupt.ts");
const one = useOneHost("lib");

// The fixture script through tsx, from the sources; `healthCheck` becomes the host's meta.healthCheck.
function script(name: string, options: CollectOptions, healthCheck?: string) {
  const { port, key } = one.fleet.sandbox;
  const input = {
    address: one.address,
    port,
    key,
    source: one.source,
    configDir: one.fleet.configDir(one.address, name),
    healthCheck,
  };
  return collect(process.execPath, ["--conditions=source", "--import", "tsx", SCRIPT], {
    cwd: packageDir,
    env: { ...process.env, NO_COLOR: "1", DK_TEST_DEPLOY: JSON.stringify(input) },
    timeoutMs: 90_000,
    ...options,
  });
}

describe("Ctrl-C in a script calling deployNixos", () => {
  it("while nixos-rebuild builds: stopped, nothing changed; then the process dies of SIGINT", async () => {
    one.fleet.hold(one.address, "build");
    const run = await script("build", { onOutput: { text: "holding at", act: (child) => child.kill("SIGINT") } });
    const stepsAtExit = one.fleet.steps(one.address);
    expect(run.signal).toBe("SIGINT");
    expect(run.stdout).not.toContain("deployNixos returned");
    expect(run.stderr).toContain(`[${one.address}] stopped: nixos-rebuild did not change the system\n`);
    expect(one.fleet.rebuildRuns(one.address)).toBe(false);
    expect(stepsAtExit).toEqual(["nix-env --list-generations", "nixos-rebuild switch", "nix-env --list-generations"]);
  }, 120_000);

  it("SIGTERM while nixos-rebuild builds: stopped the same way; then the process dies of SIGTERM", async () => {
    one.fleet.hold(one.address, "build");
    const run = await script("term", { onOutput: { text: "holding at", act: (child) => child.kill("SIGTERM") } });
    expect(run.signal).toBe("SIGTERM");
    expect(run.stderr).toContain(`[${one.address}] stopped: nixos-rebuild did not change the system\n`);
    expect(one.fleet.rebuildRuns(one.address)).toBe(false);
  }, 120_000);

  it("while dk confirms (the health check runs): the host rolls back at once, before the process ends", async () => {
    const checking = join(one.fleet.records, `${one.address}.checking`);
    const hold = join(one.fleet.records, `${one.address}.hold-health`);
    writeFileSync(hold, "");
    const check = `touch ${checking}; while [ -e ${hold} ]; do sleep 0.1; done`;
    let child: ChildProcess | undefined;
    const running = script("health", { onSpawn: (spawned) => void (child = spawned) }, check);
    try {
      await waitUntil(() => existsSync(checking), "the health check to start", 60_000);
      child!.kill("SIGINT");
      const run = await running;
      const stepsAtExit = one.fleet.steps(one.address);
      expect(run.signal).toBe("SIGINT");
      expect(run.stderr).toContain(`[${one.address}] stopped: rolled back to the system it ran before\n`);
      // Switched to the new system, then straight back: not after the 3 s confirm timeout, which never began.
      expect(stepsAtExit).toEqual([
        "nix-env --list-generations",
        "nixos-rebuild switch",
        expect.stringMatching(/^nix-env --set \/\S+\/systems\/2$/),
        "switch-to-configuration switch 2",
        "nix-env --list-generations",
        "nix-env --switch-generation 1",
        "nix-env --delete-generations 2",
        "switch-to-configuration switch 1",
      ]);
    } finally {
      rmSync(hold, { force: true });
    }
  }, 120_000);
});
