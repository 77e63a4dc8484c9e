import { describe, expect, it } from "vitest";
import { awaitTaskEnd } from "../src/task-end.ts";
import type { Io } from "../src/types.ts";

// A stand-in for core's registry of work under way: what a task's clean-up would have in flight.
function registry(tags: string[]) {
  let idle = () => {};
  const none = new Promise<void>((resolve) => (idle = resolve));
  return {
    core: { inFlight: () => tags, noneInFlight: () => none },
    finish: () => (tags.splice(0), idle()),
  };
}

function io() {
  let said = "";
  const write = (text: string) => ((said += text), true);
  return { io: { stdout: { write }, stderr: { write } } as unknown as Io, said: () => said };
}

describe("awaitTaskEnd", () => {
  it("waits for a task whose clean-up runs commands, until it ends, saying so once", async () => {
    const { core, finish } = registry(["web1", "web2"]);
    const out = io();
    let end = () => {};
    const ending = new Promise<void>((resolve) => (end = resolve));
    let waited = false;
    const wait = awaitTaskEnd(ending, "deploy", core, out.io, 60_000).then(() => (waited = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(waited).toBe(false);
    end();
    finish();
    await wait;
    expect(out.said()).toBe(
      'dk: waiting for task "deploy" to end: its clean-up runs commands on web1, web2 (at most 60 s; ' +
        "Ctrl-C again exits now)\n",
    );
  });

  it("gives up after its bound and says so", async () => {
    const { core } = registry(["web1"]);
    const out = io();
    await awaitTaskEnd(new Promise(() => {}), "deploy", core, out.io, 50);
    expect(out.said()).toMatch(/dk: task "deploy" has not ended after 0 s: exiting, its commands stopped\n$/);
  });

  it("stops waiting once the task runs nothing more, ended or not", async () => {
    const { core, finish } = registry(["web1"]);
    const out = io();
    const wait = awaitTaskEnd(new Promise(() => {}), "deploy", core, out.io, 5_000);
    setTimeout(finish, 10);
    await wait;
    expect(out.said()).not.toContain("has not ended");
  });

  it("says nothing for a task that has ended, or was never called, or runs nothing", async () => {
    const out = io();
    await awaitTaskEnd(Promise.reject(new Error("stopped")), "deploy", registry(["web1"]).core, out.io);
    await awaitTaskEnd(undefined, "deploy", registry(["web1"]).core, out.io);
    await awaitTaskEnd(new Promise(() => {}), "deploy", registry([]).core, out.io);
    expect(out.said()).toBe("");
  });
});
