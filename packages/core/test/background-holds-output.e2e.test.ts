// A command that exits while a background job it started keeps its output open: the run waits for the output to
// close (as ssh does), and the waiting notice says that the command itself has exited, and what to do.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntil } from "@deploykit/sandbox";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { run } from "../src/run.ts";
import type { RunOptions } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
const places = {
  local: (command: string, options: RunOptions) => run(command, options),
  remote: (command: string, options: RunOptions) => fleet.host().run(command, options),
};
beforeEach(() => void vi.stubEnv("DEPLOYKIT_WAITING_NOTICE_MS", "200"));
afterEach(() => (setPrinter(undefined), vi.unstubAllEnvs()));

describe.each(Object.keys(places) as (keyof typeof places)[])("the waiting notice of a %s command", (place) => {
  it("says that the command exited and that a background job it started holds its output", async () => {
    const go = join(mkdtempSync(join(tmpdir(), "dk-bg-")), "go");
    const notices: string[] = [];
    setPrinter({ line: () => undefined, notice: (_tag, text) => void notices.push(text) });
    // The job lasts until the test has seen the notice (30 s at most), its stdout the command's.
    const job = `(for _ in $(seq 300); do [ -e ${go} ] && break; sleep 0.1; done; echo job done) &`;
    const running = places[place](`${job} echo started; exit 3`, { stdout: "pipe", echo: false, check: false });
    const exited = (text: string) => text.startsWith(`'${job} echo started; exit 3' exited (3), but a background job`);
    try {
      await waitUntil(() => notices.some(exited), "the notice that the command exited", 30_000);
    } finally {
      writeFileSync(go, "");
    }
    expect(await running).toMatchObject({ exitCode: 3, stdout: "started\njob done\n" });
    expect(notices.find(exited)).toMatch(/; redirect that job's output \(> file 2>&1\) not to wait$/);
  });

  it("says only that it is still waiting while the command itself runs", async () => {
    const notices: string[] = [];
    setPrinter({ line: () => undefined, notice: (_tag, text) => void notices.push(text) });
    await places[place]("sleep 0.7", { echo: false });
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.every((text) => text.startsWith("still waiting for 'sleep 0.7' to finish..."))).toBe(true);
  });
});
