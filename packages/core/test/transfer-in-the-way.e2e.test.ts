// A file where a transfer needs a directory, on either side: a TransferError that says so, not rsync's "connection
// unexpectedly closed" or Node's bare EEXIST.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";

const fleet = useFleet({ hosts: 1 });
const host = () => fleet.group().hosts[0]!;
const root = mkdtempSync(join(tmpdir(), "dk-transfer-in-the-way-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// A directory holding `file` (a plain file) and `dir/a`.
function sample(name: string): { file: string; dir: string } {
  const base = join(root, name);
  mkdirSync(join(base, "dir"), { recursive: true });
  writeFileSync(join(base, "dir", "a"), "a\n");
  writeFileSync(join(base, "file"), "in the way\n");
  return { file: join(base, "file"), dir: join(base, "dir") };
}

const failure = (transfer: Promise<unknown>) => rejection(transfer, TransferError);

describe("a file in the way of a transfer's directory", () => {
  it("on the host: an upload says which directory it could not make", async () => {
    const { file, dir } = sample("remote");
    for (const destination of [file, join(file, "below")]) {
      const error = await failure(host().upload(dir, destination));
      expect(error.kind).toBe("failed");
      expect(error.message).toMatch(
        /cannot make the remote directory .*(File exists|Not a directory).*a file is in the way/,
      );
    }
  });

  it("here: a download says which directory it could not make", async () => {
    const { file, dir } = sample("local");
    for (const [source, destination] of [
      [dir, file],
      [join(dir, "a"), join(file, "a")],
    ] as const) {
      const error = await failure(host().download(source, destination));
      expect(error.kind).toBe("failed");
      expect(error.message).toContain(`cannot make the local directory ${file}: a file is in the way`);
    }
    // Below it, the file is named.
    const below = await failure(host().download(join(dir, "a"), join(file, "sub", "a")));
    expect(below.reason).toBe(
      `cannot make the local directory ${join(file, "sub")}: ${file} is in the way, not a directory; remove it, or ` +
        "choose another destination",
    );
  });

  it("on the host: an upload under a symlink to nothing, or in a loop, names the link and its target", async () => {
    const { file, dir } = sample("remote-links");
    const base = join(root, "remote-links");
    symlinkSync(join(base, "gone"), join(base, "dangling"));
    symlinkSync("loop", join(base, "loop"));
    for (const source of [file, dir]) {
      const error = await failure(host().upload(source, join(base, "dangling", "sub", "x")));
      // A directory becomes the destination; a file goes into the destination's directory.
      const made = source === dir ? join(base, "dangling", "sub", "x") : join(base, "dangling", "sub");
      expect(error.reason).toBe(
        `cannot make the remote directory ${made}: ${join(base, "dangling")} is a symlink to ${join(base, "gone")}` +
          ", which does not exist; make that " +
          "directory, or remove the link, or choose another destination",
      );
    }
    const error = await failure(host().upload(file, join(base, "loop", "x")));
    expect(error.reason).toBe(
      `cannot make the remote directory ${join(base, "loop")}: ${join(base, "loop")} is a symlink (to loop) whose ` +
        "links lead in a loop; fix or remove it, or choose another destination",
    );
  });

  it("here: a download under a symlink to nothing names the link and where it points", async () => {
    const { dir } = sample("dangling");
    const link = join(root, "dangling", "link");
    symlinkSync(join(root, "dangling", "gone"), link);
    const error = await failure(host().download(join(dir, "a"), join(link, "sub", "a")));
    expect(error.kind).toBe("failed");
    expect(error.reason).toBe(
      `cannot make the local directory ${join(link, "sub")}: ${link} is a symlink to ` +
        `${join(root, "dangling", "gone")}, which does not exist; make that directory, ` +
        "or remove the link, or choose another destination",
    );
  });

  it.each(["upload", "download"] as const)(
    "%s: a directory where the source has a file is named, with what to do",
    async (how) => {
      const source = join(root, `${how}-tree`);
      mkdirSync(source);
      writeFileSync(join(source, "config"), "file\n");
      const destination = join(root, `${how}-copy`);
      mkdirSync(join(destination, "config"), { recursive: true });
      writeFileSync(join(destination, "config", "kept"), "x\n");
      const error = await failure(host()[how](source, destination));
      const side = how === "upload" ? "on the host" : "here";
      expect(error.reason).toBe(
        `a directory in ${destination} ${side} is in the way of a file of the source (could not make way for new ` +
          "regular file: config): remove it there, or copy with `delete`, which removes whatever the source lacks " +
          "(the rest of the directory was copied)",
      );
    },
  );

  it("here: a download under /proc fails at once, saying that /proc takes no new directories", async () => {
    const { dir } = sample("proc");
    const error = await failure(host().download(dir, "/proc/dk-no-such/copy"));
    expect(error.kind).toBe("failed");
    expect(error.reason).toMatch(/^cannot make the local directory \/proc\/dk-no-such\/copy: \/proc takes no new/);
  });
});
