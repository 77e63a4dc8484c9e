// ./scripts/demo stopped with Ctrl-C twice (the terminal's SIGINT to its process group, twice) ends as dk says a second
// Ctrl-C ends it: exit 130, 'SIGINT again', no sandbox left. dk runs in the script's process: a package manager between
// them turned the second Ctrl-C into a SIGTERM of its own ('SIGTERM again', exit 143).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect } from "../src/index.ts";

const root = new URL("../../..", import.meta.url).pathname;

describe("./scripts/demo", () => {
  it("runs dk in its own process, and Ctrl-C twice exits 130 with no sandbox left", { timeout: 120_000 }, async () => {
    const tmp = mkdtempSync(join(tmpdir(), "dk-demo-int-"));
    let command = "";
    try {
      // setsid: a process group of its own, as a terminal's foreground job has, which the Ctrl-Cs go to.
      const r = await collect("setsid", ["./scripts/demo", "--hosts", "2"], {
        cwd: root,
        env: { ...process.env, TMPDIR: tmp },
        timeoutMs: 100_000,
        onOutput: {
          text: "one command on every host",
          act: (child) => {
            command = readFileSync(`/proc/${child.pid}/cmdline`, "utf8").split("\0").slice(0, 2).join(" ");
            process.kill(-child.pid!, "SIGINT");
            process.kill(-child.pid!, "SIGINT");
          },
        },
      });
      expect(command).toMatch(/^\S*node \S*\/bin\/dk\.js$/);
      expect([r.code, r.stderr.includes("SIGTERM")]).toEqual([130, false]);
      expect(readdirSync(tmp).filter((name) => name.startsWith("dk-sandbox-"))).toEqual([]);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
