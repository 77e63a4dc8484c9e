// Uploads and downloads with rsync over the hosts' ssh options. The sandbox hosts are this machine at other
// addresses, so what arrived "remotely" is read back from the local file system; the login user is the one running
// the tests (root here, which lets owners be set).
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { setPrinter, type Printer } from "../src/output/printer.ts";
import { configure } from "../src/settings.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 2 });
const host = () => fleet.group().hosts[0]!;
const root = mkdtempSync(join(tmpdir(), "dk-transfer-"));
let n = 0;
// A fresh directory per use, so tests never see each other's files.
const fresh = (name: string) => {
  const dir = join(root, `${n++}-${name}`);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const BINARY = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
const NAME = "a file — ünïcødé ✓ 'q' $x:y.bin";

let lines: string[] = [];
let previous: Printer | undefined;
beforeEach(() => {
  lines = [];
  previous = setPrinter({ line: (tag, text) => void lines.push(`[${tag}] ${text}`), notice: () => {} });
});
afterEach(() => void setPrinter(previous));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Every file under `dir` (relative path → content), for comparing trees.
function tree(dir: string): Record<string, string> {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
  const entries = files.map((f) => [
    f,
    statSync(join(dir, f)).isDirectory() ? "<dir>" : readFileSync(join(dir, f), "hex"),
  ]);
  return Object.fromEntries(entries);
}

function sampleDir(): string {
  const dir = fresh("src");
  mkdirSync(join(dir, "sub dir/ünï"), { recursive: true });
  writeFileSync(join(dir, NAME), BINARY);
  writeFileSync(join(dir, "sub dir/ünï/x.txt"), "x\n");
  writeFileSync(join(dir, "empty"), "");
  return dir;
}

describe("upload", () => {
  it("copies a binary file with spaces and unicode in its name byte for byte, and prints one tagged line", async () => {
    const src = join(fresh("src"), NAME);
    writeFileSync(src, BINARY);
    const dest = join(fresh("dest"), "new parent", NAME);
    const r = await host().upload(src, dest);
    expect(readFileSync(dest).equals(BINARY)).toBe(true);
    expect(r).toMatchObject({ direction: "upload", files: 1, bytes: BINARY.length, source: src, destination: dest });
    expect(lines).toEqual([
      `[${host().commandPrefix}] uploaded ${src} → ${dest}: 1 file, 70.0 kB in ${lines[0]!.split(" in ")[1]}`,
    ]);
    expect(lines[0]).toMatch(/ in \d+\.\ds$/);
  });

  it("puts a file into a directory when the destination ends in / or already is one", async () => {
    const src = join(fresh("src"), "f.txt");
    writeFileSync(src, "hello\n");
    const dest = fresh("dest");
    await host().upload(src, `${dest}/a/`);
    await host().upload(src, dest);
    expect(readFileSync(join(dest, "a/f.txt"), "utf8")).toBe("hello\n");
    expect(readFileSync(join(dest, "f.txt"), "utf8")).toBe("hello\n");
  });

  it("keeps the mode of a directory it mirrors into (a shared 1777 stays); a new one gets the source's", async () => {
    const src = sampleDir();
    const mode = (path: string) => statSync(path).mode & 0o7777;
    chmodSync(src, 0o750);
    const shared = fresh("shared");
    chmodSync(shared, 0o1777);
    await host().upload(src, shared);
    expect(tree(shared)).toEqual(tree(src));
    expect(mode(shared)).toBe(0o1777);
    const made = join(fresh("dest"), "new");
    await host().upload(src, made);
    expect(mode(made)).toBe(0o750);
    const local = fresh("local");
    chmodSync(local, 0o1777);
    await host().download(src, local);
    expect(tree(local)).toEqual(tree(src));
    expect(mode(local)).toBe(0o1777);
    const fetched = join(fresh("fetched"), "new");
    await host().download(src, fetched);
    expect(mode(fetched)).toBe(0o750);
  });

  it("gives a directory it mirrors into the mode asked for directories, though it exists; F… leaves it", async () => {
    const src = sampleDir();
    const mode = (path: string) => statSync(path).mode & 0o7777;
    chmodSync(src, 0o755);
    for (const [asked, top] of [
      ["D700,F600", 0o700],
      ["go-rwx", 0o700],
      ["F600", 0o1777],
      [0o600, 0o1777],
    ] as const) {
      const dest = fresh("shared");
      chmodSync(dest, 0o1777);
      await host().upload(src, dest, { mode: asked });
      expect([asked, mode(dest)]).toEqual([asked, top]);
    }
  });

  it("mirrors a directory's contents, with or without trailing slashes", async () => {
    const src = sampleDir();
    const [a, b] = [join(fresh("dest"), "a"), join(fresh("dest"), "b")];
    await host().upload(src, a);
    await host().upload(`${src}/`, `${b}/`);
    expect(tree(a)).toEqual(tree(src));
    expect(tree(b)).toEqual(tree(src));
    expect(lines[0]).toMatch(/: 3 files, 70\.0 kB in /);
    // Nothing changed: nothing is sent again.
    expect((await host().upload(src, a)).files).toBe(0);
    expect(lines.at(-1)).toMatch(/: up to date in /);
  });

  it("sets modes, owners and groups", async () => {
    const src = sampleDir();
    const dest = join(fresh("dest"), "d");
    await host().upload(src, dest, { mode: 0o640, owner: "nobody", group: "nogroup" });
    const file = statSync(join(dest, NAME));
    expect(file.mode & 0o7777).toBe(0o640);
    expect(statSync(join(dest, "sub dir")).mode & 0o7777).toBe(statSync(join(src, "sub dir")).mode & 0o7777);
    const ids = (spec: string) => execFileSync("id", [spec, "nobody"], { encoding: "utf8" }).trim();
    expect([file.uid, file.gid]).toEqual([
      Number(ids("-u")),
      Number(execFileSync("getent", ["group", "nogroup"], { encoding: "utf8" }).split(":")[2]),
    ]);
    await host().upload(src, dest, { mode: "D700,F600" });
    expect(statSync(join(dest, "sub dir")).mode & 0o7777).toBe(0o700);
    expect(statSync(join(dest, "empty")).mode & 0o7777).toBe(0o600);
  });

  it("replaces a file by renaming a complete temporary copy: a new inode, no temporary file left", async () => {
    const dir = fresh("src");
    const src = join(dir, "app.bin");
    const destDir = fresh("dest");
    const dest = join(destDir, "app.bin");
    writeFileSync(src, BINARY);
    await host().upload(src, dest);
    const before = statSync(dest).ino;
    writeFileSync(src, Buffer.concat([BINARY, BINARY]));
    await host().upload(src, dest);
    expect(statSync(dest).ino).not.toBe(before);
    expect(readFileSync(dest).length).toBe(2 * BINARY.length);
    expect(readdirSync(destDir)).toEqual(["app.bin"]);
  });

  it("deletes what the source lost with `delete`, and skips `exclude` patterns", async () => {
    const src = sampleDir();
    const dest = join(fresh("dest"), "d");
    await host().upload(src, dest);
    rmSync(join(src, "empty"));
    writeFileSync(join(src, "skip.log"), "no");
    const r = await host().upload(src, dest, { delete: true, exclude: ["*.log"] });
    expect(r.deleted).toBe(1);
    expect(Object.keys(tree(dest))).toEqual(Object.keys(tree(src)).filter((f) => f !== "skip.log"));
    expect(lines.at(-1)).toMatch(/: 1 deleted in /);
  });

  it("a transfer past its timeout fails, says what it may have left, and leaves no file half-written", async () => {
    const src = sampleDir();
    const dest = fresh("dest");
    const e = await host()
      .upload(src, join(dest, "d"), { timeout: 1 })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TransferError);
    expect((e as TransferError).message).toMatch(/timed out after 1 ms/);
    expect((e as TransferError).message).toContain(`${join(dest, "d")} may hold part of the copy`);
    // Mostly nothing arrived; on a busy machine the 1 ms timer may fire once rsync began: what is there is whole.
    const arrived = readdirSync(dest, { recursive: true, encoding: "utf8" });
    for (const file of arrived.filter((path) => statSync(join(dest, path)).isFile())) {
      expect(readFileSync(join(dest, file)), file).toEqual(readFileSync(join(src, file.replace(/^d\//, ""))));
    }
  });

  it("sends nothing in a dry run, and echoes the rsync command", async () => {
    const src = sampleDir();
    const dest = join(fresh("dest"), "d");
    configure({ dryRun: true });
    try {
      await host().upload(src, dest);
    } finally {
      configure({ dryRun: false });
    }
    expect(() => statSync(dest)).toThrow();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\[[^\]]+\] \$ rsync .*\(dry run\)$/);
  });
});

describe("with()", () => {
  it("a relative remote path starts at the host's `with` cwd, which need not exist yet", async () => {
    const src = sampleDir();
    const root = join(fresh("app"), "srv");
    const app = host().with({ cwd: root });
    const r = await app.upload(src, "releases/1");
    expect(tree(join(root, "releases/1"))).toEqual(tree(src));
    expect(r.destination).toBe(join(root, "releases/1"));
    const out = fresh("out");
    await app.with({ cwd: "releases" }).download(`1/${NAME}`, `${out}/`);
    expect(readFileSync(join(out, NAME)).equals(BINARY)).toBe(true);
    await fleet.group().with({ cwd: root }).download("releases/1/empty", out);
    expect(fleet.group().hosts.map((h) => readFileSync(join(out, h.commandPrefix, "empty"), "utf8"))).toEqual(["", ""]);
  });
});

describe("download", () => {
  it("copies a file and a directory back byte for byte", async () => {
    const src = sampleDir();
    const out = fresh("out");
    await host().download(join(src, NAME), join(out, "one.bin"));
    await host().download(src, join(out, "copy"));
    await host().download(join(src, "empty"), out);
    expect(readFileSync(join(out, "empty"), "utf8")).toBe("");
    expect(readFileSync(join(out, "one.bin")).equals(BINARY)).toBe(true);
    expect(tree(join(out, "copy"))).toEqual(tree(src));
    expect(lines[0]).toMatch(/\] downloaded .* → .*one\.bin: 1 file, 70\.0 kB in /);
  });

  it("follows a symlink to a directory as the directory", async () => {
    const src = sampleDir();
    const link = join(fresh("link"), "current");
    symlinkSync(src, link);
    const out = join(fresh("out"), "copy");
    await host().download(link, out);
    expect(lstatSync(out).isDirectory()).toBe(true);
    expect(tree(out)).toEqual(tree(src));
  });

  it("takes a name with *, ? or [ as that name, not as a pattern of the host's rsync", async () => {
    const src = fresh("globs");
    // Siblings each name would match as a pattern, and a directory whose name is one.
    const files = {
      "r[1].txt": "bracket",
      "r1.txt": "one",
      "a*b?": "star",
      aXbY: "x",
      "back\\slash": "backslash",
      backslash: "plain",
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(src, name), text);
    mkdirSync(join(src, "d[1]"));
    mkdirSync(join(src, "d1"));
    writeFileSync(join(src, "d[1]", "in"), "inside");
    writeFileSync(join(src, "d1", "other"), "other");
    const out = fresh("out");
    for (const name of ["r[1].txt", "a*b?", "back\\slash"]) await host().download(join(src, name), join(out, name));
    await host().download(join(src, "d[1]"), join(out, "d"));
    expect(readFileSync(join(out, "r[1].txt"), "utf8")).toBe("bracket");
    expect(readFileSync(join(out, "a*b?"), "utf8")).toBe("star");
    expect(readFileSync(join(out, "back\\slash"), "utf8")).toBe("backslash");
    expect(tree(join(out, "d"))).toEqual({ in: Buffer.from("inside").toString("hex") });
    // The one name rsync cannot take literally: a backslash and a pattern character.
    writeFileSync(join(src, "b\\x[1]"), "both");
    const error = await host()
      .download(join(src, "b\\x[1]"), join(out, "both"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransferError);
    expect((error as TransferError).message).toContain("download the directory that holds it");
  });

  it("puts each host's copy in localPath/<host>/ for a group", async () => {
    const src = sampleDir();
    const out = fresh("out");
    const group = fleet.group();
    const results = await group.download(join(src, NAME), out);
    await group.download(src, join(out, "trees"));
    expect(results.map((r) => r.result.host)).toEqual(group.hosts.map((h) => h.commandPrefix));
    for (const h of group.hosts) {
      expect(readFileSync(join(out, h.commandPrefix, NAME)).equals(BINARY)).toBe(true);
      expect(tree(join(out, "trees", h.commandPrefix))).toEqual(tree(src));
    }
    expect(lines.filter((l) => l.includes(" downloaded "))).toHaveLength(4);
  });
});

describe("group upload", () => {
  it("uploads to every host, one line each", async () => {
    const src = sampleDir();
    const dest = join(fresh("dest"), "d");
    const results = await fleet.group().upload(src, dest);
    expect(results.every((r) => r.ok && r.result.files >= 0)).toBe(true);
    expect(tree(dest)).toEqual(tree(src));
    expect(lines.filter((l) => l.includes(" uploaded "))).toHaveLength(2);
  });
});
