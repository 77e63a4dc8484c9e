// A process that dies without stopping its local commands (SIGKILL, the OOM killer): the keeper beside it stops
// their process groups, TERM and, 5 s later, KILL to what is left.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { waitUntil } from "@deploykit/sandbox";
import { afterAll, describe, expect, it } from "vitest";
import { marker, pidsMatching, waitGone } from "../helpers/processes.ts";
import { runScript } from "../helpers/script.ts";

const dir = mkdtempSync(join(tmpdir(), "dk-orphans-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let scripts = 0;

// Starts `command` (which names `tag`) locally in a child process, then SIGKILLs that process once it runs.
async function killedWhileRunning(command: string, tag: string): Promise<void> {
  const info = join(dir, `pid-${scripts++}`);
  const done = runScript(
    `
    const { writeFileSync } = await import("node:fs");
    writeFileSync(${JSON.stringify(info)}, String(process.pid));
    await core.run(${JSON.stringify(command)}, { echo: false });
  `,
  );
  await waitUntil(() => pidsMatching(tag).length > 0, "the command to start");
  process.kill(Number(readFileSync(info, "utf8")), "SIGKILL");
  await done.catch(() => undefined);
}

describe("local commands of a process killed with SIGKILL", () => {
  it("are stopped, their children too", async () => {
    const tag = marker("orphan");
    await killedWhileRunning(`sleep 300 & sleep 301; : ${tag}`, tag);
    expect(await waitGone(tag, 10_000)).toEqual([]);
  });

  it("are killed 5 s later when they ignore TERM", async () => {
    const tag = marker("orphan-term");
    await killedWhileRunning(`trap '' TERM; sleep 300; : ${tag}`, tag);
    await sleep(1500);
    expect(pidsMatching(tag).length).toBeGreaterThan(0);
    expect(await waitGone(tag, 15_000)).toEqual([]);
  }, 30_000);
});

describe("the keeper's list of groups", () => {
  it("lists a running command's group at once, is emptied when none runs, and has no name", async () => {
    const tmp = mkdtempSync(join(dir, "tmp-"));
    const go = join(dir, `go-${scripts}`);
    const started = join(dir, `started-${scripts++}`);
    const command =
      `ps -o pgid= -p $$ >${started}.new; mv ${started}.new ${started}; ` + `until [ -e ${go} ]; do sleep 0.05; done`;
    // The list as this process holds it: the one descriptor of a file that was in a dk-groups- directory.
    const r = await runScript(
      `const { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } = await import("node:fs");
      const link = (fd) => { try { return readlinkSync("/proc/self/fd/" + fd); } catch { return ""; } };
      const fds = () => readdirSync("/proc/self/fd").filter((fd) => link(fd).includes("/dk-groups-"));
      const running = core.run(${JSON.stringify(command)}, { echo: false });
      while (!existsSync(${JSON.stringify(started)})) await new Promise((resolve) => setTimeout(resolve, 20));
      const read = () => readFileSync("/proc/self/fd/" + fds()[0], "utf8");
      const named = readdirSync(${JSON.stringify(tmp)}).filter((name) => name.startsWith("dk-"));
      const group = readFileSync(${JSON.stringify(started)}, "utf8").trim();
      console.log(JSON.stringify({ fds: fds().length, list: read(), group, named }));
      writeFileSync(${JSON.stringify(go)}, "");
      await running;
      console.log(JSON.stringify({ list: read() }));`,
      { env: { TMPDIR: tmp } },
    );
    rmSync(tmp, { recursive: true, force: true });
    expect(r.code).toBe(0);
    const [during, after] = r.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(during).toEqual({ fds: 1, list: `+${during.group}\n`, group: expect.stringMatching(/^\d+$/), named: [] });
    expect(after).toEqual({ list: "" });
  });
});

describe("local commands still running as their process exits", () => {
  it("are killed 5 s later when they ignore TERM", async () => {
    const tag = marker("exit-listed");
    const started = join(dir, `started-${scripts++}`);
    const command = `trap '' TERM; : >${started}; sleep 300; : ${tag}`;
    const r = await runScript(
      `const { existsSync } = await import("node:fs");
      void core.run(${JSON.stringify(command)}, { echo: false }).catch(() => {});
      while (!existsSync(${JSON.stringify(started)})) await new Promise((resolve) => setTimeout(resolve, 20));
      process.exit(0);`,
    );
    expect(r).toMatchObject({ code: 0 });
    expect(pidsMatching(tag).length, "it outlives the exit's TERM").toBeGreaterThan(0);
    expect(await waitGone(tag, 15_000)).toEqual([]);
  }, 30_000);
});

describe("local commands of a process whose environment has TMOUT (a hardened login exports it)", () => {
  it("run longer than TMOUT's seconds: the keeper's read of its pipe does not end then, stopping them", async () => {
    const r = await runScript(
      `process.stdout.write((await core.run("sleep 2; echo ran", { stdout: "pipe", echo: false })).stdout)`,
      {
        env: { TMOUT: "1" },
      },
    );
    expect(r).toMatchObject({ code: 0, stdout: "ran\n" });
  });
});
