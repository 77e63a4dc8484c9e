// Ctrl-C (SIGINT to dk's process group) during the staged copy a login user whose sudo wants a password gets
// (dk --ask-sudo-password, the password piped in): whichever of its steps it cuts, the private directory is gone from
// the host, the lock let go, nothing activated. The user and its sudo are real; stand-ins on the host's PATH hold a
// step.
import { chmodSync, existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ownedInTmp, type SudoUser } from "@deploykit/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockFile } from "../../src/builtin/deploy-nixos/lock-script.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { gatedCommand, signalledDk } from "./group-signal.ts";
import { makeSource, startSudoFleet, type Fleet } from "./helpers.ts";

const TASKS = join(import.meta.dirname, "fixtures", "dk-project", "tasks.ts");
const PASSWORD = "sudo pw";
let fleet: Fleet | undefined;
let user: SudoUser | undefined;
let source = "";
let gates = "";

beforeAll(async () => {
  await ensureBuilt();
  ({ fleet, user } = await startSudoFleet("dk-cut", PASSWORD));
  source = makeSource(join(fleet.work, "src"));
  // The stand-ins run as the login user too: their gate files go where it may write.
  gates = join(fleet.work, "gates");
  mkdirSync(gates);
  chmodSync(gates, 0o777);
}, BUILD_HOOK_MS);

afterAll(async () => {
  try {
    await user?.remove();
  } finally {
    await fleet?.stop();
  }
});

// The private directories of the login user's staged copies on the host (its sessions have no TMPDIR: /tmp).
function stages(): string[] {
  return ownedInTmp(user!.name, (name) => name.startsWith("dk-deploy-copy."));
}

// dk deploy-nixos as the sudo user into configDir `name`, with `name` (first on the host's PATH) holding the first run
// whose arguments contain `match` at a gate (before running `real`, or after it: `after`); Ctrl-C once it waits there.
async function cutAt(name: string, real: string, match: string, after = false) {
  const f = fleet!;
  const configDir = join(f.sandbox.dir, "hosts", `cut-${name}-${match.replace(/\W/g, "")}`, "nixos");
  const gate = join(gates, `${name}-gate`);
  const file = gatedCommand(join(f.work, "bin"), name, real, match, gate, !after);
  writeFileSync(gate, "");
  const host = `${user!.name}@${f.sandbox.addresses[0]}:${f.sandbox.port}`;
  const args = ["--key", f.sandbox.key, "--host-key-check", "none", "--source", source, "--config-dir", configDir];
  const started = Date.now();
  try {
    const run = await signalledDk(
      ["--ask-sudo-password", "-f", TASKS, "deploy-nixos", "--hosts", host, ...args, "--flake-attr", "web"],
      () => existsSync(`${gate}.waiting`),
      { input: `${PASSWORD}\n` },
    );
    return { run, configDir, ms: Date.now() - started };
  } finally {
    for (const f of [gate, `${gate}.claimed`, `${gate}.waiting`, file]) rmSync(f, { recursive: true, force: true });
  }
}

// The summary's row of the host: its result and reason.
const row = (stdout: string) =>
  new RegExp(`^${fleet!.sandbox.addresses[0]!.replaceAll(".", "\\.")} +(ok|failed|stopped|skipped) +\\S+ +(.*)$`, "m")
    .exec(stdout)
    ?.slice(1);

describe("Ctrl-C during the staged copy", () => {
  it.each([
    ["mktemp, cut before it answered", "mktemp", "/usr/bin/mktemp", "dk-deploy-copy.", true],
    ["the rsync into the private directory", "rsync", "/usr/bin/rsync", "--server", false],
    ["the copy from it as root", "rsync", "/usr/bin/rsync", "--no-owner", false],
  ] as const)(
    "in %s: stopped, the private directory gone, the lock let go, nothing activated",
    async (_, name, real, match, after) => {
      const before = stages();
      const { run, configDir, ms } = await cutAt(name, real, match, after);
      expect(run.code, run.stderr).toBe(130);
      expect(row(run.stdout)?.[0]).toBe("stopped");
      expect(row(run.stdout)?.[1]).toMatch(/^interrupted during rsync; the system did not change/);
      const left = stages().filter((stage) => !before.includes(stage));
      expect(left, "no private directory is left on the host").toEqual([]);
      expect(existsSync(lockFile(configDir)), "the lock is let go").toBe(false);
      expect(fleet!.steps(fleet!.sandbox.addresses[0]!)).toEqual([]);
      // Not held until the stand-in let its step go (30 s).
      expect(ms).toBeLessThan(25_000);
    },
    120_000,
  );
});
