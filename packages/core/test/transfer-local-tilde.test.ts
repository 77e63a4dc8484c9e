// `~` in a transfer's local path: your home ($HOME), as a shell reads it, never a directory named `~` in the current
// one; another user's home is refused before anything runs, for a host as for a group.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { rejection } from "./helpers/rejection.ts";

// Never reached: dry runs and refusals connect to nothing.
const host = new Host("127.0.0.2", { hostKeyCheck: "none" });
const group = new Group([host]);
const home = mkdtempSync(join(tmpdir(), "dk-local-home-"));
const saved = process.env.HOME;
const dry = { dryRun: true } as const;
let lines: string[] = [];

beforeAll(() => {
  process.env.HOME = home;
  mkdirSync(join(home, "build"));
  writeFileSync(join(home, "notes.txt"), "x");
  setPrinter({ line: (_tag, text) => void lines.push(text), notice: () => {} });
});
afterAll(() => {
  process.env.HOME = saved;
  setPrinter(undefined);
  rmSync(home, { recursive: true, force: true });
});

describe("a transfer's local path with `~`", () => {
  it("is your home in an upload's source and a download's destination", async () => {
    expect((await host.upload("~/notes.txt", "/srv/", dry)).source).toBe(join(home, "notes.txt"));
    expect((await host.upload("~/build/", "/srv/app", dry)).source).toBe(`${home}/build/`);
    expect((await host.download("/etc/hostname", "~", dry)).destination).toBe(home);
    expect((await host.download("/etc/", "~/etc/", dry)).destination).toBe(`${home}/etc/`);
    const [each] = await group.download("/etc/hostname", "~/fetched", dry);
    expect(each!.result.destination).toBe(`${home}/fetched/127.0.0.2/`);
  });

  it("a missing source under `~` is named by where it was looked for", async () => {
    const error = await rejection(group.upload("~/nope", "/srv/", dry), TransferError);
    expect(error.message).toBe(`the local source ${home}/nope does not exist`);
  });

  it("leaves a `~` that does not start the path, and `./~`, as they are", async () => {
    lines = [];
    expect((await host.download("/etc/hostname", "out/~/x", dry)).destination).toBe("out/~/x");
    expect((await host.download("/etc/hostname", "./~", dry)).destination).toBe("./~");
    // (The command a dry run shows ends with rsync's destination, quoted for a shell; a note on the source follows.)
    const shown = lines.filter((line) => line.endsWith("(dry run)"));
    expect(shown.map((line) => / (\S+) +\(dry run\)$/.exec(line)?.[1])).toEqual([
      `'${join(process.cwd(), "out/~/x")}'`,
      `'${join(process.cwd(), "~")}'`,
    ]);
  });

  it("mirrored into with `delete`, your home is refused as written in full", async () => {
    await expect(host.download("/etc/", "~/", { ...dry, delete: true })).rejects.toThrow(
      `Refusing to mirror /etc/ into your home (${home}) here with \`delete\``,
    );
  });

  it("another user's home is refused before anything runs, on either side, for a host and for a group", async () => {
    const said = (side: string, path: string, name: string) =>
      `${side} path \`${path}\`: \`${name}\` is not expanded; give the path absolute (or \`./${name}\` for a file of ` +
      "that name)";
    await expect(host.upload("~bob/x", "/srv/", dry)).rejects.toThrow(new TypeError(said("local", "~bob/x", "~bob")));
    await expect(group.upload("~bob", "/srv/", dry)).rejects.toThrow(new TypeError(said("local", "~bob", "~bob")));
    await expect(host.download("/etc/hostname", "~bob/x", dry)).rejects.toThrow(said("local", "~bob/x", "~bob"));
    await expect(group.download("/etc/hostname", "~x", dry)).rejects.toThrow(said("local", "~x", "~x"));
    await expect(host.download("~bob/x", "out", dry)).rejects.toThrow(said("remote", "~bob/x", "~bob"));
  });
});
