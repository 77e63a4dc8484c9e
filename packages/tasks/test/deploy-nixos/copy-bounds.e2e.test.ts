// Each step of the copy for a login user whose sudo wants a password is bounded: a host that hangs in mktemp, the
// sudo check, either rsync fails that host within the bound, saying which step and what to do. Without a password
// given, the host fails before anything is copied. The user and its sudo are real; a stand-in on the host's PATH holds
// the step while its gate stands (60 s at most).
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setSudoPassword } from "@deploykit/core";
import type { SudoUser } from "@deploykit/sandbox";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { copyConfig } from "../../src/builtin/deploy-nixos/copy.ts";
import { DeployStop } from "../../src/builtin/deploy-nixos/errors.ts";
import { planHost } from "../../src/builtin/deploy-nixos/plan.ts";
import { makeSource, startSudoFleet, sudoUserHost, type Fleet } from "./helpers.ts";

const PASSWORD = "sudo pw";
// The stand-ins: the command, and the words in its arguments that make it wait at its gate.
const STAND_INS = [
  ["mktemp", "dk-deploy-copy."],
  ["sudo", "rsync --version"],
  ["rsync", "--server"],
  ["rsync", "--no-owner"],
] as const;
let fleet: Fleet | undefined;
let user: SudoUser | undefined;

beforeAll(async () => {
  ({ fleet, user } = await startSudoFleet("dk-bound", PASSWORD));
  const bin = join(fleet.work, "bin");
  for (const name of new Set(STAND_INS.map(([command]) => command))) {
    const wait = (file: string) => `i=0; while [ -e '${file}' ] && [ "$i" -lt 600 ]; do sleep 0.1; i=$((i + 1)); done`;
    const cases = STAND_INS.filter(([command]) => command === name).map(
      ([, words]) => `  *'${words}'*) ${wait(gate(name, words))} ;;`,
    );
    const script = [
      "#!/bin/sh",
      `echo "$*" >> '${join(fleet.work, "called")}'`,
      'case "$*" in',
      ...cases,
      "esac",
      `exec /usr/bin/${name} "$@"`,
    ];
    writeFileSync(join(bin, name), `${script.join("\n")}\n`, { mode: 0o755 });
  }
}, 120_000);

// The stand-ins, run as the login user, note their arguments here.
beforeEach(() => {
  writeFileSync(join(fleet!.work, "called"), "");
  chmodSync(join(fleet!.work, "called"), 0o666);
});

afterEach(() => {
  setSudoPassword(undefined);
  for (const [name, words] of STAND_INS) rmSync(gate(name, words), { force: true });
  rmSync(join(fleet!.work, "called"), { force: true });
});

afterAll(async () => {
  try {
    await user?.remove();
  } finally {
    await fleet?.stop();
  }
});

const gate = (name: string, words: string) => join(fleet!.work, `gate-${name}-${words.replace(/\W/g, "")}`);
const called = () => {
  const file = join(fleet!.work, "called");
  return existsSync(file) ? readFileSync(file, "utf8") : "";
};

// Copies a fresh source into its own config dir with 2 s bounds; what it threw, and how long it took.
async function copy(name: string): Promise<{ error: unknown; ms: number; configDir: string }> {
  const f = fleet!;
  const configDir = join(f.sandbox.dir, "hosts", name, "nixos");
  const host = sudoUserHost(f, user!, configDir);
  const plan = planHost(host, {
    source: { dir: makeSource(join(f.work, `src-${name}`)), kind: "flake" },
    action: "test",
    excludes: [],
    extraArgs: [],
  });
  const started = Date.now();
  const error = await copyConfig(host, plan, 2000).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { error, ms: Date.now() - started, configDir };
}

describe("the staged copy's steps", () => {
  it.each([
    ["mktemp", "dk-deploy-copy.", /^making a private directory on the host .*\(mktemp -d\) got no answer within 2 s/],
    ["sudo", "rsync --version", /^asking the host whether sudo wants a password .* got no answer within 2 s/],
    ["rsync", "--server", /^rsync into the private directory \/\S+ on the host moved no data for 2 s/],
    [
      "rsync",
      "--no-owner",
      /^copying \/\S+\/config into \/\S+ as root on the host \(sudo rsync\) got no answer within 2 s/,
    ],
  ])(
    "a host hanging in %s %s fails within the bound, naming the step",
    async (name, words, said) => {
      writeFileSync(gate(name, words), "");
      setSudoPassword(PASSWORD);
      const { error, ms, configDir } = await copy(`${name}-${words.replace(/\W/g, "")}`);
      expect(error).toBeInstanceOf(DeployStop);
      const stop = error as DeployStop;
      expect(stop.step).toBe("rsync");
      expect(stop.message).toMatch(said);
      expect(stop.message).toMatch(/check the host, then deploy again$/);
      expect(ms).toBeLessThan(20_000);
      expect(existsSync(join(configDir, "flake.nix"))).toBe(false);
    },
    60_000,
  );

  it("without a sudo password given fails at once, saying to give it, and copies nothing", async () => {
    const { error } = await copy("nopw");
    expect(error).toBeInstanceOf(DeployStop);
    expect((error as DeployStop).message).toMatch(/sudo wants a password; give it \(dk --ask-sudo-password/);
    expect(called()).toContain("rsync --version");
    expect(called()).not.toContain("dk-deploy-copy.");
    expect(called()).not.toContain("--server");
  }, 60_000);

  it("with the password given and no step hanging, copies as before", async () => {
    setSudoPassword(PASSWORD);
    const { error, configDir } = await copy("fine");
    expect(error).toBeUndefined();
    expect(readFileSync(join(configDir, "flake.nix"), "utf8")).toContain("outputs");
    expect(called()).toContain("--timeout=2");
  }, 60_000);
});
