// The staged copy (a login user whose sudo wants a password): its removal on the host is bounded, and one that does not
// end in time is a notice naming the directory left, the copy itself done. The user and its sudo are real.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setSudoPassword } from "@deploykit/core";
import type { SudoUser } from "@deploykit/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyConfig } from "../../src/builtin/deploy-nixos/copy.ts";
import { planHost } from "../../src/builtin/deploy-nixos/plan.ts";
import { makeSource, startSudoFleet, sudoUserHost, type Fleet } from "./helpers.ts";
import { captured } from "./netns-helpers.ts";

const PASSWORD = "sudo pw";
let fleet: Fleet | undefined;
let user: SudoUser | undefined;

beforeAll(async () => {
  ({ fleet, user } = await startSudoFleet("dk-rm", PASSWORD));
}, 120_000);

afterAll(async () => {
  setSudoPassword(undefined);
  try {
    await user?.remove();
  } finally {
    await fleet?.stop();
  }
});

describe("removing the staged copy", () => {
  it("gives up after its bound with a notice naming the directory left; the copy stands", async () => {
    const f = fleet!;
    const configDir = join(f.sandbox.dir, "hosts", "rm", "nixos");
    const host = sudoUserHost(f, user!, configDir);
    const plan = planHost(host, {
      source: { dir: makeSource(join(f.work, "src")), kind: "flake" },
      action: "test",
      excludes: [],
      extraArgs: [],
    });
    // An rm on the host's PATH that holds the removal of a staged copy while the gate stands (60 s at most).
    const gate = join(f.work, "rm-gate");
    writeFileSync(gate, "");
    const script = [
      "#!/bin/sh",
      'case "$*" in *dk-deploy-copy.*)',
      `  i=0; while [ -e '${gate}' ] && [ "$i" -lt 600 ]; do sleep 0.1; i=$((i + 1)); done ;;`,
      "esac",
      'exec /bin/rm "$@"',
    ];
    writeFileSync(join(f.work, "bin", "rm"), `${script.join("\n")}\n`, { mode: 0o755 });
    setSudoPassword(PASSWORD);
    let stage: string | undefined;
    try {
      const run = await captured(() => copyConfig(host, plan, 2000));
      expect(run.error).toBeUndefined();
      expect(readFileSync(join(configDir, "flake.nix"), "utf8")).toContain("outputs");
      const notice = /the staged copy (\S+) on the host was not removed \(no answer within 2 s\); remove it there /;
      expect(run.text).toMatch(notice);
      stage = notice.exec(run.text)![1]!;
      expect(run.text).toContain(`(rm -rf -- ${stage})`);
      expect(existsSync(stage)).toBe(true);
    } finally {
      if (stage !== undefined) rmSync(stage, { recursive: true, force: true });
      rmSync(gate, { force: true });
      rmSync(join(f.work, "bin", "rm"), { force: true });
    }
  }, 120_000);
});
