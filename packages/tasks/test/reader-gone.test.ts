// `dk … | head`: once the reader of dk's output goes away, dk stops as SIGPIPE would have stopped it: the commands,
// local and remote, are stopped, and dk exits 141.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { collect, waitUntil } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { dk } from "./helpers/dk.ts";
import { useFleet } from "./helpers/fleet.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";
import { alive } from "./helpers/alive.ts";

const fleet = useFleet({ hosts: 2 });

type Child = { stdout: { destroy(): void } | null };
// What `… | head` does: read until `text` has come, then close the pipe.
const head = (text: string | ((stdout: string) => boolean)) => ({
  text,
  act: (child: Child) => child.stdout?.destroy(),
});

describe("when the reader of dk's output goes away", () => {
  it("stops an endless local command and exits 141", async () => {
    const pidFile = join(tempDir("dk-reader-"), "pid");
    const result = await dk(["-f", fixture("exits"), "endless", "--pid-file", pidFile], { onOutput: head("tick\n") });
    expect(result.code).toBe(141);
    expect(result.stderr).toBe("dk: the reader of its output went away; stopping the commands on localhost\n");
    const pid = Number(readFileSync(pidFile, "utf8"));
    await waitUntil(() => !alive(pid), "the local command to be gone", 10_000);
  });

  it("with stderr on the same pipe (`2>&1 | head`): its notice finds no reader either, and it exits 141", async () => {
    const pidFile = join(tempDir("dk-reader-"), "pid");
    const dkArgs = [dkBin, "-f", fixture("exits"), "endless", "--pid-file", pidFile];
    const env = { ...process.env, NO_COLOR: "1", DK_CACHE_DIR: tempDir("dk-cache-") };
    const both = ["-c", 'exec "$0" "$@" 2>&1', process.execPath, ...dkArgs];
    const result = await collect("sh", both, { env, onOutput: head("tick\n") });
    expect(result.code).toBe(141);
    const pid = Number(readFileSync(pidFile, "utf8"));
    await waitUntil(() => !alive(pid), "the local command to be gone", 10_000);
  });

  it("stops the endless commands on every host", async () => {
    const dir = tempDir("dk-reader-");
    const args = ["-f", fixture("fleet"), "endless", ...fleet.hostFlags(), "--dir", dir];
    const hosts = fleet.sandbox.addresses;
    const everyHost = (stdout: string) => hosts.every((h) => stdout.includes(`[${h}] tick\n`));
    const result = await dk(args, { onOutput: head(everyHost), timeoutMs: 60_000 });
    expect(result.code).toBe(141);
    expect(result.stderr).toMatch(/^dk: the reader of its output went away; stopping the commands on /);
    expect(hosts.every((h) => existsSync(join(dir, h)))).toBe(true);
    const pids = readdirSync(dir).map((name) => Number(readFileSync(join(dir, name), "utf8")));
    expect(pids).toHaveLength(hosts.length);
    await waitUntil(() => pids.every((pid) => !alive(pid)), "every remote command to be gone", 15_000);
  });
});
