// What dk says as it exits holding a deployment lock: whether the host lets go of it when dk's connection closes
// depends on its keeper, which a host that takes no login without a prompt never ran.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const PACKAGE = join(import.meta.dirname, "..", "..");

// What a process says on stderr as it exits holding the lock of /etc/nixos on web1, with its keeper gone or not.
function exitNotice(unkept: boolean, guard?: string): string {
  const script = [
    'const { holding } = await import("./src/builtin/deploy-nixos/lock-exit.ts");',
    'const held = holding("web1", "/etc/nixos", "/run/dk-deploy/lock:etc:nixos");',
    unkept ? "held.unkept();" : "",
    guard === undefined ? "" : `held.guarded(${JSON.stringify(guard)});`,
  ].join("\n");
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: PACKAGE,
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stderr;
}

describe("the exit notice of a lock left", () => {
  it("says the host lets go of it once dk's connection closes only when its keeper runs there", () => {
    const start = "[web1] dk exits before letting go of the deployment lock of /etc/nixos: ";
    const until = /keeps it until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC \(later while an activation runs there\); /;
    const kept = exitNotice(false);
    expect(kept).toContain(`${start}the host lets go of it once it sees dk's connection close; out of reach, it keeps`);
    expect(kept).toMatch(until);
    const unkept = exitNotice(true);
    expect(unkept).toContain(`${start}the host keeps it until `);
    expect(unkept).toMatch(until);
    expect(unkept).toMatch(
      /to clear it sooner, once no deployment runs there: rm -f \/run\/dk-deploy\/lock:etc:nixos /,
    );
  }, 120_000);

  it("names the host's guard beside the lock when the deployment holds it (one that activates)", () => {
    expect(exitNotice(true, "/run/dk-deploy/host-lock")).toMatch(
      /: rm -f \/run\/dk-deploy\/lock:etc:nixos \/run\/dk-deploy\/host-lock \(as root\)\n$/,
    );
  }, 120_000);
});
