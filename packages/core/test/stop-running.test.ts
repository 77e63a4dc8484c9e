import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntil } from "@deploykit/sandbox";
import { afterAll, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { Group } from "../src/group.ts";
import { GroupError } from "../src/group-error.ts";
import { Host } from "../src/host.ts";
import { isStop } from "../src/is-stop.ts";
import { run } from "../src/run.ts";
import { stopRunning } from "../src/run/stop-running.ts";

// stopRunning: what dk does at Ctrl-C to the commands running then.
const dir = mkdtempSync(join(tmpdir(), "dk-stop-running-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const quiet = { stdout: "pipe", stderr: "pipe", echo: false } as const;

describe("stopRunning", () => {
  it("stops each command running as an abort would, output kept, and settles once all are gone", async () => {
    const marker = `dk-stop-running-${process.pid}`;
    const started = [join(dir, "a"), join(dir, "b")];
    const errors = started.map((file) =>
      run(`trap 'echo bye; exit 3' TERM; touch ${file}; sleep 30 & wait; : ${marker}`, quiet).then(
        () => undefined,
        (error: unknown) => error,
      ),
    );
    await waitUntil(() => started.every((file) => existsSync(file)), "both commands to start");
    await stopRunning();
    // Ended, with what they started: nothing of theirs is left to wait for.
    expect(spawnSync("pgrep", ["-f", `: ${marker}`], { encoding: "utf8" }).stdout).toBe("");
    for (const failed of await Promise.all(errors)) {
      expect(failed).toBeInstanceOf(CommandError);
      expect(failed).toMatchObject({ interrupted: true, exitCode: 130, stdout: "bye\n" });
    }
  });

  it("leaves commands started afterwards be, and settles at once with nothing running", async () => {
    let settled = false;
    await stopRunning().then(() => (settled = true));
    expect(settled).toBe(true);
    const stopping = stopRunning();
    expect((await run("sleep 0.2; echo later", quiet)).stdout).toBe("later\n");
    await stopping;
  });

  it("keeps a group call under way from starting the hosts whose turn has not come", async () => {
    const marker = `dk-stop-group-${process.pid}`;
    const group = new Group(["web1", "web2", "web3"].map((name) => new Host(name)));
    const ran: string[] = [];
    const call = group
      .runFunction(
        async (host) => {
          ran.push(host.hostname);
          await run(`touch ${join(dir, host.hostname)}; sleep 30 & wait; : ${marker}`, quiet);
        },
        { concurrency: 1 },
      )
      .catch((error: unknown) => error);
    await waitUntil(() => existsSync(join(dir, "web1")), "the first host's command to start");
    await stopRunning();
    const error = await call;
    expect(ran).toEqual(["web1"]);
    expect(error).toBeInstanceOf(GroupError);
    const failed = (error as GroupError).failed;
    expect(failed.map((r) => [r.host.hostname, isStop(r.error)])).toEqual([
      ["web1", true],
      ["web2", true],
      ["web3", true],
    ]);
    expect(String(failed[1]!.error)).toContain("not started: the run was stopped before this host's turn");
    // A group call made after the stop (a task's clean-up) runs on every host.
    const later = await group.runFunction((host) => host.hostname, { concurrency: 1 });
    expect(later.map((r) => r.result)).toEqual(["web1", "web2", "web3"]);
  });
});
