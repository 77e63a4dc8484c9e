// Ctrl-C as dk reads the system an activation left (its last step on the host): the activation is over, so nothing is
// stopped or left running; the host is summed up as it ended, and what dk keeps on the host goes.
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lockFile } from "../../src/builtin/deploy-nixos/lock-script.ts";
import { STATE_ROOT } from "../../src/builtin/deploy-nixos/state-dir.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { gatedCommand, signalledDk } from "./group-signal.ts";
import { useOneHost } from "./helpers.ts";

const TASKS = join(import.meta.dirname, "fixtures", "dk-project", "tasks.ts");
const one = useOneHost("final");
beforeAll(() => ensureBuilt(), BUILD_HOOK_MS);

// The summary's row of the host: its result and reason.
const row = (stdout: string) =>
  new RegExp(`^${one.address.replaceAll(".", "\\.")} +(ok|failed|stopped|skipped) +\\S+ +(.*)$`, "m")
    .exec(stdout)
    ?.slice(1);

// dk deploy-nixos into configDir `name`, Ctrl-C once the host's `cat` of the new system has answered and waits.
async function interruptedAtTheEnd(name: string, ...flags: string[]) {
  const { fleet, address } = one;
  const gate = join(fleet.work, `${name}-gate`);
  const file = gatedCommand(join(fleet.work, "bin"), "cat", "/bin/cat", "/new-system", gate);
  writeFileSync(gate, "");
  const configDir = fleet.configDir(address, name);
  const args = [
    "--key",
    fleet.sandbox.key,
    "--host-key-check",
    "none",
    "--source",
    one.source,
    "--config-dir",
    configDir,
  ];
  try {
    const run = await signalledDk(
      ["-f", TASKS, "deploy-nixos", "--hosts", `root@${address}:${fleet.sandbox.port}`, ...args, ...flags],
      // The read then goes on, a moment after Ctrl-C, as a read from a slow host would.
      () => existsSync(`${gate}.waiting`) && (setTimeout(() => rmSync(gate, { force: true }), 1000), true),
    );
    return { run, configDir };
  } finally {
    for (const f of [gate, `${gate}.claimed`, `${gate}.waiting`, file]) rmSync(f, { recursive: true, force: true });
  }
}

describe("Ctrl-C after the activation ended, as dk reads the new system", () => {
  it.each([
    ["unarmed", ["--no-rollback"], "activated"],
    ["armed", [], "confirmed"],
  ])(
    "%s: ok as it ended, nothing said to stop, nothing left on the host",
    async (name, flags, outcome) => {
      const { run, configDir } = await interruptedAtTheEnd(name, "--on-interrupt", "stop", ...flags);
      expect(run.code).toBe(130);
      expect(row(run.stdout)).toEqual(["ok", outcome]);
      expect(run.stderr).not.toMatch(/stopping the activation/);
      expect(existsSync(lockFile(configDir))).toBe(false);
      const ids = run.stdout.match(/dk-deploy-[a-z0-9]+-[0-9a-f]{6}/g) ?? [];
      expect(ids.length).toBeGreaterThan(0);
      expect(readdirSync(STATE_ROOT).filter((entry) => ids.some((id) => entry.startsWith(id)))).toEqual([]);
    },
    120_000,
  );
});
