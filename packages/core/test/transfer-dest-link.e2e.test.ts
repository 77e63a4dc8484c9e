// A file uploaded onto a destination that is a symlink to a file, or to nothing yet, is written where the link leads,
// as scp (and cp onto a link to a file) do: the link stays (a dotfile kept in a repository, /etc/resolv.conf), directly
// and staged (becomeRoot through a sudo that wants a password), and so is a file downloaded onto such a link here.
// Needs root for the staged case, as CI runs the tests.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const root = mkdtempSync(join(tmpdir(), "dk-dest-link-"));
const fleet = useFleet({ hosts: 1 });
const PASSWORD = `pw ${process.pid}`;
const sudo = useSudoUser(fleet, `dk-dlk-${process.pid}`, PASSWORD);
const SOURCE = join(root, "source.conf");

beforeAll(() => {
  chmodSync(root, 0o755);
  writeFileSync(SOURCE, "new\n");
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

const ways = [
  ["directly", () => fleet.host().upload.bind(fleet.host()), {}],
  ["staged", () => sudo.host().upload.bind(sudo.host()), { becomeRoot: true, sudoPassword: PASSWORD }],
] as const;

describe.each(ways)("a file uploaded %s onto a symlink", (how, upload, options) => {
  it("to a file writes that file (through a chain of links) and keeps the link", async () => {
    const dir = join(root, `${how}-file`);
    mkdirSync(join(dir, "repo"), { recursive: true });
    // (Another size than the source's: rsync skips a file of the same size and second.)
    writeFileSync(join(dir, "repo", "real.conf"), "old file\n");
    symlinkSync("real.conf", join(dir, "repo", "hop"));
    symlinkSync("repo/hop", join(dir, "app.conf"));
    const result = await upload()(SOURCE, join(dir, "app.conf"), options);
    expect(readFileSync(join(dir, "repo", "real.conf"), "utf8")).toBe("new\n");
    expect(readlinkSync(join(dir, "app.conf"))).toBe("repo/hop");
    expect(readlinkSync(join(dir, "repo", "hop"))).toBe("real.conf");
    expect(result).toMatchObject({ destination: join(dir, "app.conf"), files: 1 });
  });

  it("to nothing makes the file it names and keeps the link", async () => {
    const dir = join(root, `${how}-dangling`);
    mkdirSync(join(dir, "shared"), { recursive: true });
    symlinkSync("shared/app.conf", join(dir, "app.conf"));
    await upload()(SOURCE, join(dir, "app.conf"), options);
    expect(lstatSync(join(dir, "app.conf")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "shared", "app.conf"), "utf8")).toBe("new\n");
  });

  it("to something else than a file (a device, a named pipe) replaces the link, never that", async () => {
    const dir = join(root, `${how}-fifo`);
    mkdirSync(dir);
    execFileSync("mkfifo", [join(dir, "pipe")]);
    symlinkSync("pipe", join(dir, "app.conf"));
    await upload()(SOURCE, join(dir, "app.conf"), options);
    expect(lstatSync(join(dir, "pipe")).isFIFO()).toBe(true);
    expect(readFileSync(join(dir, "app.conf"), "utf8")).toBe("new\n");
  });

  it.each(["ends in a newline\n", "holds \\n and \\c"])("to a file whose name %j writes that file", async (name) => {
    const dir = mkdtempSync(join(root, `${how}-name-`));
    writeFileSync(join(dir, name), "old file\n");
    symlinkSync(name, join(dir, "app.conf"));
    await upload()(SOURCE, join(dir, "app.conf"), options);
    expect(readFileSync(join(dir, name), "utf8")).toBe("new\n");
    expect(readlinkSync(join(dir, "app.conf"))).toBe(name);
  });

  it("to a directory still puts the file into it", async () => {
    const dir = join(root, `${how}-dir`);
    mkdirSync(join(dir, "real"), { recursive: true });
    symlinkSync("real", join(dir, "link"));
    await upload()(SOURCE, join(dir, "link"), options);
    expect(readFileSync(join(dir, "real", "source.conf"), "utf8")).toBe("new\n");
    expect(readlinkSync(join(dir, "link"))).toBe("real");
  });
});

describe("a file downloaded onto a symlink here", () => {
  it("to a file writes that file (through a chain of links) and keeps the link", async () => {
    const dir = join(root, "down-file");
    mkdirSync(join(dir, "repo"), { recursive: true });
    writeFileSync(join(dir, "repo", "real.conf"), "old file\n");
    symlinkSync("real.conf", join(dir, "repo", "hop"));
    symlinkSync("repo/hop", join(dir, "app.conf"));
    const result = await fleet.host().download(SOURCE, join(dir, "app.conf"));
    expect(readFileSync(join(dir, "repo", "real.conf"), "utf8")).toBe("new\n");
    expect(readlinkSync(join(dir, "app.conf"))).toBe("repo/hop");
    expect(result).toMatchObject({ destination: join(dir, "app.conf"), files: 1 });
  });

  it("to something else than a file (a device, a named pipe) replaces the link, never that", async () => {
    const dir = join(root, "down-fifo");
    mkdirSync(dir);
    execFileSync("mkfifo", [join(dir, "pipe")]);
    symlinkSync("pipe", join(dir, "app.conf"));
    await fleet.host().download(SOURCE, join(dir, "app.conf"));
    expect(lstatSync(join(dir, "pipe")).isFIFO()).toBe(true);
    expect(readFileSync(join(dir, "app.conf"), "utf8")).toBe("new\n");
  });

  it("to nothing makes the file it names and keeps the link", async () => {
    const dir = join(root, "down-dangling");
    mkdirSync(join(dir, "shared"), { recursive: true });
    symlinkSync("shared/app.conf", join(dir, "app.conf"));
    await fleet.host().download(SOURCE, join(dir, "app.conf"));
    expect(lstatSync(join(dir, "app.conf")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "shared", "app.conf"), "utf8")).toBe("new\n");
  });
});
