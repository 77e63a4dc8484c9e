// Ctrl-C while a sandbox makes its keys reaches the process's own SIGINT listener (dk's, which exits 130) before the
// start fails: making the keys does not block the process, so the signal is not seen only after the failure.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect, waitUntil } from "../src/index.ts";

const source = JSON.stringify(new URL("../src/index.ts", import.meta.url).pathname);

describe("Ctrl-C while the sandbox makes its keys", () => {
  it("runs the process's SIGINT listener before the start fails, and leaves no directory", async () => {
    const bin = mkdtempSync(join(tmpdir(), "dk-slow-keygen-"));
    const mark = join(bin, "keygen-started");
    // An ssh-keygen that says it started, then takes long enough for the Ctrl-C to find it running.
    const slow = `#!/bin/sh\n: > ${JSON.stringify(mark)}\nsleep 30\nexec ssh-keygen "$@"\n`;
    writeFileSync(join(bin, "ssh-keygen"), slow, { mode: 0o755 });
    const temp = join(bin, "tmp");
    const script = `process.on("SIGINT", () => console.log("SIGINT"));
      const { startSandbox } = await import(${source});
      await startSandbox({ hosts: 1 }).then((s) => (console.log("started"), s.stop()), () => console.log("failed"));
      const { readdirSync } = await import("node:fs");
      const left = readdirSync(${JSON.stringify(temp)}).filter((name) => name.startsWith("dk-"));
      console.log(left.join(",") || "none left");`;
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, TMPDIR: temp };
    const node = [process.execPath, "--import", "tsx", "--input-type=module", "-e", script];
    try {
      mkdirSync(temp);
      let pid = 0;
      // setsid: the script leads its own process group, which Ctrl-C signals as a whole.
      const done = collect("setsid", node, { env, onSpawn: (child) => (pid = child.pid!) });
      await waitUntil(() => existsSync(mark), "the slow ssh-keygen to start");
      process.kill(-pid, "SIGINT");
      const r = await done;
      expect([r.stdout, r.stderr, r.code]).toEqual(["SIGINT\nfailed\nnone left\n", "", 0]);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
