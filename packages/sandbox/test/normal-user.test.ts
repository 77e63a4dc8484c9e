// The quick start as a user without root: scripts/setup's check of the Debian packages, and a sandbox fleet (its sshd
// needs no /run/sshd then). Run as root (CI), the steps run as a throwaway user, the fleet where /run has no sshd.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, createSudoUser, type SudoUser } from "../src/index.ts";

const root = new URL("../../..", import.meta.url).pathname;
const asRoot = process.getuid?.() === 0;
const state: { user?: SudoUser; home: string } = { home: "" };

// The environment of a login as that user: Debian's PATH for users (no sbin), plus where this Node is.
function loginEnv(extraPath: string): string[] {
  const path = [extraPath, dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(":");
  return [`HOME=${state.home}`, `PATH=${path}`, `TMPDIR=${join(state.home, "tmp")}`, "LANG=C.UTF-8"];
}

// Runs argv as the user (as this process when it is not root), with only a login's environment.
function asUser(argv: readonly string[], privateRun = false) {
  const env = ["env", "-i", ...loginEnv(join(state.home, "bin")), ...argv];
  if (!asRoot) return collect(env[0]!, env.slice(1), { cwd: root, timeoutMs: 60_000 });
  const user = ["runuser", "-u", state.user!.name, "--", ...env];
  // A /run of its own without sshd's directory, as on a machine whose sshd service never ran.
  const hide = 'mount -t tmpfs -o mode=755 tmpfs /run && exec "$@"';
  const wrapped = privateRun ? ["unshare", "-m", "--propagation", "private", "sh", "-c", hide, "sh", ...user] : user;
  return collect(wrapped[0]!, wrapped.slice(1), { cwd: root, timeoutMs: 60_000 });
}

beforeAll(() => {
  state.home = mkdtempSync(join(tmpdir(), "dk-normal-user-"));
  mkdirSync(join(state.home, "tmp"));
  mkdirSync(join(state.home, "bin"));
  // pnpm stands in for itself: the test is about what setup checks first, not about installing node modules.
  writeFileSync(join(state.home, "bin/pnpm"), `#!/bin/sh\necho "$*" >> "${state.home}/pnpm.calls"\n`);
  chmodSync(join(state.home, "bin/pnpm"), 0o755);
  if (!asRoot) return;
  state.user = createSudoUser(`dk-nu-${process.pid}`, "unused-password", state.home);
  const id = (flag: string) => Number(execFileSync("id", [flag, state.user!.name], { encoding: "utf8" }));
  for (const path of ["", "tmp", "bin", "bin/pnpm"]) chownSync(join(state.home, path), id("-u"), id("-g"));
}, 30_000);

afterAll(async () => {
  await state.user?.remove();
  rmSync(state.home, { recursive: true, force: true });
}, 30_000);

describe("as a user without root", () => {
  it("scripts/setup finds the Debian packages installed, those in /usr/sbin too (nft)", async () => {
    const r = await asUser(["bash", "scripts/setup"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(join(state.home, "pnpm.calls"), "utf8")).toBe("install --frozen-lockfile --reporter=silent\n");
  });

  it("a sandbox fleet starts without /run/sshd, answers as the user, keeps its files private, then none", async () => {
    const script = `
      import { execFileSync } from "node:child_process";
      import { existsSync, statSync } from "node:fs";
      const { startSandbox } = await import(${JSON.stringify(join(root, "packages/sandbox/src/index.ts"))});
      const sandbox = await startSandbox({ hosts: 2 });
      const opts = ["-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o",
        "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR", "-i", sandbox.key, "-p", String(sandbox.port)];
      const who = sandbox.addresses.map((a) => execFileSync("ssh", [...opts, a, "id -un"], { encoding: "utf8",
        timeout: 20000 }).trim());
      const mode = (p) => (statSync(p).mode & 0o777).toString(8);
      const files = [mode(sandbox.dir), mode(sandbox.key), statSync(sandbox.dir).uid === process.getuid()];
      await sandbox.stop();
      console.log(JSON.stringify({ who, user: sandbox.user, files, left: existsSync(sandbox.dir) }));`;
    const r = await asUser([process.execPath, "--import", "tsx", "--input-type=module", "-e", script], true);
    expect(r.stderr).toBe("");
    const user = state.user?.name ?? execFileSync("id", ["-un"], { encoding: "utf8" }).trim();
    expect(JSON.parse(r.stdout)).toEqual({ who: [user, user], user, files: ["700", "600", true], left: false });
  });
});
