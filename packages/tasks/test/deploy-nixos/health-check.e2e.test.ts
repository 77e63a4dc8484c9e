// The default health check as dk runs it on a host, by bash: on a systemd host `systemctl is-system-running --wait`
// decides, "degraded" passes, and a system that never settles is cut off at healthTimeout. The "host" is a private
// mount namespace whose /run is a tmpfs (so this machine's /run is untouched) holding /run/systemd/system and the
// activation's state; a stand-in systemctl answers, and a small loop decides in place of the activation script.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { quoteArgv } from "@deploykit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stateDir } from "../../src/builtin/deploy-nixos/state-dir.ts";
import { confirmCommand, parsePoll } from "../../src/builtin/deploy-nixos/remote-poll.ts";

const ID = "dk-deploy-health";
let dir: string;
beforeAll(() => {
  if (process.getuid?.() !== 0)
    throw new Error("this test mounts a private /run (unshare -m): run it as root, as CI does");
  dir = mkdtempSync(join(tmpdir(), "dk-health-check-"));
  // Answers with the state in `state`; `hang` waits as --wait does on a system that never settles.
  writeFileSync(
    join(dir, "systemctl"),
    [
      "#!/bin/bash",
      `echo "$*" >> ${dir}/systemctl.log`,
      `state=$(cat ${dir}/state)`,
      '[ "$state" = hang ] && { echo starting; sleep 30; }',
      'echo "$state"; [ "$state" = running ]',
      "",
    ].join("\n"),
  );
  chmodSync(join(dir, "systemctl"), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs dk's confirm command on a fresh "host" with systemd (or not) in `state`; what it decided and took. */
function confirmOn(state: string, o: { systemd?: boolean; healthTimeoutS?: number; healthCheck?: string } = {}) {
  const { systemd = true, healthTimeoutS = 2, healthCheck } = o;
  writeFileSync(join(dir, "state"), state);
  rmSync(join(dir, "systemctl.log"), { force: true });
  const d = quoteArgv([stateDir(ID)]);
  const host = [
    "set -e",
    "mount -t tmpfs dk-health-check /run",
    `mkdir -p ${d}`,
    ...(systemd ? ["mkdir -p /run/systemd/system"] : []),
    `echo waiting > ${d}/phase`,
    // In place of the activation script: confirmed on `confirm`, rolled back on `reject` (bounded: 30 s).
    `(for i in $(seq 300); do`,
    `  if [ -e ${d}/confirm ]; then echo confirmed > ${d}/phase; exit; fi`,
    `  if [ -e ${d}/reject ]; then cp ${d}/reject ${d}/reason; echo rolled-back > ${d}/phase; exit; fi`,
    "  sleep 0.1; done) &",
    "set +e",
    `export PATH=${dir}:$PATH`,
    confirmCommand(ID, healthCheck, healthTimeoutS),
  ].join("\n");
  const started = Date.now();
  const run = spawnSync("unshare", ["-m", "--propagation", "private", "bash", "-c", host], { timeout: 60_000 });
  const tookMs = Date.now() - started;
  expect(run.status, run.stderr.toString()).toBe(0);
  const calls = existsSync(join(dir, "systemctl.log")) ? readFileSync(join(dir, "systemctl.log"), "utf8") : "";
  return { status: parsePoll(run.stdout)!.status, calls: calls.split("\n").filter(Boolean), tookMs };
}

describe("the default health check (no meta.healthCheck)", () => {
  it("confirms a running systemd host after asking systemctl is-system-running --wait", () => {
    const { status, calls } = confirmOn("running");
    expect(status).toMatchObject({ known: true, phase: "confirmed" });
    expect(calls).toEqual(["is-system-running --wait"]);
  });

  it('accepts "degraded": a failed unit is not the deploy\'s fault', () => {
    expect(confirmOn("degraded").status.phase).toBe("confirmed");
  });

  it("rejects any other state, saying which, so the host rolls back at once", () => {
    const { status } = confirmOn("maintenance");
    expect(status).toMatchObject({ phase: "rolled-back" });
    expect(status.reason.trim()).toBe("health check failed (exit 1): systemctl is-system-running: maintenance");
  });

  it("is bounded by healthTimeout when the system never settles, and then rejects saying so and what to do", () => {
    const { status, tookMs } = confirmOn("hang", { healthTimeoutS: 2 });
    expect(status.phase).toBe("rolled-back");
    expect(status.reason).toBe(
      "health check did not end within 2 s; give it longer with --health-timeout (healthTimeout): " +
        "systemctl is-system-running --wait: not settled (starting)",
    );
    // Well before the stand-in's own 30 s: the bound cut it off, children included.
    expect(tookMs).toBeLessThan(20_000);
  }, 90_000);

  it("without systemd there is nothing to ask: confirmed", () => {
    const { status, calls } = confirmOn("maintenance", { systemd: false });
    expect(status.phase).toBe("confirmed");
    expect(calls).toEqual([]);
  });
});

describe("a health check of the host's own (meta.healthCheck)", () => {
  it("cut off at healthTimeout: rejected, saying it did not end in time and how to give it longer", () => {
    const { status, tookMs } = confirmOn("running", { systemd: false, healthCheck: "echo checking; sleep 30" });
    expect(status.phase).toBe("rolled-back");
    expect(status.reason).toBe(
      "health check did not end within 2 s; give it longer with --health-timeout (healthTimeout): checking",
    );
    expect(tookMs).toBeLessThan(20_000);
  }, 90_000);

  it("that fails: rejected with its exit code and last line", () => {
    const { status } = confirmOn("running", { systemd: false, healthCheck: "echo 'nginx is down'; exit 3" });
    expect(status.reason).toBe("health check failed (exit 3): nginx is down");
  });
});
