// The quick start as a user without root: scripts/setup's check of the Debian packages, and a sandbox fleet (its sshd
// needs no /run/sshd then). Run as root (CI), the steps run as a throwaway user, the fleet where /run has no sshd.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, createSudoUser, type SudoUser } from "../src/index.ts";

const root = new URL("../../..", import.meta.url).pathname;
const asRoot = process.getuid?.() === 0;
const state: { user?: SudoUser; home: string } = { home: "" };

// Debian's PATH for users (no sbin), after a directory of the test's own and where this Node is.
const loginPath = () => [join(state.home, "bin"), dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"];

const setup = () => join(state.home, "repo/scripts/setup");

// Runs argv as the user (as this process when it is not root), with only a login's environment.
function asUser(argv: readonly string[], { privateRun = false, path = loginPath() } = {}) {
  const login = [`HOME=${state.home}`, `PATH=${path.join(":")}`, `TMPDIR=${join(state.home, "tmp")}`, "LANG=C.UTF-8"];
  const env = ["env", "-i", ...login, ...argv];
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
  // A copy of setup, in a directory of its own: whatever it would install, it cannot touch this checkout.
  mkdirSync(join(state.home, "repo/scripts"), { recursive: true });
  copyFileSync(join(root, "scripts/setup"), join(state.home, "repo/scripts/setup"));
  // pnpm stands in for itself: the test is about what setup checks first, not about installing node modules.
  writeFileSync(join(state.home, "bin/pnpm"), `#!/bin/sh\necho "$*" >> "${state.home}/pnpm.calls"\n`);
  chmodSync(join(state.home, "bin/pnpm"), 0o755);
  // A PATH with every command setup looks for but pnpm, and an npm that fails silently as it does without root.
  const noPnpm = join(state.home, "no-pnpm");
  mkdirSync(noPnpm);
  symlinkSync(process.execPath, join(noPnpm, "node"));
  // What setup runs itself, and the commands of its table of Debian packages (`[cmd]=package`), as setup lists them.
  const wanted = [...readFileSync(join(root, "scripts/setup"), "utf8").matchAll(/\[([\w-]+)\]=/g)].map((m) => m[1]!);
  for (const tool of ["bash", "dirname", "id", ...wanted]) {
    const found = spawnSync("sh", ["-c", `PATH="$PATH:/usr/sbin:/sbin" command -v ${tool}`], { encoding: "utf8" });
    if (found.status === 0) symlinkSync(found.stdout.trim(), join(noPnpm, tool));
  }
  writeFileSync(join(noPnpm, "npm"), "#!/bin/sh\nexit 243\n", { mode: 0o755 });
  if (!asRoot) return;
  state.user = createSudoUser(`dk-nu-${process.pid}`, "unused-password", state.home);
  const id = (flag: string) => Number(execFileSync("id", [flag, state.user!.name], { encoding: "utf8" }));
  for (const path of ["", "tmp", "bin", "bin/pnpm", "no-pnpm", "repo"])
    chownSync(join(state.home, path), id("-u"), id("-g"));
}, 30_000);

afterAll(async () => {
  await state.user?.remove();
  rmSync(state.home, { recursive: true, force: true });
}, 30_000);

describe("as a user without root", () => {
  it("scripts/setup finds the Debian packages installed, those in /usr/sbin too (nft)", async () => {
    const r = await asUser(["bash", setup()]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(readFileSync(join(state.home, "pnpm.calls"), "utf8")).toBe("install --frozen-lockfile --reporter=silent\n");
  });

  it("scripts/setup without pnpm, when npm cannot install it, says so and how (with sudo)", async () => {
    const r = await asUser(["bash", setup()], {
      path: [join(state.home, "no-pnpm")],
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "setup: installing pnpm with npm\n" +
        "setup: npm install -g pnpm@12.21.0 failed (exit 243); without root: sudo npm install -g pnpm@12.21.0, " +
        "then run this again\n",
    );
  });

  it("a sandbox fleet starts without /run/sshd, answers as the user, keeps its files private, then none", async () => {
    const script = `
      import { execFileSync, spawnSync } from "node:child_process";
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
    const r = await asUser([process.execPath, "--import", "tsx", "--input-type=module", "-e", script], {
      privateRun: true,
    });
    expect(r.stderr).toBe("");
    const user = state.user?.name ?? execFileSync("id", ["-un"], { encoding: "utf8" }).trim();
    expect(JSON.parse(r.stdout)).toEqual({ who: [user, user], user, files: ["700", "600", true], left: false });
  });
});
