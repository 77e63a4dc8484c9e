// A dead owner's /30 reservation is taken over by one process alone, however many try at the same moment.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { collect } from "../src/index.ts";

const source = JSON.stringify(new URL("../src/netns/reservations.ts", import.meta.url).pathname);
// Processes that race, and dead reservations they race for (each a chance to take one over twice).
const CLAIMERS = 4;
const SUBNETS = Array.from({ length: 16 * 64 }, (_, i) => `169.254.${10 + Math.floor(i / 64)}.${(i % 64) * 4}`);

// Once told to go (a line on stdin), tries to reserve every subnet in `dir` in turn; prints those it got. It lives
// on until its stdin ends: a claimer that had exited would be a gone owner, whose reservations a slower one may take.
const script = (dir: string, name: string) => `const { reserveSubnet } = await import(${source});
  const subnets = ${JSON.stringify(SUBNETS)};
  console.log("ready");
  process.stdin.once("data", () => {
    const won = subnets.filter((subnet) => reserveSubnet(subnet, ${JSON.stringify(name)}, ${JSON.stringify(dir)}));
    console.log(JSON.stringify(won));
    process.stdin.once("end", () => process.exit(0));
  });`;

describe("the take-over of a dead owner's reservation", () => {
  it(`goes to one of ${CLAIMERS} processes trying at once, for each of ${SUBNETS.length} subnets`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-takeover-"));
    try {
      // A PID no process can have: the owner is surely gone.
      const pidNamespace = readlinkSync("/proc/self/ns/pid");
      const dead = `999999999 1 ${pidNamespace}\ndkr-999999999-1-${pidNamespace.replace(/\D/g, "")}-0\n`;
      for (const subnet of SUBNETS) writeFileSync(join(dir, subnet), dead, { mode: 0o600 });
      const children: ChildProcess[] = [];
      // Each claimer's result line (after "ready"), seen as it comes.
      const results: Promise<void>[] = [];
      const onSpawn = (child: ChildProcess) => {
        children.push(child);
        let out = "";
        results.push(
          new Promise((resolve) =>
            child.stdout!.on("data", (chunk: string) => {
              out += chunk;
              if (out.split("\n").length > 2) resolve();
            }),
          ),
        );
      };
      let readyCount = CLAIMERS;
      let ready!: () => void;
      const allReady = new Promise<void>((resolve) => (ready = resolve));
      const runs = Array.from({ length: CLAIMERS }, (_, i) =>
        collect(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script(dir, `dkr-${i + 1}-1-1-0`)], {
          openStdin: true,
          timeoutMs: 60_000,
          onSpawn,
          onOutput: { text: "ready\n", act: () => void (--readyCount === 0 && ready()) },
        }),
      );
      await Promise.race([allReady, Promise.all(runs)]);
      for (const child of children) child.stdin!.write("go\n");
      // Every claimer is done before any exits; one that ended early (it failed) ends the wait, and the others too.
      try {
        await Promise.race([Promise.all(results), ...runs]);
      } finally {
        for (const child of children) child.stdin!.end();
      }
      const won = (await Promise.all(runs)).map((r) => JSON.parse(r.stdout.split("\n")[1]!) as string[]);
      const winners = new Map<string, number>();
      for (const subnet of won.flat()) winners.set(subnet, (winners.get(subnet) ?? 0) + 1);
      expect([...winners].filter(([, count]) => count !== 1)).toEqual([]);
      expect(winners.size).toBe(SUBNETS.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
