// examples/basic.ts run as the README says (tsx, no hosts: it starts three sandbox hosts), from a directory whose
// path has a space: every step prints, and the failing group call ends in the GroupError it shows.
import { cpSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { collect, freePort } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { packageDir, tempDir } from "./helpers/paths.ts";

const root = join(packageDir, "..", "..");

describe("examples/basic.ts", () => {
  it(
    "runs as a script, also from a path with a space, on the sandbox hosts it starts",
    { timeout: 120_000 },
    async () => {
      const dir = tempDir("basic example ");
      cpSync(join(root, "examples", "basic.ts"), join(dir, "basic.ts"));
      writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
      symlinkSync(join(root, "examples", "node_modules"), join(dir, "node_modules"));
      const run = await collect(join(root, "node_modules", ".bin", "tsx"), [join(dir, "basic.ts")], {
        env: { ...process.env, NO_COLOR: "1" },
        timeoutMs: 100_000,
      });
      expect(run.code).toBe(0);
      // On stderr only the notices of the run with check: false, one per host.
      expect(run.stderr.split("\n").sort()).toEqual([
        "",
        ...[2, 3, 4].map((n) => `[127.0.0.${n}] [Command failed: 1] false`),
      ]);
      expect(run.stdout).toMatch(/^\[localhost\] \$ hostname\n/);
      // The filtered call runs on the first host alone, and says which one it is.
      expect(run.stdout.match(/\] only on .*/g)).toEqual([expect.stringMatching(/^\] only on 127\.0\.0\.2 \(/)]);
      expect(run.stdout).toContain(
        "3 of 3 hosts failed:\n  127.0.0.2, 127.0.0.3, 127.0.0.4: `sh -c 'exit 3'` failed with exit code 3\n",
      );
    },
  );

  it("stopped by Ctrl-C, exits 130 and leaves nothing of its sandbox", { timeout: 120_000 }, async () => {
    const tmp = tempDir("basic-ctrl-c-");
    let pid = 0;
    // setsid: the script leads its own process group, which Ctrl-C signals as a whole; once the hosts run commands.
    const run = await collect(
      "setsid",
      [join(root, "node_modules", ".bin", "tsx"), join(root, "examples", "basic.ts")],
      {
        env: { ...process.env, NO_COLOR: "1", TMPDIR: tmp },
        timeoutMs: 100_000,
        onSpawn: (child) => (pid = child.pid!),
        onOutput: { text: "[127.0.0.2] $ hostname\n", act: () => process.kill(-pid, "SIGINT") },
      },
    );
    expect(run.code).toBe(130);
    // The sandbox's sshd end with their owner in any case; its directory must go with it, not at a later start.
    expect(readdirSync(tmp).filter((name) => name.startsWith("dk-"))).toEqual([]);
  });

  it("on a host that does not answer, says which and why in a line, and exits 1", { timeout: 120_000 }, async () => {
    const port = await freePort("127.0.0.1");
    const basic = join(root, "examples", "basic.ts");
    const run = await collect(join(root, "node_modules", ".bin", "tsx"), [basic, `127.0.0.1:${port}`], {
      env: { ...process.env, NO_COLOR: "1" },
      timeoutMs: 100_000,
    });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").filter((line) => !line.startsWith("[127.0.0.1] "))).toEqual([
      "basic.ts: 1 host failed:",
      `  127.0.0.1: ssh failed: ssh: connect to host 127.0.0.1 port ${port}: Connection refused: nothing accepts ssh ` +
        "connections on that port; is sshd running there, and is the port right?",
      "",
    ]);
  });
});
