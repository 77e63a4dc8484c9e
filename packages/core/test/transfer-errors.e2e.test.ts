// How transfers fail: missing sources, permissions, sudo, a missing rsync on either side, ssh itself; and becomeRoot
// through a sudo that allows rsync without a password. A throwaway non-root user (needs root, as CI runs the tests)
// logs in to the sandbox host for the permission cases.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ownedInTmp } from "@deploykit/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { GroupError } from "../src/group-error.ts";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";
import { setPrinter } from "../src/output/printer.ts";
import { setSudoPassword } from "../src/run/sudo-password.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";
import { rejection } from "./helpers/rejection.ts";

const root = mkdtempSync(join(tmpdir(), "dk-transfer-errors-"));
// A PATH for the host's shell with sh and mkdir, but no rsync.
const NO_RSYNC = join(root, "bin");
const fleet = useFleet({ hosts: 1 });
// A second sshd whose sessions get that PATH.
const rsyncless = useFleet({ hosts: 1, firstOctet: 9, env: { PATH: NO_RSYNC } });
const SUDOERS = `/etc/sudoers.d/dk-xfer-rsync-${process.pid}`;
const PASSWORD = `pw ${process.pid} 'q'`;
const sudo = useSudoUser(fleet, `dk-xfer-${process.pid}`, PASSWORD);

beforeAll(() => {
  chmodSync(root, 0o755);
  mkdirSync(NO_RSYNC);
  for (const tool of ["sh", "mkdir"]) symlinkSync(`/bin/${tool}`, join(NO_RSYNC, tool));
  setPrinter({ line: () => undefined, notice: () => {} });
});

afterAll(async () => {
  setPrinter(undefined);
  rmSync(SUDOERS, { force: true });
  rmSync(root, { recursive: true, force: true });
});

const asRoot = () => fleet.group().hosts[0]!;
// A host of the fleet logging in as `user`, with `options` on top.
const at = (user: string | undefined, options: ConstructorParameters<typeof Host>[1] = {}) =>
  new Host(fleet.sandbox.addresses[0]!, { port: fleet.sandbox.port, ...fleet.sandbox.hostOptions, user, ...options });
const asUser = () => sudo.host();

const failure = (transfer: Promise<unknown>) => rejection(transfer, TransferError);

// A file only root may read or write into.
function rootOnly(): { dir: string; file: string } {
  const dir = mkdtempSync(join(root, "private-"));
  const file = join(dir, "secret");
  writeFileSync(file, "secret");
  chmodSync(file, 0o600);
  chmodSync(dir, 0o755);
  return { dir, file };
}

describe("transfer errors", () => {
  it("a missing local source fails before anything runs", async () => {
    const e = await failure(asRoot().upload(join(root, "nope"), "/tmp/x"));
    expect(e.kind).toBe("source-missing");
    expect(e.message).toBe(`[${asRoot().commandPrefix}] the local source ${join(root, "nope")} does not exist`);
  });

  it("a missing remote source", async () => {
    const e = await failure(asRoot().download(join(root, "nope"), join(root, "out")));
    expect(e.kind).toBe("source-missing");
    expect(e.message).toMatch(/the remote source does not exist: .*nope.*No such file or directory/);
  });

  it("a remote source that goes through a file as through a directory says which is the file", async () => {
    const file = join(root, "remote12.txt");
    writeFileSync(file, "x");
    // (rsync's reason, not the other side's broken pipe that follows it, is what names the file.)
    const e = await failure(asRoot().download(`${file}/`, join(root, "d12")));
    expect(e.kind).toBe("source-missing");
    const drop = "(drop the trailing /)";
    expect(e.reason).toBe(`the remote source ${file}/ does not exist: ${file} is a file, not a directory ${drop}`);
    const below = await failure(asRoot().download(`${file}/x/`, join(root, "d12")));
    expect(below.kind).toBe("source-missing");
    expect(below.reason).toBe(
      `the remote source ${file}/x/ does not exist: a part of ${file}/x is a file, not a directory`,
    );
  });

  it("a download's timeout is one deadline for its listing and its copy", async () => {
    writeFileSync(join(root, "remote10.txt"), "x");
    // Every session starts slowly: the listing and the copy each fit in the timeout, both together do not.
    const bashrc = join(fleet.sandbox.home, ".bashrc");
    writeFileSync(bashrc, "sleep 2\n");
    try {
      const slow = asRoot().download(join(root, "remote10.txt"), join(root, "d10/"), { timeout: 3500 });
      expect((await failure(slow)).message).toMatch(/the download timed out after 3500 ms/);
    } finally {
      rmSync(bashrc, { force: true });
    }
  });

  it("an upload past its timeout, a stopped upload or download: said in words, not as rsync's command", async () => {
    writeFileSync(join(root, "local13.txt"), "x");
    const bashrc = join(fleet.sandbox.home, ".bashrc");
    writeFileSync(bashrc, "sleep 2\n");
    try {
      const slow = await failure(asRoot().upload(join(root, "local13.txt"), join(root, "u13"), { timeout: 1000 }));
      expect(slow.reason).toBe(`the upload timed out after 1000 ms${fileLeft(join(root, "u13"))}`);
    } finally {
      rmSync(bashrc, { force: true });
    }
    const signal = AbortSignal.abort();
    const up = await failure(asRoot().upload(join(root, "local13.txt"), join(root, "u13"), { signal }));
    expect([up.kind, up.reason]).toEqual(["failed", `the upload was interrupted${fileLeft(join(root, "u13"))}`]);
    expect(up.cause).toBeInstanceOf(CommandError);
    const down = await failure(asRoot().download(join(root, "local13.txt"), join(root, "d13"), { signal }));
    expect([down.kind, down.reason]).toEqual([
      "failed",
      `the download was interrupted: nothing was written to ${join(root, "d13")} (the copy had not started); ` +
        "copy again",
    ]);
  });

  it("a download's time counts its listing too", async () => {
    writeFileSync(join(root, "remote11.txt"), "x");
    // Every session starts a second late: the listing's and the copy's.
    const bashrc = join(fleet.sandbox.home, ".bashrc");
    writeFileSync(bashrc, "sleep 1\n");
    try {
      const r = await asRoot().download(join(root, "remote11.txt"), join(root, "d11/"));
      expect(r.durationMs).toBeGreaterThanOrEqual(2000);
    } finally {
      rmSync(bashrc, { force: true });
    }
  });

  it("permission denied writing on the host and reading from it", async () => {
    const { dir, file } = rootOnly();
    const local = join(root, "local.txt");
    writeFileSync(local, "x");
    const up = await failure(asUser().upload(local, `${dir}/`));
    expect(up.kind).toBe("permission-denied");
    expect(up.message).toMatch(/permission denied: .*Permission denied \(13\)/);
    // What to do: the host's side is the login user's to change.
    const there = "log in as a user who may";
    expect(up.message).toContain(`; ${there} write there on the host (or as root), or pass \`becomeRoot\``);
    const down = await failure(asUser().download(file, join(root, "down")));
    expect(down.kind).toBe("permission-denied");
    expect(down.message).toContain(`; ${there} read it on the host (or as root), or pass \`becomeRoot\``);
    const made = await failure(asUser().upload(local, join(dir, "sub/x.txt")));
    expect(made.message).toMatch(/mkdir: cannot create directory .*; log in as a user who may write there on the host/);
  });

  it("permission denied to root on the host says that no user may write there, not to log in as root", async () => {
    const local = join(root, "local-sys.txt");
    writeFileSync(local, "x");
    // sysfs takes no new files, from root either; as root by login, by becomeRoot, and by a staged sudo rsync.
    const staged = { becomeRoot: true, sudoPassword: PASSWORD } as const;
    for (const upload of [asRoot().upload(local, "/sys/kernel/dk-x"), asUser().upload(local, "/sys/kernel/", staged)]) {
      const e = await failure(upload);
      expect(e.kind).toBe("permission-denied");
      expect(e.reason).toMatch(
        /^permission denied: mkstemp .*Permission denied \(13\); root may not write there either/,
      );
      expect(e.reason).toMatch(/; choose another destination$/);
    }
    const made = await failure(asRoot().upload(local, "/sys/dk-x/a.txt", { becomeRoot: true }));
    expect(made.reason).toMatch(/^permission denied: mkdir: .* not permitted; root may not write there either/);
  });

  it("an owner the login user cannot set is an error, not skipped", async () => {
    const dir = mkdtempSync(join(root, "users-"));
    execFileSync("chown", [sudo.name, dir]);
    writeFileSync(join(root, "local6.txt"), "x");
    const e = await failure(asUser().upload(join(root, "local6.txt"), `${dir}/`, { owner: "nobody" }));
    expect(e.kind).toBe("permission-denied");
    expect(e.message).toMatch(/chown .*Operation not permitted/);
  });

  it("an owner or group the host does not know is an error naming it, not a success (rsync only warns)", async () => {
    const dir = mkdtempSync(join(root, "unknown-owner-"));
    writeFileSync(join(root, "local7.txt"), "x");
    const e = await failure(asRoot().upload(join(root, "local7.txt"), `${dir}/`, { owner: "dk-no-such-user" }));
    expect(e.kind).toBe("failed");
    expect(e.message).toMatch(/the host has no user `dk-no-such-user`: rsync sent the files but left them owned by/);
    const both = await failure(
      asRoot().upload(join(root, "local7.txt"), `${dir}/`, { owner: "dk-no-user", group: "dk-no-group" }),
    );
    expect(both.message).toContain("the host has no user `dk-no-user` and no group `dk-no-group`:");
    // Through sudo with a password (a staged upload), the same.
    const staged = await failure(
      asUser().upload(join(root, "local7.txt"), join(rootOnly().dir, "x.txt"), {
        becomeRoot: true,
        sudoPassword: PASSWORD,
        group: "dk-no-such-group",
      }),
    );
    expect(staged.message).toContain("the host has no group `dk-no-such-group`:");
  });

  it("becomeRoot through a sudo that wants a password says what to do", async () => {
    const local = join(root, "local2.txt");
    writeFileSync(local, "x");
    const e = await failure(asUser().upload(local, `${rootOnly().dir}/`, { becomeRoot: true }));
    expect(e.kind).toBe("permission-denied");
    expect(e.message).toMatch(/sudo on the host needs a password.*NOPASSWD: \/usr\/bin\/rsync/);
  });

  it("a download's becomeRoot through a sudo that wants a password says what helps a download", async () => {
    // A password given for the whole process serves runs and uploads; a download cannot send it.
    setSudoPassword(PASSWORD);
    try {
      const e = await failure(asUser().download(rootOnly().file, join(root, "fetched"), { becomeRoot: true }));
      expect(e.kind).toBe("permission-denied");
      expect(e.reason).toBe(
        "sudo on the host needs a password, which a download cannot send (rsync's connection carries its protocol; " +
          "a sudo password serves runs and uploads): allow rsync without one (sudoers: `USER ALL=(root) NOPASSWD: " +
          "/usr/bin/rsync`), or log in as root",
      );
    } finally {
      setSudoPassword(undefined);
    }
  });

  it("becomeRoot with a sudo password: staged as the login user, placed by sudo rsync, stage removed", async () => {
    const local = mkdtempSync(join(root, "staged-src-"));
    writeFileSync(join(local, "a b ✓"), "as root via a password");
    const { dir } = rootOnly();
    // What the user owns in /tmp (where mktemp stages), but the directory of the connection's guardian (native), which
    // lasts as long as the connection.
    const mine = () => ownedInTmp(sudo.name, (name) => !name.startsWith("dk-guard."));
    const before = mine();
    // becomeRoot and the directory come from `with()`; the staging steps still run as the login user.
    const asRootThere = asUser().with({ becomeRoot: true, cwd: dir });
    const r = await asRootThere.upload(local, "app", { owner: "nobody", sudoPassword: PASSWORD });
    expect(readFileSync(join(dir, "app/a b ✓"), "utf8")).toBe("as root via a password");
    expect(statSync(join(dir, "app/a b ✓")).uid).toBe(65534);
    expect(r).toMatchObject({ files: 1, bytes: 22 });
    expect(mine()).toEqual(before);
    const wrong = await failure(asUser().upload(local, join(dir, "app2"), { becomeRoot: true, sudoPassword: "nope" }));
    expect(wrong.kind).toBe("permission-denied");
    expect(wrong.message).toMatch(/sudo on the host refused the password/);
    expect(wrong.message).not.toContain("nope");
  });

  it("becomeRoot with a sudo password: a directory uploaded into keeps its mode, unless one is asked for", async () => {
    const local = mkdtempSync(join(root, "staged-mode-"));
    writeFileSync(join(local, "f"), "x");
    chmodSync(local, 0o755);
    const { dir } = rootOnly();
    chmodSync(dir, 0o750);
    const staged = { becomeRoot: true, sudoPassword: PASSWORD } as const;
    await asUser().upload(local, dir, staged);
    expect(statSync(dir).mode & 0o7777).toBe(0o750);
    await asUser().upload(local, dir, { ...staged, mode: "D700,F600" });
    expect(statSync(dir).mode & 0o7777).toBe(0o700);
    expect(statSync(join(dir, "f")).mode & 0o7777).toBe(0o600);
  });

  it("becomeRoot with a sudo password: one deadline for its steps, each failure a TransferError", async () => {
    const local = join(root, "local9.txt");
    writeFileSync(local, "x");
    const staged = { becomeRoot: true, sudoPassword: PASSWORD };
    // Making the stage takes longer than the whole upload may; each later step alone would fit.
    const slowBin = mkdtempSync(join(root, "slow-"));
    writeFileSync(join(slowBin, "mktemp"), '#!/bin/sh\nsleep 4\nexec /bin/mktemp "$@"\n', { mode: 0o755 });
    chmodSync(slowBin, 0o755);
    const bashrc = join(fleet.sandbox.home, ".bashrc");
    writeFileSync(bashrc, `PATH=${slowBin}:$PATH\n`);
    try {
      const dir = rootOnly().dir;
      const slow = await failure(asUser().upload(local, `${dir}/`, { ...staged, timeout: 1500 }));
      expect(slow.reason).toBe(
        `the upload timed out after 1500 ms: nothing was written to ${dir}/ (the files were still on their way to ` +
          "a private directory on the host); copy again",
      );
    } finally {
      rmSync(bashrc, { force: true });
    }
    const closed = await failure(at(sudo.name, { port: 1 }).upload(local, `${rootOnly().dir}/`, staged));
    expect(closed.kind).toBe("ssh");
    expect(closed.message).toMatch(/nothing accepts ssh connections on that port/);
  });

  it("becomeRoot with rsync allowed without a password writes as root and sets the owner", async () => {
    writeFileSync(SUDOERS, `${sudo.name} ALL=(root) NOPASSWD: /usr/bin/rsync, /usr/bin/mkdir\n`, { mode: 0o440 });
    const local = join(root, "local3.txt");
    writeFileSync(local, "as root");
    const { dir } = rootOnly();
    await asUser().upload(local, join(dir, "new/f.txt"), { becomeRoot: true, owner: "nobody" });
    const st = statSync(join(dir, "new/f.txt"));
    expect(st.uid).toBe(65534);
    expect(statSync(join(dir, "new")).uid).toBe(0);
    // A directory uploaded into one of root's keeps that one's mode, though this sudo allows no stat nor chmod.
    const tree = mkdtempSync(join(root, "tree-"));
    writeFileSync(join(tree, "t"), "t");
    chmodSync(tree, 0o700);
    chmodSync(join(dir, "new"), 0o2755);
    await asUser().upload(tree, join(dir, "new"), { becomeRoot: true });
    expect(readFileSync(join(dir, "new/t"), "utf8")).toBe("t");
    expect(statSync(join(dir, "new")).mode & 0o7777).toBe(0o2755);
    // A directory only root can read comes back through the same sudo rsync.
    chmodSync(dir, 0o700);
    const out = mkdtempSync(join(root, "down-"));
    await asUser().download(join(dir, "new"), out, { becomeRoot: true });
    expect(readFileSync(join(out, "f.txt"), "utf8")).toBe("as root");
  });

  it("rsync missing on this machine: says what to install", async () => {
    const path = process.env.PATH;
    process.env.PATH = NO_RSYNC;
    try {
      const e = await failure(asRoot().upload(join(root, "local.txt"), "/tmp/x"));
      expect(e.kind).toBe("rsync-missing-local");
      expect(e.message).toMatch(/rsync is not installed on this machine.*apt-get install rsync/);
    } finally {
      process.env.PATH = path;
    }
  });

  it("rsync missing on the host", async () => {
    const { addresses, port, hostOptions } = rsyncless.sandbox;
    const h = new Host(addresses[0]!, { port, ...hostOptions });
    writeFileSync(join(root, "local4.txt"), "x");
    const e = await failure(h.upload(join(root, "local4.txt"), join(root, "remote4/")));
    expect(e.kind).toBe("rsync-missing-remote");
    expect(e.message).toMatch(/rsync is not installed on the host/);
  });

  it("a host whose shell prints at start-up: says so, not only rsync's protocol error", async () => {
    const bashrc = join(fleet.sandbox.home, ".bashrc");
    writeFileSync(bashrc, 'echo "Welcome to the host"\n');
    try {
      writeFileSync(join(root, "local6.txt"), "x");
      const e = await failure(asRoot().upload(join(root, "local6.txt"), join(root, "remote6/")));
      expect(e.kind).toBe("failed");
      expect(e.message).toMatch(/start-up files .* print in sessions without a terminal.*interactive shells/);
    } finally {
      rmSync(bashrc, { force: true });
    }
  });

  it("ssh failing: its hint; a group settles every host, then fails with each failed host's reason", async () => {
    writeFileSync(join(root, "local5.txt"), "x");
    const closed = at(undefined, { port: 1, commandPrefix: "closed" });
    const group = new Group([asRoot(), closed]);
    const e = await group.upload(join(root, "local5.txt"), join(root, "remote5/")).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GroupError);
    const [ok, failed] = (e as GroupError).results;
    expect(ok!.ok).toBe(true);
    expect((failed!.error as TransferError).kind).toBe("ssh");
    expect((e as Error).message).toMatch(/closed.*nothing accepts ssh connections on that port/);
    expect(statSync(join(root, "remote5/local5.txt")).size).toBe(1);
  });

  it("under hostKeyCheck none: ssh's reason for failing in view, and no notice of a host key added", async () => {
    writeFileSync(join(root, "local7.txt"), "x");
    const options = { reuseConnection: false, hostKeyCheck: "none" as const };
    // rsync's own failure: what it printed is kept, without ssh's notice before it.
    const missing = await failure(at(undefined, options).download(join(root, "nothing-here"), join(root, "d7/")));
    expect(missing.kind).toBe("source-missing");
    const said = String((missing.cause as CommandError).stderr);
    expect(said).toContain("No such file or directory");
    expect(said).not.toContain("Permanently added");
    const sshOptions = [...fleet.sandbox.hostOptions.sshOptions, "-o", "Ciphers=3des-cbc"];
    const upload = at(undefined, { ...options, sshOptions }).upload(join(root, "local7.txt"), join(root, "r8/"));
    const e = await failure(upload);
    expect(e.kind).toBe("ssh");
    expect(e.message).toContain(`Unable to negotiate with ${fleet.sandbox.addresses[0]} port ${fleet.sandbox.port}`);
  });

  it("bad options are a TypeError naming them", async () => {
    const h = asRoot();
    // @ts-expect-error: not an option
    await expect(h.upload(root, "/tmp/x", { bogus: 1 })).rejects.toThrow(/Unknown upload option `bogus`/);
    // @ts-expect-error: download has no mode
    await expect(h.download("/tmp/x", root, { mode: 0o600 })).rejects.toThrow(/Unknown download option `mode`/);
    await expect(h.upload(root, "")).rejects.toThrow(TypeError);
    await expect(h.upload(root, "/tmp/x", { mode: 0o10000 })).rejects.toThrow(/`mode`/);
  });
});

// What a file's transfer stopped partway says it left at `destination`.
function fileLeft(destination: string): string {
  const why = "a file takes its name only once all of it has arrived";
  return `: nothing is half-written at ${destination} (${why}); copy again`;
}
