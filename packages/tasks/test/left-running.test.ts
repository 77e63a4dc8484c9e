import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dk } from "./helpers/dk.ts";
import { useFleet } from "./helpers/fleet.ts";
import { fixture, tempDir } from "./helpers/paths.ts";

const file = fixture("left-running");
const fleet = useFleet({ hosts: 1 });
const note = (task: string, host: string) =>
  `dk: task "${task}" returned while a command it started still runs (on ${host}; a missing await?): waiting for it\n`;

// What each test's task left running prints "finished late" once it ran; the run must not end before it does.
describe("a task that returns while a command it started has not started running yet", () => {
  it.each(["native", "openssh"])("a remote command still connecting (--transport %s): named, waited for", async (t) => {
    const address = fleet.sandbox.addresses[0]!;
    const ok = await dk(["-f", file, "--transport", t, "remote", ...fleet.hostFlags()], { timeoutMs: 60_000 });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`[${address}] finished late\n`);
    expect(ok.stderr).toContain(note("remote", address));
    const failing = await dk(["-f", file, "--transport", t, "remote", ...fleet.hostFlags(), "--exit", "3"], {
      timeoutMs: 60_000,
    });
    expect(failing.code, failing.stderr).toBe(3);
    expect(failing.stderr).toContain(note("remote", address));
    expect(failing.stderr).toContain('dk: task "remote" failed (unhandled rejection): ');
  });

  it("a local command whose input file is still being opened", async () => {
    const input = join(tempDir("dk-left-running-"), "input");
    writeFileSync(input, "read in full\n");
    const result = await dk(["-f", file, "input", "--file", input], { timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("[localhost] read in full\n[localhost] finished late\n");
    expect(result.stderr).toContain(note("input", "localhost"));
  });

  it("a group call whose function has not reached its command: every host named, each command waited for", async () => {
    const result = await dk(["-f", file, "part"], { timeoutMs: 30_000 });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("[a] finished late\n");
    expect(result.stdout).toContain("[b] finished late\n");
    expect(result.stderr).toContain(
      'dk: task "part" returned while commands it started still run (on a, b; a missing await?): waiting for them\n',
    );
  });
});
