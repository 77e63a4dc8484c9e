// Ctrl-C during dk deploy-nixos on a terminal (tmux): one question for all hosts, over a terminal the live view
// has left; `s` (or Ctrl-C again) stops the activations, `l` leaves them running.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { waitUntil } from "@deploykit/sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { STATE_ROOT } from "../../src/builtin/deploy-nixos/state-dir.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { inTmux } from "../helpers/tmux.ts";
import { makeSource, startFleet, type Fleet } from "./helpers.ts";

// A config dir per host: the sandbox's hosts share one filesystem (see the fixture).
const TASKS = join(import.meta.dirname, "fixtures", "dk-dir-per-host", "tasks.ts");
const PROMPT = "Activation is running on 2 hosts. [s]top it, [l]eave it running?";
let fleet: Fleet;
let a: string;
let b: string;
beforeAll(async () => {
  await ensureBuilt();
  fleet = await startFleet(2);
  [a, b] = fleet.sandbox.addresses as [string, string];
}, BUILD_HOOK_MS + 60_000);
afterAll(async () => fleet?.stop());
beforeEach(() => fleet.clearRecords());

// Both hosts held at the build; Ctrl-C once both say so, then `answer` once the question has stayed on screen.
async function deployAndAnswer(name: string, answer: string) {
  for (const address of [a, b]) fleet.hold(address, "build");
  const hosts = [a, b].map((address) => `root@${address}:${fleet.sandbox.port}`).join(",");
  const flags = ["--key", fleet.sandbox.key, "--source", makeSource(join(fleet.work, name))];
  const configRoot = ["--config-root", join(fleet.sandbox.dir, "dk", name)];
  return inTmux(["-f", TASKS, "deploy-nixos", "--hosts", hosts, ...flags, ...configRoot], {
    size: { x: 120, y: 30 },
    deadlineMs: 90_000,
    keys: [
      { when: `holding at build on ${a}`, send: [] },
      { when: `holding at build on ${b}`, send: ["C-c"] },
      // Several captures in a row with the question open: nothing may draw over it meanwhile.
      { when: PROMPT, send: [answer], times: 4 },
    ],
  });
}

// The question is the last line while it waits: no live block or output line drawn over or under it.
function expectQuestionAlone(captures: readonly string[][]) {
  const open = captures.filter((screen) => screen.some((line) => line.trimEnd() === PROMPT));
  expect(open.length).toBeGreaterThanOrEqual(4);
  for (const screen of open) {
    const at = screen.findIndex((line) => line.trimEnd() === PROMPT);
    expect(
      screen.slice(at + 1).every((line) => line.trim() === ""),
      screen.join("\n"),
    ).toBe(true);
  }
}

describe("Ctrl-C during dk deploy-nixos on a terminal", () => {
  it("asks once for all hosts; s stops every activation and dk exits 130 after the stop", async () => {
    const run = await deployAndAnswer("ask-s", "s");
    expect(run.exit, run.history.join("\n")).toBe(130);
    expectQuestionAlone(run.captures);
    expect(run.history.filter((line) => line.includes("[s]top it"))).toEqual([`${PROMPT} stop`]);
    for (const host of [a, b]) {
      expect(run.history).toContain(`[${host}] stopped: nixos-rebuild did not change the system`);
      expect(fleet.rebuildRuns(host)).toBe(false);
    }
  }, 120_000);

  it("Ctrl-C again at the question means stop", async () => {
    const run = await deployAndAnswer("ask-cc", "C-c");
    expect(run.exit, run.history.join("\n")).toBe(130);
    expect(run.history.filter((line) => line.includes("[s]top it"))).toEqual([`${PROMPT} stop`]);
    for (const host of [a, b])
      expect(run.history).toContain(`[${host}] stopped: nixos-rebuild did not change the system`);
  }, 120_000);

  it("l leaves both running: dk says how to follow each, and they finish (then roll back) without dk", async () => {
    const run = await deployAndAnswer("ask-l", "l");
    expect(run.exit, run.history.join("\n")).toBe(130);
    expectQuestionAlone(run.captures);
    expect(run.history.filter((line) => line.includes("[s]top it"))).toEqual([`${PROMPT} leave`]);
    for (const host of [a, b]) {
      expect(run.history.some((line) => line.startsWith(`[${host}] left running: dk-deploy-`))).toBe(true);
      expect(fleet.rebuildRuns(host)).toBe(true);
      fleet.release(host);
    }
    const ids = run.history.flatMap((line) => /^\[\S+\] left running: (dk-deploy-\S+);/.exec(line)?.[1] ?? []);
    expect(ids).toHaveLength(2);
    const phase = (id: string) => readFileSync(join(STATE_ROOT, id, "phase"), "utf8").trim();
    for (const id of ids) await waitUntil(() => phase(id) === "rolled-back", `${id} to roll back`, 60_000);
    for (const host of [a, b]) {
      expect(fleet.steps(host)).toContain("switch-to-configuration switch 2");
      expect(fleet.steps(host).at(-1)).toBe("switch-to-configuration switch 1");
    }
  }, 120_000);
});
