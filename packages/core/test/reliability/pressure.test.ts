import { describe, expect, it } from "vitest";
import { runScript } from "../helpers/script.ts";

// Lowers this script's own limit on open files to what it holds now plus `spare` (after every import is done).
const LIMIT_FILES = (spare: number) => `
  import { readdirSync } from "node:fs";
  import { spawnSync } from "node:child_process";
  const open = readdirSync("/proc/self/fd").length;
  const limited = spawnSync("prlimit", [
    "--pid",
    String(process.pid),
    "--nofile=" + (open + ${spare}) + ":" + (open + ${spare}),
  ]);
  if (limited.status !== 0) throw new Error("prlimit failed: " + limited.stderr);
  const hosts = Array.from({ length: 30 }, (_, i) => new core.Host("h" + i));
`;

describe("file descriptors running out", () => {
  it("backs off below the limit instead of failing: 30 hosts with room for a few commands at a time", async () => {
    const r = await runScript(
      `${LIMIT_FILES(14)}
      const results = await new core.Group(hosts).runLocal("sleep 0.1; echo hi", { echo: false, stdout: "pipe" });
      console.log("OK " + results.filter((r) => r.ok && r.result.stdout === "hi\\n").length);
    `,
      { timeoutMs: 60_000 },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("OK 30");
  });

  it("too low for even one command on any host: one line for all of them in the GroupError", async () => {
    const r = await runScript(
      `${LIMIT_FILES(1)}
      const error = await new core.Group(hosts).runLocal("echo hi", { echo: false }).catch((e) => e);
      console.log(JSON.stringify(error.message));
    `,
      { timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const message = JSON.parse(r.stdout) as string;
    expect(message.split("\n")).toHaveLength(2);
    expect(message).toMatch(
      /^30 of 30 hosts failed:\n {2}h0, h1, h2 and 27 more: `echo hi` could not start: too many open files/,
    );
  });

  it("too low for even one command: one clear error naming the limit and the fix, no stack", async () => {
    const r = await runScript(
      `${LIMIT_FILES(1)}
      const error = await core.run("echo hi", { echo: false }).catch((e) => e);
      console.log("MESSAGE " + error.message);
      console.log("STACKLESS " + !/\\n\\s+at /.test(error.message));
    `,
      { timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    const message = /MESSAGE (.*)/.exec(r.stdout)?.[1] ?? "";
    expect(message).toMatch(/^`echo hi` could not start: too many open files \(this process may open \d+: ulimit -n\)/);
    expect(message).toMatch(
      /raise the limit \(e\.g\. `ulimit -n 4096`\) or run fewer hosts at once \(`concurrency`, `dk --limit`\)$/,
    );
    expect(r.stdout).toContain("STACKLESS true");
  });
});

describe("a slow reader of the output", () => {
  it("waits for it with one listener, whatever the number of hosts: no MaxListenersExceededWarning", async () => {
    const r = await runScript(
      `
      import { Writable } from "node:stream";
      const warnings = [];
      process.on("warning", (w) => warnings.push(w.name));
      let bytes = 0;
      const slow = new Writable({
        highWaterMark: 256,
        write(chunk, _encoding, done) {
          bytes += chunk.length;
          setTimeout(done, 1);
        },
      });
      core.setPrinter(core.createPrinter(slow, slow));
      const hosts = Array.from({ length: 20 }, (_, i) => new core.Host("h" + i));
      await new core.Group(hosts).runLocal("seq 1 50; seq 1 50 >&2", { echo: false });
      console.log(
        "WARNINGS " + JSON.stringify(warnings) + " LISTENERS " + slow.listenerCount("drain") + " BYTES " + bytes,
      );
    `,
      { timeoutMs: 60_000 },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("WARNINGS [] LISTENERS 0");
    // Every line reached the slow reader: 20 hosts × 100 lines, each "[hN] n\\n".
    expect(Number(/BYTES (\d+)/.exec(r.stdout)?.[1])).toBeGreaterThan(20 * 100 * 6);
  });
});
