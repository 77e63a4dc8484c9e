// Transfer options are checked before anything runs: an unknown name is a TypeError naming it and the likely one
// meant; `concurrency` belongs to group calls only.
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";

const host = new Host("127.0.0.2", { hostKeyCheck: "none" });
const file = new URL(import.meta.url).pathname;

describe("transfer options", () => {
  it("a typo names the option meant", async () => {
    await expect(host.upload(file, "/tmp/x", { exlude: ["*.map"] } as never)).rejects.toThrow(
      /^Unknown upload option `exlude` for host\.upload\(\); did you mean `exclude`\?/,
    );
    await expect(host.download("/tmp/x", "out", { becomRoot: true } as never)).rejects.toThrow(
      /^Unknown download option `becomRoot` for host\.download\(\); did you mean `becomeRoot`\?/,
    );
  });

  it("a path that is empty or holds a NUL byte is refused, the NUL shown as such", async () => {
    await expect(host.upload(file, "")).rejects.toThrow(
      "Expected `destination` to be a non-empty path, got `` (string)",
    );
    await expect(host.upload(file, "/tmp/a\0b")).rejects.toThrow(
      'Expected `destination` to be a path without NUL bytes, got `"/tmp/a\\u0000b"` (string)',
    );
    await expect(host.download("/tmp/a\0b", "out")).rejects.toThrow(/^Expected `source` to be a path without NUL/);
  });

  it.each([
    ["delete", "no"],
    ["becomeRoot", 1],
    ["dryRun", "false"],
    ["signal", "stop"],
  ])("%s given %j is refused before anything runs", async (name, value) => {
    await expect(host.upload(file, "/tmp/x", { [name]: value })).rejects.toThrow(
      new RegExp(`^Expected \`${name}\` to be (a boolean|an AbortSignal), got`),
    );
    await expect(new Group([host]).download("/tmp/x", "out", { [name]: value })).rejects.toThrow(TypeError);
  });

  it("refuses to mirror a directory with delete into the root or a home, which it would empty", async () => {
    const dir = dirname(file);
    const dry = { delete: true, dryRun: true } as const;
    for (const into of ["/", "//", "~", "~/", ".", "./"]) {
      await expect(host.upload(dir, into, dry)).rejects.toThrow(
        new RegExp(`^Refusing to mirror ${dir} into (/|the login user's home) on the host with \`delete\``),
      );
    }
    for (const into of ["/", homedir(), "~/"]) {
      await expect(host.download("/etc/", into === "~/" ? `${homedir()}/` : into, dry)).rejects.toThrow(
        /^Refusing to mirror \/etc\/ into (\/|your home \(.*\)) here with `delete`: everything there that/,
      );
    }
    // Here by another name: a symlink to either.
    const links = mkdtempSync(join(tmpdir(), "dk-mirror-links-"));
    symlinkSync(homedir(), join(links, "home"));
    symlinkSync("/", join(links, "root"));
    for (const into of [join(links, "home"), `${join(links, "root")}/`]) {
      await expect(host.download("/etc/", into, dry)).rejects.toThrow(
        /^Refusing to mirror \/etc\/ into (\/|your home \(.*\)) here with `delete`: everything there that/,
      );
    }
    rmSync(links, { recursive: true });
    expect((await host.upload(dir, "/srv/app", dry)).destination).toBe("/srv/app");
    expect((await host.with({ cwd: "/srv/app" }).upload(dir, ".", dry)).destination).toBe("/srv/app");
    expect((await host.upload(dir, "~", { dryRun: true })).destination).toBe("~");
    expect((await host.upload(file, "/", dry)).destination).toBe("/");
    const out = mkdtempSync(join(tmpdir(), "dk-download-"));
    expect((await host.download("/etc/", out, dry)).destination).toBe(out);
  });

  it("concurrency is a group call's option, not a host's", async () => {
    await expect(host.upload(file, "/tmp/x", { concurrency: 2 } as never)).rejects.toThrow(
      /^Unknown upload option `concurrency` for host\.upload\(\)/,
    );
    await expect(host.download("/tmp/x", "out", { concurrency: 2 } as never)).rejects.toThrow(TypeError);
    const results = await new Group([host]).upload(file, "/tmp/x", { concurrency: 1, dryRun: true });
    expect(results.map((r) => r.ok)).toEqual([true]);
  });

  it("a group download refuses a tag that is no folder name of its own, before anything runs", async () => {
    const out = mkdtempSync(join(tmpdir(), "dk-download-"));
    for (const tag of ["..", "web/1", "../../etc"]) {
      const group = new Group([new Host("127.0.0.1", { port: 2222, hostKeyCheck: "none", commandPrefix: tag })]);
      await expect(group.download("/etc/hostname", out, { dryRun: true })).rejects.toThrow(
        `group.download(): 127.0.0.1:2222 has the tag "${tag}", which is no folder name under localPath`,
      );
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it("a group download refuses hosts that share a tag, before anything runs", async () => {
    const out = mkdtempSync(join(tmpdir(), "dk-download-"));
    const twins = new Group([
      new Host("127.0.0.1", { port: 2222, hostKeyCheck: "none" }),
      new Host("127.0.0.1", { port: 2223, hostKeyCheck: "none" }),
    ]);
    await expect(twins.download("/etc/hostname", out, { dryRun: true })).rejects.toThrow(
      /^group\.download\(\): 127\.0\.0\.1:2222 and 127\.0\.0\.1:2223 share the tag "127\.0\.0\.1", so their files/,
    );
    const tagged = new Group([
      new Host("127.0.0.1", { port: 2222, hostKeyCheck: "none", commandPrefix: "a" }),
      new Host("127.0.0.1", { port: 2223, hostKeyCheck: "none", commandPrefix: "b" }),
    ]);
    const results = await tagged.download("/etc/hostname", out, { dryRun: true });
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    expect(readdirSync(out)).toEqual([]);
  });
});
