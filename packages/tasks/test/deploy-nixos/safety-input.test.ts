// The safety options are checked before anything is sent: hosts here would fail loudly (nothing listens on port 1).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { configure, Host, SelectionError } from "@deploykit/core";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  deployNixos,
  deployNixosTask,
  type DeployNixosOptions,
  type NixosMeta,
} from "../../src/builtin/deploy-nixos/index.ts";
import { activationScript } from "../../src/builtin/deploy-nixos/activation.ts";
import { launchCommand } from "../../src/builtin/deploy-nixos/launch.ts";
import { parsePoll } from "../../src/builtin/deploy-nixos/remote-poll.ts";
import { batchSize } from "../../src/builtin/deploy-nixos/safety-options.ts";
import { makeSource } from "./helpers.ts";

const host = (name: string, tags: string[] = []) =>
  new Host<NixosMeta>(name, { user: "root", port: 1, meta: { tags } });
let dir: string;
let source: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dk-deploy-safety-"));
  source = makeSource(join(dir, "flake"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => void configure({ on: undefined }));

const deploy = (options: Partial<DeployNixosOptions>, hosts = [host("a.invalid"), host("b.invalid")]) => {
  const stdout = vi.spyOn(process.stdout, "write");
  return deployNixos(hosts, { source, ...options }).finally(() => {
    const calls = stdout.mock.calls.length;
    stdout.mockRestore();
    expect(calls, "nothing may be started or printed").toBe(0);
  });
};

describe("safety options", () => {
  it.each([
    [{ batch: 0 }, "`batch` to be a positive whole number of hosts, or a percentage"],
    [{ batch: "101%" }, "`batch`"],
    [{ batch: "2x" }, "`batch`"],
    [
      { confirmTimeout: 300_000 },
      "`confirmTimeout` to be a number of seconds from 1 to 86400 (seconds, not milliseconds)",
    ],
    [{ confirmTimeout: 0 }, "`confirmTimeout`"],
    [{ maxFailures: 0 }, "`maxFailures` to be a positive whole number of failed hosts"],
    [
      { reboot: true },
      '`reboot` only with action "boot" (it reboots into the system boot made the default), got action `switch`',
    ],
    [
      { action: "boot" as const, rebootTimeout: 300 },
      "`rebootTimeout` only with `reboot` (it bounds the reboot after the activation), got no reboot: add reboot",
    ],
    [{ detach: "nohup" as "setsid" }, "`detach` to be auto, systemd-run, setsid"],
    [
      { canary: "c.invalid" },
      "`canary` to name one of the hosts being deployed (a.invalid, b.invalid), got `c.invalid`",
    ],
    [{ rollback: "no" as unknown as boolean }, "`rollback` to be a boolean"],
    [
      { rollback: false, confirmTimeout: 60 },
      "`confirmTimeout` only with `rollback` (it bounds the wait for dk's confirmation), got rollback false: " +
        "drop confirmTimeout, or rollback: false",
    ],
    [{ rollback: false, healthTimeout: 60 }, "`healthTimeout` only with `rollback`"],
  ])("rejects %j", async (options, message) => {
    await expect(deploy(options)).rejects.toThrow(TypeError);
    await expect(deploy(options)).rejects.toThrow(message);
  });

  it("dk deploy-nixos --no-rollback alone is no contradiction: the default confirm timeout was not given", async () => {
    configure({ dryRun: true });
    const out = vi.spyOn(process.stdout, "write");
    try {
      await deployNixosTask({ hosts: "root@a.invalid:1", source, rollback: false, action: "test" });
      expect(out.mock.calls.map((call) => String(call[0])).join("")).not.toContain("rollback armed");
    } finally {
      out.mockRestore();
      configure({ dryRun: false });
    }
  });

  it("notes on stderr that a confirm or health timeout does nothing with an action that arms no rollback", async () => {
    configure({ dryRun: true });
    const err = vi.spyOn(process.stderr, "write");
    const out = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const said = () => err.mock.calls.map((call) => String(call[0])).join("");
    try {
      await deployNixosTask({
        hosts: "root@a.invalid:1",
        source,
        action: "boot",
        confirmTimeout: 90,
        healthTimeout: 5,
      });
      expect(said()).toBe(
        "note: confirmTimeout (--confirm-timeout) and healthTimeout (--health-timeout) bound the magic rollback's " +
          "confirmation, which only switch and test arm; action boot activates nothing to confirm, so they do " +
          "nothing here: drop them, or deploy with switch or test\n",
      );
      err.mockClear();
      await deployNixosTask({ hosts: "root@a.invalid:1", source, action: "build", healthTimeout: 5 });
      expect(said()).toContain("note: healthTimeout (--health-timeout) bounds the magic rollback's confirmation");
      err.mockClear();
      await deployNixosTask({ hosts: "root@a.invalid:1", source, action: "switch", confirmTimeout: 90 });
      await deployNixosTask({ hosts: "root@a.invalid:1", source, action: "boot" });
      expect(said()).toBe("");
    } finally {
      err.mockRestore();
      out.mockRestore();
      configure({ dryRun: false });
    }
  });

  it("batch sizes: N hosts, or N% rounded up, at least one", () => {
    expect([
      batchSize(undefined, 6),
      batchSize(2, 6),
      batchSize("50%", 6),
      batchSize("10%", 6),
      batchSize("100%", 3),
    ]).toEqual([6, 2, 3, 1, 3]);
  });

  it("dk --on (configure({ on })) picks the hosts; picking none: SelectionError before anything is sent", async () => {
    configure({ on: "@db" });
    await expect(deploy({}, [host("a.invalid", ["web"])])).rejects.toBeInstanceOf(SelectionError);
  });
});

describe("under a dry run (dk --dry-run)", () => {
  it("says that --reboot would follow the activation", async () => {
    configure({ dryRun: true });
    const out = vi.spyOn(process.stdout, "write");
    try {
      await deployNixos([host("a.invalid")], { source, action: "boot", reboot: true, rebootTimeout: 120 });
      const text = out.mock.calls.map((call) => String(call[0])).join("");
      expect(text).toContain(
        "[a.invalid] reboot: would reboot it and check that it then runs the new system, waiting up to 120 s (dry run)",
      );
    } finally {
      out.mockRestore();
      configure({ dryRun: false });
    }
  });

  it("prints what it would start, detached and armed, and contacts no host", async () => {
    configure({ dryRun: true });
    const out = vi.spyOn(process.stdout, "write");
    try {
      const results = await deployNixos([host("a.invalid")], { source, confirmTimeout: 12, diff: true });
      const text = out.mock.calls.map((call) => String(call[0])).join("");
      expect(results[0]!.result.outcome).toBe("activated");
      expect(text).toMatch(
        /\[a\.invalid\] \$ nixos-rebuild build .*, then nvd diff .*\(dry run: would print what changes\)/,
      );
      expect(text).toMatch(
        /\[a\.invalid\] \$ nixos-rebuild switch .* \(dry run: would start detached; rollback armed: 12 s/,
      );
      expect(text).toContain("deploy-nixos switch (dry run: nothing ran) on 1 host: 1 ok, 0 failed");
    } finally {
      out.mockRestore();
      configure({ dryRun: false });
    }
  });
});

describe("the scripts run on the host", () => {
  const input = {
    id: "dk-deploy-x",
    rebuild: ["nixos-rebuild", "switch"],
    detach: "auto" as const,
    healthTimeoutS: 60,
    lock: "/run/dk-deploy/lock:etc:nixos",
  };
  it("arms the rollback only when asked, and rolls a switch back through the profile's generations", () => {
    const armed = activationScript({ ...input, action: "switch", confirmTimeoutS: 30 });
    expect(armed).toContain("deadline=$((SECONDS + 31))");
    expect(armed).toContain('nix-env -p /nix/var/nix/profiles/system --switch-generation "$oldgen"');
    expect(armed).toContain('"$old/bin/switch-to-configuration" switch');
    const test = activationScript({ ...input, action: "test", confirmTimeoutS: 30 });
    expect(test).not.toContain("--switch-generation");
    expect(test).toContain('"$old/bin/switch-to-configuration" test');
    expect(activationScript({ ...input, action: "switch", confirmTimeoutS: undefined })).not.toContain("deadline");
  });

  it("detaches with systemd-run where systemd runs, else setsid, or as told", () => {
    const auto = launchCommand({ ...input, action: "switch", confirmTimeoutS: 30 });
    expect(auto).toContain("if [ -d /run/systemd/system ] && command -v systemd-run >/dev/null; then");
    expect(auto).toContain("systemd-run --unit=dk-deploy-x --collect --no-ask-password --quiet --service-type=exec");
    expect(auto).toContain("setsid -f bash /run/dk-deploy/dk-deploy-x/activate.sh");
    expect(launchCommand({ ...input, action: "switch", confirmTimeoutS: 30, detach: "setsid" })).toContain(
      "if false; then",
    );
  });

  it("reads a poll's status line and keeps the log bytes exact", () => {
    const reason = Buffer.from("no confirmation within 5 s ").toString("base64");
    const out = Buffer.concat([Buffer.from(`dk-poll known 0 1 rolled-back ${reason}\n`), Buffer.from([0xff, 10, 65])]);
    const parsed = parsePoll(out)!;
    expect(parsed.status).toEqual({
      known: true,
      exitCode: 0,
      alive: true,
      phase: "rolled-back",
      reason: "no confirmation within 5 s",
    });
    expect([...parsed.log]).toEqual([0xff, 10, 65]);
    expect(parsePoll(Buffer.from("dk-poll missing - 0 - -\n"))!.status).toMatchObject({ known: false });
    expect(parsePoll(Buffer.from("garbage\n"))).toBeUndefined();
  });
});
