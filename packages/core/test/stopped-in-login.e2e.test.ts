// A run stopped while its session's shell is still starting (reading ~/.bashrc): the command must never start, as
// one stopped before its connection was up never does.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";
import { marker, waitGone } from "./helpers/processes.ts";

const fleet = useFleet({ hosts: 1 });
const quiet = { stdout: "pipe", stderr: "pipe", echo: false } as const;

// Makes the host's sessions sleep 2 s in ~/.bashrc while `flag` exists, first creating `started`.
function slowSessions(): { flag: string; started: string } {
  const home = fleet.sandbox.home;
  const [flag, started] = [join(home, "slow"), join(home, "slow.started")];
  rmSync(started, { force: true });
  writeFileSync(join(home, ".bashrc"), `if [ -e ${flag} ]; then : >${started}; sleep 2; fi\n`);
  return { flag, started };
}

describe("a run stopped while its session's shell reads ~/.bashrc", () => {
  it.each([
    ["the host's first connection", 0],
    ["a shared connection", 2],
  ])("never starts its command, over %s", async (_, before) => {
    const host = fleet.host();
    // OpenSSH shares a host's connection from its second command on, native from its first (and under a guardian).
    for (let i = 0; i < before; i++) await host.run("true", quiet);
    const { flag, started } = slowSessions();
    const ran = join(fleet.sandbox.home, `ran-${before}`);
    const tag = marker(`stopped-in-login-${before}`);
    const stop = new AbortController();
    writeFileSync(flag, "");
    const running = host.run(`touch ${ran}; : ${tag}`, { ...quiet, signal: stop.signal }).catch((e: unknown) => e);
    try {
      await waitUntil(() => existsSync(started), "the session to reach ~/.bashrc");
      stop.abort();
      expect(await running).toBeInstanceOf(CommandError);
      // The session's shell (its command line holds the tag) goes once past ~/.bashrc, without running the command.
      expect(await waitGone(tag)).toEqual([]);
      expect(existsSync(ran)).toBe(false);
    } finally {
      rmSync(flag, { force: true });
    }
  });
});
