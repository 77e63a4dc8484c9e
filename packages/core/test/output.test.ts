import { waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { colorEnabled } from "../src/output/colors.ts";
import { runScript } from "./helpers/script.ts";

describe("printed output", () => {
  it("echoes the command, then tags each stdout and stderr line with the host", async () => {
    const r = await runScript(`await core.run("echo out; echo err >&2");`);
    expect(r.stdout).toBe("[localhost] $ echo out; echo err >&2\n[localhost] out\n");
    expect(r.stderr).toBe("[localhost] err\n");
  });

  it("holds a partial line until its newline, and prints a last line without one", async () => {
    const r = await runScript(`await core.run("printf a; sleep 0.2; printf 'b\\\\nc'");`);
    expect(r.stdout).toBe("[localhost] $ printf a; sleep 0.2; printf 'b\\nc'\n[localhost] ab\n[localhost] c\n");
  });

  it("joins a multi-byte character split across reads and survives invalid UTF-8", async () => {
    const r = await runScript(
      `await core.run("printf '\\\\303'; sleep 0.2; printf '\\\\251\\\\n'; printf '\\\\377\\\\376 bad\\\\n'");`,
    );
    const lines = r.stdout.split("\n");
    expect(lines[1]).toBe("[localhost] é");
    expect(lines[2]).toBe("[localhost] \uFFFD\uFFFD bad");
    expect(r.code).toBe(0);
  });

  it("never mixes lines of parallel hosts, and keeps each host's order", async () => {
    const r = await runScript(`
      const hosts = [1, 2, 3, 4, 5].map((i) => new core.Host("h" + i));
      // One process writes all lines (no fork per line), in block-buffered chunks that split lines.
      await new core.Group(hosts).runLocal(
        "awk 'BEGIN { p = sprintf(\\"%0200d\\", 0); for (i = 1; i <= 2000; i++) print \\"line \\" i \\" \\" p }'",
      );
    `);
    const pad = "0".repeat(200);
    const lines = r.stdout.split("\n").filter((l) => !l.includes("$ awk"));
    lines.pop();
    expect(lines).toHaveLength(5 * 2000);
    const next = new Map<string, number>();
    for (const line of lines) {
      const m = /^\[(h\d)\] line (\d+) (0+)$/.exec(line);
      expect(m, line.slice(0, 80)).not.toBeNull();
      expect(m![3]).toBe(pad);
      const expected = (next.get(m![1]!) ?? 0) + 1;
      expect(Number(m![2])).toBe(expected);
      next.set(m![1]!, expected);
    }
  });

  it("shows a \\r-redrawn progress line as a terminal would end up showing it, and captures it unchanged", async () => {
    const r = await runScript(`
      await core.run("printf 'get 10%%\\\\rget 50%%\\\\rget 100%%\\\\n'");
      const c = await core.run("printf 'a\\\\rb\\\\n'", { stdout: "pipe" });
      console.log(JSON.stringify(c.stdout));
    `);
    expect(r.stdout.split("\n")[1]).toBe("[localhost] get 100%");
    expect(r.stdout).toContain('"a\\rb\\n"');
  });

  it("leaves out the command echo with echo: false", async () => {
    const r = await runScript(`await core.run("echo quiet", { echo: false });`);
    expect(r.stdout).toBe("[localhost] quiet\n");
  });

  it("colours tags per host, green first, only when asked", async () => {
    const script = `for (const h of ["a", "b"]) await new core.Host(h).runLocal("echo x");`;
    const coloured = await runScript(script, { env: { NO_COLOR: undefined, FORCE_COLOR: "1" } });
    expect(coloured.stdout).toContain("\x1b[32m[a]\x1b[39m x");
    expect(coloured.stdout).toContain("\x1b[36m[b]\x1b[39m x");
    const plain = await runScript(script, { env: { NO_COLOR: "1" } });
    expect(plain.stdout).not.toContain("\x1b[");
    const piped = await runScript(script, { env: { NO_COLOR: undefined } });
    expect(piped.stdout).not.toContain("\x1b[");
  });

  it("reads FORCE_COLOR as Node does: 0 or false turns colour off, even on a terminal", () => {
    const tty = { isTTY: true };
    expect(colorEnabled(tty, {})).toBe(true);
    for (const off of ["0", "false"]) expect(colorEnabled(tty, { FORCE_COLOR: off }), off).toBe(false);
    for (const on of ["", "1", "2", "3", "true"]) expect(colorEnabled({}, { FORCE_COLOR: on }), on).toBe(true);
    expect(colorEnabled(tty, { NO_COLOR: "1" })).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: "1", FORCE_COLOR: "1" })).toBe(true);
  });

  it("warns about a failed command when check is false", async () => {
    const r = await runScript(
      `const res = await core.run("exit 4", { check: false }); console.log("code", res.exitCode);`,
    );
    expect(r.stderr).toBe("[localhost] [Command failed: 4] exit 4\n");
    expect(r.stdout).toContain("code 4");
  });

  it("names a failed command of many lines by its first, on one tagged line", async () => {
    const r = await runScript(`await core.run("true\\nexit 4", { check: false, echo: false });`);
    expect(r.stderr).toBe("[localhost] [Command failed: 4] true …\n");
  });

  it("says it is still waiting when a command is silent", async () => {
    const r = await runScript(`await core.run("sleep 0.9; echo done");`, {
      env: { DEPLOYKIT_WAITING_NOTICE_MS: "250" },
    });
    expect(r.stderr).toContain("[localhost] still waiting for 'sleep 0.9; echo done' to finish... (00:00:00 elapsed)");
    expect(r.stderr.split("\n").filter(Boolean).length).toBeGreaterThanOrEqual(2);
  });

  it("names a long silent command by its first 200 characters", async () => {
    const long = `sleep 0.6 ${"#".repeat(300)}`;
    const r = await runScript(`await core.run(${JSON.stringify(long)}, { echo: false });`, {
      env: { DEPLOYKIT_WAITING_NOTICE_MS: "250" },
    });
    const first = r.stderr.split("\n")[0];
    expect(first).toBe(`[localhost] still waiting for '${long.slice(0, 200)}…' to finish... (00:00:00 elapsed)`);
  });

  it("keeps the waiting notice of a command of many lines to one tagged line", async () => {
    const r = await runScript(`await core.run("sleep 0.6\\necho done", { echo: false });`, {
      env: { DEPLOYKIT_WAITING_NOTICE_MS: "250" },
    });
    const lines = r.stderr.split("\n").filter(Boolean);
    expect(lines[0]).toBe("[localhost] still waiting for 'sleep 0.6 …' to finish... (00:00:00 elapsed)");
    expect(
      lines.every((line) => line.startsWith("[localhost] still waiting")),
      r.stderr,
    ).toBe(true);
  });

  it("prints instead of running after configure({ dryRun: true }), unless a call says dryRun: false", async () => {
    const r = await runScript(
      `core.configure({ dryRun: true }); console.log("dry " + core.isDryRun());` +
        ` await core.run("echo should-not-run"); await core.run("echo runs", { dryRun: false, echo: false });`,
    );
    expect(r.stdout).toBe("dry true\n[localhost] $ echo should-not-run  (dry run)\n[localhost] runs\n");
  });

  it("passes Ctrl-C on to the commands it started, and dies of it", async () => {
    let pid = 0;
    const tag = `dk-sigint-${process.pid}-${Date.now()}`;
    const done = runScript(`await core.run("sleep 60; : ${tag}");`, { onSpawn: (p) => (pid = p) });
    const { waitGone, pidsMatching } = await import("./helpers/processes.ts");
    await waitUntil(() => pidsMatching(tag).length > 0, "the command to start");
    // tsx passes the signal on to its node child, as a terminal's Ctrl-C would reach it.
    process.kill(pid, "SIGINT");
    const r = await done;
    expect(r.code === 130 || r.signal === "SIGINT").toBe(true);
    expect(await waitGone(tag)).toEqual([]);
  });
});
