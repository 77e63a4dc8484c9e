// A process that dies without stopping its local commands (SIGKILL, the OOM killer): the keeper beside it stops
// their process groups, TERM and, 5 s later, KILL to what is left.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
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
async function killedWhileRunning(command: string, tag: string, env: NodeJS.ProcessEnv = {}): Promise<void> {
  const info = join(dir, `pid-${scripts++}`);
  const done = runScript(
    `
    const { writeFileSync } = await import("node:fs");
    writeFileSync(${JSON.stringify(info)}, String(process.pid));
    await core.run(${JSON.stringify(command)}, { echo: false });
  `,
    { env },
  );
  await waitUntil(() => pidsMatching(tag).length > 0, "the command to start");
  process.kill(Number(readFileSync(info, "utf8")), "SIGKILL");
  await done.catch(() => undefined);
}

describe("local commands of a process killed with SIGKILL", () => {
  it("are stopped, their children too; the keeper then removes its list", async () => {
    const tag = marker("orphan");
    const tmp = mkdtempSync(join(dir, "tmp-"));
    await killedWhileRunning(`sleep 300 & sleep 301; : ${tag}`, tag, { TMPDIR: tmp });
    expect(await waitGone(tag, 10_000)).toEqual([]);
    const lists = () => readdirSync(tmp).filter((name) => name.startsWith("dk-groups-"));
    await waitUntil(() => lists().length === 0, "the keeper to remove its directory", 10_000);
  });

  it("are killed 5 s later when they ignore TERM", async () => {
    const tag = marker("orphan-term");
    await killedWhileRunning(`trap '' TERM; sleep 300; : ${tag}`, tag);
    await sleep(1500);
    expect(pidsMatching(tag).length).toBeGreaterThan(0);
    expect(await waitGone(tag, 15_000)).toEqual([]);
  }, 30_000);
});

describe("the keeper's list of groups (a file in a private directory of the process's temp directory)", () => {
  it("lists a running command's group at once, is emptied when none runs, and goes at exit", async () => {
    const tmp = mkdtempSync(join(dir, "tmp-"));
    const go = join(dir, `go-${scripts}`);
    const ran = join(dir, `ran-${scripts}`);
    const end = join(dir, `end-${scripts++}`);
    const tag = marker("listed");
    const done = runScript(
      `const { existsSync, readdirSync, writeFileSync } = await import("node:fs");
      await core.run(${JSON.stringify(`until [ -e ${go} ]; do sleep 0.05; done; : ${tag}`)}, { echo: false });
      writeFileSync(${JSON.stringify(ran)}, "");
      while (!existsSync(${JSON.stringify(end)})) await new Promise((resolve) => setTimeout(resolve, 20));
      // After core's own listener, and before the keeper can run (its pipe is still open): what the exit left.
      const lists = () => readdirSync(${JSON.stringify(tmp)}).filter((name) => name.startsWith("dk-groups-"));
      process.on("exit", () => console.log(lists()));`,
      { env: { TMPDIR: tmp } },
    );
    try {
      await waitUntil(() => pidsMatching(tag).length > 0, "the command to start");
      const pgid = execFileSync("ps", ["-o", "pgid=", "-p", String(pidsMatching(tag)[0])], { encoding: "utf8" }).trim();
      const [listDir] = readdirSync(tmp).filter((name) => name.startsWith("dk-groups-"));
      const list = join(tmp, listDir!, "groups");
      expect(statSync(join(tmp, listDir!)).mode & 0o777).toBe(0o700);
      expect(readFileSync(list, "utf8")).toBe(`+${pgid}\n`);
      writeFileSync(go, "");
      await waitUntil(() => existsSync(ran), "the command to end");
      expect(statSync(list).size).toBe(0);
      writeFileSync(end, "");
      expect(await done).toMatchObject({ code: 0, stdout: "[]\n" });
      expect(existsSync(join(tmp, listDir!))).toBe(false);
    } finally {
      for (const file of [go, end]) writeFileSync(file, "");
      await done.catch(() => undefined);
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe("local commands still running as their process exits", () => {
  it("are killed 5 s later when they ignore TERM; the list goes at the exit itself", async () => {
    const tmp = mkdtempSync(join(dir, "tmp-"));
    const tag = marker("exit-listed");
    const started = join(dir, `started-${scripts++}`);
    const command = `trap '' TERM; : >${started}; sleep 300; : ${tag}`;
    const r = await runScript(
      `const { existsSync, readdirSync } = await import("node:fs");
      void core.run(${JSON.stringify(command)}, { echo: false }).catch(() => {});
      while (!existsSync(${JSON.stringify(started)})) await new Promise((resolve) => setTimeout(resolve, 20));
      const lists = () => readdirSync(${JSON.stringify(tmp)}).filter((name) => name.startsWith("dk-groups-"));
      process.on("exit", () => console.log(lists()));
      process.exit(0);`,
      { env: { TMPDIR: tmp } },
    );
    expect(r).toMatchObject({ code: 0, stdout: "[]\n" });
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
