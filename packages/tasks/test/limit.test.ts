import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { dk } from "./helpers/dk.ts";
import { useFleet } from "./helpers/fleet.ts";
import { fixture, tempDir } from "./helpers/paths.ts";

const file = fixture("fleet");
const fleet = useFleet({ hosts: 4 });

// Runs the in-flight task: every host appends start/end lines to one log (the sandbox hosts share this machine's
// files).
async function inFlight(limit: string[], barrier: number) {
  const log = join(tempDir("dk-limit-"), "log");
  const result = await dk([
    "-f",
    file,
    ...limit,
    "in-flight",
    ...fleet.hostFlags(),
    "--log",
    log,
    "--barrier",
    String(barrier),
  ]);
  const events = existsSync(log) ? readFileSync(log, "utf8").trim().split("\n") : [];
  let running = 0;
  let most = 0;
  for (const event of events) {
    running += event.startsWith("start ") ? 1 : event.startsWith("end ") ? -1 : 0;
    most = Math.max(most, running);
  }
  return { result, events, most };
}

describe("dk --limit N: at most N hosts at once in every group call", () => {
  // Each host waits (bounded) until `barrier` hosts are in flight, so reaching the limit is certain, not a matter of
  // timing.
  it("--limit 2 keeps exactly 2 hosts in flight", async () => {
    const { result, events, most } = await inFlight(["--limit", "2"], 2);
    expect(result.code, result.stderr).toBe(0);
    expect(events.filter((event) => event.startsWith("timeout"))).toEqual([]);
    expect(events).toHaveLength(8);
    expect(most).toBe(2);
  });

  it("--limit=1 runs one host at a time, in order", async () => {
    const { result, events, most } = await inFlight(["--limit=1"], 1);
    expect(result.code, result.stderr).toBe(0);
    expect(most).toBe(1);
    expect(events).toEqual(fleet.sandbox.addresses.flatMap((address) => [`start ${address}`, `end ${address}`]));
  });

  it("without --limit, every host at once", async () => {
    const { result, events, most } = await inFlight([], 4);
    expect(result.code, result.stderr).toBe(0);
    expect(events.filter((event) => event.startsWith("timeout"))).toEqual([]);
    expect(most).toBe(4);
  });

  it.each([["0"], ["x"], ["-1"], ["1.5"], [""]])("--limit %j is a usage error: exit 2, nothing runs", async (value) => {
    const { result, events } = await inFlight([`--limit=${value}`], 1);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(
      `dk: --limit needs a positive whole number of hosts at once, got "${value}"`,
    );
    expect(result.stderr).toContain("Usage: dk ");
    expect(events).toEqual([]);
  });

  it("takes --transport after the task name as before it, over DEPLOYKIT_TRANSPORT", async () => {
    const log = join(tempDir("dk-transport-"), "log");
    const argv = ["-f", file, "in-flight", ...fleet.hostFlags(), "--log", log, "--barrier", "1", "--debug"];
    const env = { DEPLOYKIT_TRANSPORT: "native" };
    const result = await dk([...argv, "--transport", "openssh"], { env });
    expect(result.code, result.stderr).toBe(0);
    const chosen = result.stderr.split("\n").filter((line) => / transport /.test(line));
    expect(chosen).toHaveLength(fleet.sandbox.addresses.length);
    for (const line of chosen) expect(line).toMatch(/: transport openssh \(asked for\)$/);
    const bad = await dk([...argv, "--transport=ssh"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('\ndk: --transport needs auto, native or openssh, got "ssh"\n');
  });

  it("a bad DEPLOYKIT_TRANSPORT is a usage error before anything runs, as a bad --transport is", async () => {
    const log = join(tempDir("dk-transport-"), "log");
    const argv = ["-f", file, "in-flight", ...fleet.hostFlags(), "--log", log, "--barrier", "1"];
    const result = await dk(argv, { env: { DEPLOYKIT_TRANSPORT: "OpenSSH" } });
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe('dk: DEPLOYKIT_TRANSPORT needs auto, native or openssh, got "OpenSSH"');
    expect(existsSync(log)).toBe(false);
    const given = await dk(["--transport", "openssh", ...argv], { env: { DEPLOYKIT_TRANSPORT: "OpenSSH" } });
    expect(given.code, given.stderr).toBe(0);
  });

  it("--limit without a value is a usage error", async () => {
    const result = await dk(["-f", file, "--limit"]);
    expect(result.code).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe("dk: --limit needs a positive whole number of hosts at once");
  });

  it("is completed as a flag that takes a value: the word after it is not a task", async () => {
    const cwd = dirname(file);
    expect((await dk(["__complete"], { cwd })).stdout).toContain("--limit\n");
    expect((await dk(["__complete", "--limit"], { cwd })).stdout).toBe("");
    expect((await dk(["__complete", "--limit", "2"], { cwd })).stdout.split("\n").slice(0, 3)).toEqual([
      "in-flight",
      "report",
      "stream",
    ]);
    expect((await dk(["__complete", "--limit", "2", "report"], { cwd })).stdout).toContain("--hosts\n");
  });
});
