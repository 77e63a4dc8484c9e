// A symlink named as a transfer's source is copied as what it points to (as scp and Fabric's get/put do), e.g.
// /etc/os-release → ../usr/lib/os-release; symlinks inside a transferred directory stay symlinks.
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";

const fleet = useFleet({ hosts: 2 });
const host = () => fleet.group().hosts[0]!;
const root = mkdtempSync(join(tmpdir(), "dk-transfer-links-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// dir/lib/real (content), dir/etc/link → ../lib/real: a relative link, dangling if copied as a link elsewhere.
function linked(name: string): { dir: string; link: string } {
  const dir = join(root, name);
  mkdirSync(join(dir, "lib"), { recursive: true });
  mkdirSync(join(dir, "etc"));
  writeFileSync(join(dir, "lib", "real"), `${name}\n`);
  symlinkSync("../lib/real", join(dir, "etc", "link"));
  return { dir, link: join(dir, "etc", "link") };
}

describe("a symlink as a transfer's source", () => {
  it("downloads the file it points to, for a host and into localPath/<host>/ for a group", async () => {
    const { link } = linked("download");
    const out = join(root, "download-out");
    const result = await host().download(link, join(out, "one"));
    expect(lstatSync(join(out, "one")).isFile()).toBe(true);
    expect(readFileSync(join(out, "one"), "utf8")).toBe("download\n");
    expect(result.files).toBe(1);
    const group = fleet.group();
    await group.download(link, join(out, "facts"));
    for (const h of group.hosts) {
      expect(readFileSync(join(out, "facts", h.commandPrefix, "link"), "utf8")).toBe("download\n");
    }
  });

  it("uploads the file it points to", async () => {
    const { link } = linked("upload");
    const dest = join(root, "upload-out", "config");
    const result = await host().upload(link, dest);
    expect(lstatSync(dest).isFile()).toBe(true);
    expect(readFileSync(dest, "utf8")).toBe("upload\n");
    expect(result.files).toBe(1);
  });

  it("keeps symlinks inside a directory as symlinks", async () => {
    const { dir } = linked("tree");
    const dest = join(root, "tree-out");
    await host().upload(dir, dest);
    expect(readlinkSync(join(dest, "etc", "link"))).toBe("../lib/real");
    expect(readFileSync(join(dest, "etc", "link"), "utf8")).toBe("tree\n");
  });

  it.each(["upload", "download"] as const)(
    "%s into a symlink to a directory leaves that directory its own mode",
    async (how) => {
      const { dir } = linked(`into-link-${how}`);
      chmodSync(dir, 0o750);
      const real = join(root, `real-${how}`);
      mkdirSync(real);
      chmodSync(real, 0o755);
      symlinkSync(real, join(root, `link-${how}`));
      await host()[how](dir, join(root, `link-${how}`));
      expect(readFileSync(join(real, "lib", "real"), "utf8")).toBe(`into-link-${how}\n`);
      expect((statSync(real).mode & 0o7777).toString(8)).toBe("755");
    },
  );

  it("downloads a directory named dir/ that holds a symlink to nothing, which stays a symlink", async () => {
    const { dir } = linked("dangling-tree");
    symlinkSync("releases/42", join(dir, "current"));
    const dest = join(root, "dangling-tree-out");
    const result = await host().download(`${dir}/`, dest);
    expect(readlinkSync(join(dest, "current"))).toBe("releases/42");
    expect(readFileSync(join(dest, "lib", "real"), "utf8")).toBe("dangling-tree\n");
    expect(result.files).toBe(1);
  });

  it("a download of a symlink to nothing, or of a loop of them, says so, as an upload does", async () => {
    const dir = join(root, "broken");
    mkdirSync(dir);
    symlinkSync("releases/42", join(dir, "current"));
    symlinkSync("b", join(dir, "a"));
    symlinkSync("a", join(dir, "b"));
    const out = join(root, "broken-out");
    const dangling = await rejection(host().download(join(dir, "current"), out), TransferError);
    expect(dangling.kind).toBe("source-missing");
    expect(dangling.reason).toBe(`the remote source ${dir}/current is a symlink to releases/42, which does not exist`);
    const loop = await rejection(host().download(join(dir, "a"), out), TransferError);
    expect(loop.kind).toBe("source-missing");
    expect(loop.reason).toMatch(/^the remote source cannot be followed: its symlinks lead in a loop \(link_stat /);
    // A name that is not there at all is still said in rsync's words.
    const missing = await rejection(host().download(join(dir, "none"), out), TransferError);
    expect(missing.reason).toMatch(/^the remote source does not exist: link_stat .*none/);
  });
});
