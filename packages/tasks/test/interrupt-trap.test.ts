import { spawnSync } from "node:child_process";
import { waitUntil } from "@deploykit/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { useFleet } from "./helpers/fleet.ts";
import { fixture } from "./helpers/paths.ts";

// Ctrl-C (and SIGTERM) stop the commands running then, and dk shows what they say as they stop (a trap's cleanup)
// before its summary: locally, and on hosts over either transport (over ssh, the client is not killed first).
const fleet = useFleet({ hosts: 2 });
beforeAll(ensureBuilt, BUILD_HOOK_MS);
const file = fixture("trap");
const left = (marker: string) => spawnSync("pgrep", ["-f", `: ${marker}`], { encoding: "utf8" }).stdout.trim();

async function interrupted(args: string[], started: number, signal: NodeJS.Signals) {
  const r = await dk(["-f", file, ...args], {
    onOutput: {
      text: (out) => out.match(/^\[[^\]]+\] started$/gm)?.length === started,
      act: (c) => void c.kill(signal),
    },
    timeoutMs: 30_000,
  });
  return r;
}

describe("after Ctrl-C", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s: a local command's trap is shown, once, and dk exits %i", async (signal, code) => {
    const marker = `dk-trap-local-${signal}-${process.pid}`;
    const r = await interrupted(["local", "--marker", marker], 1, signal);
    expect(r.code, r.stderr).toBe(code);
    const after = r.stdout.slice(r.stdout.indexOf("[localhost] started"));
    expect(after).toContain("[localhost] cleaning up\n[localhost] cleaned\n");
    expect(after.match(/cleaning up/g)).toHaveLength(1);
    await waitUntil(() => left(marker) === "", "the command to be gone");
  });

  it.each(["native", "openssh"])("over %s: each host's trap is shown before the summary", async (transport) => {
    const marker = `dk-trap-${transport}-${process.pid}`;
    const args = ["remote", "--transport", transport, ...fleet.hostFlags(), "--marker", marker];
    const r = await interrupted(args, 2, "SIGINT");
    expect(r.code, r.stderr).toBe(130);
    const table = r.stdout.indexOf("\nhost ");
    expect(table, r.stdout).toBeGreaterThan(0);
    for (const address of fleet.sandbox.addresses) {
      const said = r.stdout.indexOf(`[${address}] cleaned\n`);
      expect(said, r.stdout).toBeGreaterThan(r.stdout.indexOf(`[${address}] cleaning up\n`));
      expect(said, r.stdout).toBeLessThan(table);
    }
    expect(r.stdout).toMatch(/^2 hosts: 0 ok, 0 failed, 2 stopped$/m);
    await waitUntil(() => left(marker) === "", "the remote commands to be gone");
  });
});
