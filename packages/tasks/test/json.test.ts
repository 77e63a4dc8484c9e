import { describe, expect, it } from "vitest";
import { dk } from "./helpers/dk.ts";
import { useFleet } from "./helpers/fleet.ts";
import { fixture } from "./helpers/paths.ts";

const file = fixture("fleet");
const fleet = useFleet({ hosts: 3 });

type Document = {
  ok: boolean;
  exitCode: number;
  task: string;
  hosts: {
    host: string;
    ok: boolean;
    exitCode: number | null;
    durationMs: number;
    error: string | null;
    output: { stdout: string[]; stderr: string[]; truncated: boolean };
  }[];
};

// dk's own flags, then the report task's flags.
const report = (globals: string[], ...flags: string[]) =>
  dk(["-f", file, ...globals, "report", ...fleet.hostFlags(), ...flags]);

describe("dk --json TASK: one JSON document of per-host results on stdout", () => {
  it("matches what happened on each host, one of three failing; human output goes to stderr", async () => {
    const [a, b, c] = fleet.sandbox.addresses as [string, string, string];
    const result = await report(["--json"], "--fail", b, "--lines", "2");
    // One command failed: dk exits with its code, as invoke does.
    expect(result.code).toBe(3);
    const doc = JSON.parse(result.stdout) as Document;
    expect(doc).toMatchObject({ ok: false, exitCode: 3, task: "report", result: null });
    expect(doc.hosts.map((host) => [host.host, host.ok, host.exitCode])).toEqual([
      [a, true, 0],
      [b, false, 3],
      [c, true, 0],
    ]);
    for (const host of doc.hosts) {
      expect(host.output).toEqual({
        stdout: [`out-${host.host}`, "1", "2"],
        stderr: [`err-${host.host}`],
        truncated: false,
      });
      expect(host.durationMs).toBeGreaterThan(0);
    }
    expect(doc.hosts[1]!.error).toMatch(new RegExp(`failed with exit code 3: err-${b.replaceAll(".", "\\.")}$`));
    expect([doc.hosts[0]!.error, doc.hosts[2]!.error]).toEqual([null, null]);
    // Tagged lines, the summary table and dk's report, all on stderr.
    expect(result.stderr).toContain(`[${a}] out-${a}\n`);
    expect(result.stderr).toMatch(
      new RegExp(`^${b.replaceAll(".", "\\.")} +failed +3 +[\\d.]+s +failed with exit code 3`, "m"),
    );
    expect(result.stderr).toContain(`dk: task "report" failed`);
  });

  it("is ok with exit code 0 when every host succeeds", async () => {
    const result = await report(["--json"]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as Document;
    expect(doc.ok).toBe(true);
    expect(doc.exitCode).toBe(0);
    expect(doc.hosts.every((host) => host.ok && host.exitCode === 0 && host.error === null)).toBe(true);
  });

  it("keeps only the last 200 lines per stream, and says so", async () => {
    const result = await report(["--json"], "--lines", "250");
    const doc = JSON.parse(result.stdout) as Document;
    const { stdout, truncated } = doc.hosts[0]!.output;
    expect(stdout).toHaveLength(200);
    expect([stdout[0], stdout.at(-1), truncated]).toEqual(["51", "250", true]);
  });
});

describe("dk --json TASK when the task calls process.exit", () => {
  it("writes the document with the hosts it ran on and that exit code; summary and own line go to stderr", async () => {
    const [a, b, c] = fleet.sandbox.addresses as [string, string, string];
    const result = await dk([
      "-f",
      fixture("json-fleet"),
      "--json",
      "run-then-exit",
      ...fleet.hostFlags(),
      "--fail",
      b,
      "--code",
      "4",
    ]);
    expect(result.code).toBe(4);
    const doc = JSON.parse(result.stdout) as Document;
    expect(doc).toMatchObject({ ok: false, exitCode: 4, task: "run-then-exit" });
    expect(doc.hosts.map((host) => [host.host, host.exitCode, host.output.stdout])).toEqual([
      [a, 0, [`out-${a}`]],
      [b, 3, [`out-${b}`]],
      [c, 0, [`out-${c}`]],
    ]);
    expect(result.stderr).toContain("exiting\n");
    expect(result.stderr).toMatch(/^3 hosts: /m);
  });
});

describe("the summary at the end of a task, without --json", () => {
  it("prints tagged lines as is if stdout is no terminal, then a table and the failed host's last lines", async () => {
    const [a, b] = fleet.sandbox.addresses as [string, string];
    const result = await report([], "--fail", b);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`[${a}] out-${a}\n`);
    const table = result.stdout.slice(result.stdout.indexOf("\nhost ") + 1).split("\n");
    expect(table[0]).toMatch(/^host +result +exit +duration$/);
    expect(table.slice(1, 4).map((line) => line.split(/ +/).slice(0, 3))).toEqual(
      fleet.sandbox.addresses.map((host) => [host, host === b ? "failed" : "ok", host === b ? "3" : "0"]),
    );
    expect(table[4]).toBe("3 hosts: 2 ok, 1 failed");
    expect(table.slice(5, 9)).toEqual(["", `last lines of ${b}:`, `  out-${b}`, `  err-${b}`]);
    expect(result.stderr).toContain(`[${b}] err-${b}`);
  });

  it("is printed also when the task ends with process.exit", async () => {
    const result = await dk(["-f", fixture("json-fleet"), "run-then-exit", ...fleet.hostFlags(), "--code", "0"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\nexiting\n\nhost +result +exit +duration\n(.*\n){3}3 hosts: 3 ok, 0 failed\n$/);
  });

  it("is left out when the task ran commands only on this machine", async () => {
    const result = await dk(["-f", fixture("core"), "say", "--text", "hi"]);
    expect(result.stdout).toBe("[localhost] $ echo hi\n[localhost] hi\n");
  });
});
