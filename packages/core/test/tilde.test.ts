// `~` in remote paths: the login user's home, as in a shell, never a directory named `~`.
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collect } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import { remoteCommand } from "../src/ssh/remote-command.ts";
import { scoped } from "../src/transfer/scoped.ts";

const host = new Host("web1");

describe("a transfer's remote path with `~`", () => {
  it("is relative to the login user's home (where rsync starts), whatever the cwd", () => {
    const inApp = host.with({ cwd: "/srv/app" });
    expect(scoped(host, "~/notes.txt", {})[0]).toBe("notes.txt");
    expect(scoped(inApp, "~/a/b/", {})[0]).toBe("a/b/");
    expect(scoped(inApp, "~", {})[0]).toBe(".");
    expect(scoped(inApp, "~/", {})[0]).toBe(".");
    // A cwd under the home, and paths that only hold a `~`.
    expect(scoped(host.with({ cwd: "~/app" }), "releases/1", {})[0]).toBe("app/releases/1");
    expect(scoped(inApp, "a/~/b", {})[0]).toBe("/srv/app/a/~/b");
    expect(scoped(inApp, "/srv/~", {})[0]).toBe("/srv/~");
  });

  it("naming another user's home is refused, saying to give the path absolute", () => {
    expect(() => scoped(host, "~bob/x", {})).toThrow(/remote path `~bob\/x`: `~bob` is not expanded; give the path/);
  });

  it("is shown by a dry run as written, while rsync is given the path from the home: no `~` directory", async () => {
    const r = await host.upload(new URL(import.meta.url).pathname, "~/notes/", { dryRun: true });
    expect(r.destination).toBe("~/notes/");
    expect(scoped(host, "~/notes/", {})[0]).toBe("notes/");
  });

  it("is refused before anything runs, in upload and download", async () => {
    // Loopback, on a port where nothing listens, should the refusal ever not come first.
    const unreachable = new Host("127.0.0.1", { port: 9 });
    await expect(unreachable.upload(new URL(import.meta.url).pathname, "~bob/x")).rejects.toThrow(TypeError);
    await expect(unreachable.download("~bob/x", "out")).rejects.toThrow(TypeError);
  });
});

describe("a remote cwd with `~`", () => {
  it("is left to the shell's tilde expansion, the rest quoted", async () => {
    const home = mkdtempSync(join(tmpdir(), "dk-tilde-"));
    mkdirSync(join(home, "a b $x"));
    mkdirSync(join(home, "~x"));
    try {
      const pwd = async (cwd: string) => {
        const env = { ...process.env, HOME: home };
        // stdin open, as ssh's is: its end would be the stop.
        const open = { openStdin: true, onSpawn: (c: ChildProcess) => c.once("exit", () => c.stdin?.end()) };
        const r = await collect("bash", ["-c", remoteCommand("pwd", { cwd })], { env, cwd: home, ...open });
        return r.stdout;
      };
      expect(await pwd("~")).toBe(`${home}\n`);
      expect(await pwd("~/a b $x")).toBe(`${home}/a b $x\n`);
      // Not a leading `~/`: as written.
      expect(await pwd("~x")).toBe(`${home}/~x\n`);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
