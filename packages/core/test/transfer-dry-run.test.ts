// What a transfer's dry run shows is what a real run would do, or it says where it cannot know: it asks the host
// nothing, so a download's source without a trailing `/` may be a file or a directory there. An upload with a sudo
// password shows its steps: a real one never runs the direct `sudo -n rsync`.
import { mkdtempSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";
import { setPrinter } from "../src/output/printer.ts";

// Never reached: dry runs connect to nothing.
const host = new Host("127.0.0.2", { hostKeyCheck: "none" });
const root = mkdtempSync(join(tmpdir(), "dk-transfer-dry-"));
const dry = { dryRun: true } as const;
let lines: string[] = [];

beforeEach(() => {
  lines = [];
  setPrinter({ line: (tag, text) => void lines.push(`[${tag}] ${text}`), notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

// rsync's last two words in the command a dry run shows: source and destination.
const paths = (line: string | undefined) => / (\S+) (\S+) +\(dry run\)$/.exec(line ?? "")?.slice(1);

describe("a download's dry run", () => {
  it("of a source without a trailing / shows the file's copy and says what a directory there would get", async () => {
    const out = join(root, "out");
    await host.download("/etc/ssh", out, dry);
    expect(lines).toHaveLength(2);
    expect(paths(lines[0])).toEqual(["127.0.0.2:/etc/ssh", out]);
    expect(lines[1]).toBe(
      "[127.0.0.2] shown as a file's copy: a dry run does not ask the host what /etc/ssh is; if a directory, a real " +
        `run mirrors its contents into ${out}/ (write /etc/ssh/ to show that copy)`,
    );
  });

  it("with `delete` into your home says that a directory there would be refused", async () => {
    await host.download("/srv/app", homedir(), { ...dry, delete: true });
    expect(lines[1]).toBe(
      "[127.0.0.2] shown as a file's copy: a dry run does not ask the host what /srv/app is; if a directory, a real " +
        `run fails: Refusing to mirror /srv/app into your home (${homedir()}) here with \`delete\`: everything there ` +
        "that /srv/app does not have would be removed; name the directory to mirror (e.g. /srv/app)",
    );
  });

  it("of a source with a trailing / shows the directory's copy, and nothing more", async () => {
    const out = join(root, "out");
    await host.download("/etc/ssh/", out, dry);
    expect(lines).toHaveLength(1);
    expect(paths(lines[0])).toEqual(["127.0.0.2:/etc/ssh/", `${out}/`]);
  });

  it("names the source as written and each host's own directory in a group", async () => {
    await new Group([host]).download("~", root, dry);
    expect(lines[1]).toMatch(/what ~ is; if a directory, a real run mirrors its contents into .*\/127\.0\.0\.2\/ /);
    expect(lines[1]).toMatch(/\(write ~\/ to show that copy\)$/);
  });
});

describe("an upload's dry run with a sudo password", () => {
  const bob = new Host("127.0.0.2", { user: "bob", hostKeyCheck: "none" });
  const PASSWORD = "secret pw";

  it("shows the staged steps: a private directory, the copy into it, the copy into place, its removal", async () => {
    const src = join(root, "build");
    mkdirSync(src);
    writeFileSync(join(src, "a.txt"), "a");
    const r = await bob.upload(src, "/srv/app", { becomeRoot: true, sudoPassword: PASSWORD, dryRun: true });
    expect(r).toMatchObject({ direction: "upload", source: src, destination: "/srv/app", files: 0 });
    const stage = "/tmp/tmp.XXXXXXXXXX";
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe("[127.0.0.2] $ mktemp -d  (dry run)");
    expect(paths(lines[1])).toEqual([`${src}/`, `bob@127.0.0.2:${stage}/copy/`]);
    expect(lines[2]).toMatch(/^\[127\.0\.0\.2\] \$ sh -c '.*' sh \/srv\/app .*--recursive .*/);
    expect(paths(lines[2])).toEqual([`${stage}/copy/`, "/srv/app/"]);
    expect(lines[3]).toBe(`[127.0.0.2] $ rm -rf -- ${stage}  (dry run)`);
    expect(lines.join("\n")).not.toContain("sudo -n");
    expect(lines.join("\n")).not.toContain(PASSWORD);
  });
});
