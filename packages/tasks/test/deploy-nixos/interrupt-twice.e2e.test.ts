// A second Ctrl-C (dk then exits at once) while deploy-nixos holds a host's deployment lock: the host lets go of the
// lock within seconds, not when its lease runs out (120 s), so the next deployment there neither waits nor is skipped.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitUntil } from "@deploykit/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import { lockFile } from "../../src/builtin/deploy-nixos/lock-script.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { gatedCommand, signalledDk } from "./group-signal.ts";
import { useOneHost } from "./helpers.ts";

const TASKS = join(import.meta.dirname, "fixtures", "dk-project", "tasks.ts");
const one = useOneHost("twice");
beforeAll(() => ensureBuilt(), BUILD_HOOK_MS);

// A mkdir first on the host's PATH that holds every run whose arguments name dk's state directory (each lock script
// starts with one) while `gate` stands, 30 s at most, having made `<gate>.waiting`. Returns the file.
function heldMkdir(bin: string, gate: string): string {
  const file = join(bin, "mkdir");
  const script = [
    "#!/bin/sh",
    'case "$*" in *dk-deploy*)',
    `  if [ -e '${gate}' ]; then : >'${gate}.waiting'; fi; i=0`,
    `  while [ -e '${gate}' ] && [ "$i" -lt 300 ]; do sleep 0.1; i=$((i + 1)); done ;;`,
    "esac",
    'exec /bin/mkdir "$@"',
  ];
  writeFileSync(file, `${script.join("\n")}\n`, { mode: 0o755 });
  return file;
}

// dk deploy-nixos of the one host into configDir `name` over `transport`, its rsync held at a gate on the host: Ctrl-C
// once rsync waits there, and again once a release of the lock that follows is held at a gate of its own, which holds
// every release: dk surely exits holding the lock. The gates go once dk has exited.
async function twice(name: string, transport: string) {
  const { fleet, address } = one;
  const bin = join(fleet.work, "bin");
  const [rsyncGate, mkdirGate] = [join(fleet.work, `${name}-rsync`), join(fleet.work, `${name}-mkdir`)];
  const files = [gatedCommand(bin, "rsync", "/usr/bin/rsync", "--server", rsyncGate, true), heldMkdir(bin, mkdirGate)];
  writeFileSync(rsyncGate, "");
  const host = `root@${address}:${fleet.sandbox.port}`;
  const args = ["--key", fleet.sandbox.key, "--host-key-check", "none", "--source", one.source];
  const configDir = fleet.configDir(address, name);
  const rsyncWaits = () => existsSync(`${rsyncGate}.waiting`) && (writeFileSync(mkdirGate, ""), true);
  try {
    const run = await signalledDk(
      ["--transport", transport, "-f", TASKS, "deploy-nixos", "--hosts", host, ...args, "--config-dir", configDir],
      rsyncWaits,
      { again: () => existsSync(`${mkdirGate}.waiting`) },
    );
    return { run, configDir };
  } finally {
    for (const gate of [rsyncGate, mkdirGate]) {
      for (const f of [gate, `${gate}.claimed`, `${gate}.waiting`]) rmSync(f, { recursive: true, force: true });
    }
    for (const f of files) rmSync(f, { force: true });
  }
}

describe("a second Ctrl-C while the deployment lock is held", () => {
  it.each([["openssh"], ["native"]])(
    "over %s: dk exits, and the host lets go of the lock at once",
    async (t) => {
      const { run, configDir } = await twice(`twice-${t}`, t);
      expect(run.stderr, run.stderr + run.stdout).toContain("again: stopping now");
      expect(run.code, "the second Ctrl-C's exit").toBe(130);
      // What dk leaves, said as it exits: how long the lock may stay, and how to clear it.
      const left = `[${one.address}] dk exits before letting go of the deployment lock of ${configDir}: the host`;
      expect(run.stderr).toContain(`${left} lets go of it once it sees dk's connection close`);
      expect(run.stderr).toMatch(
        /it keeps it until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(later while an activation runs/,
      );
      // The host's guard too, held with the lock by a deployment that activates (as a switch does).
      const guard = `/run/dk-deploy/host-lock:${one.address}:${one.fleet.sandbox.port}`;
      expect(run.stderr).toContain(
        `to clear it sooner, once no deployment runs there: rm -f ${lockFile(configDir)} ${guard} (as`,
      );
      const exited = Date.now();
      const gone = () => !existsSync(lockFile(configDir)) && !existsSync(guard);
      await waitUntil(gone, "the host to let go of the lock and its guard", 15_000);
      expect(Date.now() - exited).toBeLessThan(15_000);
      expect(one.fleet.steps(one.address), "nothing activated").toEqual([]);
    },
    120_000,
  );
});
