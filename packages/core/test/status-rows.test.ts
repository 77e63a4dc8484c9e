// The live view's rows are hosts: a notice under a tag that is no host (an empty group call's) prints above the
// block and adds no row that would wait there forever; a host still waiting when the view stops reads "not started".
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createStatusPrinter, Group, Host, setPrinter } from "../src/index.ts";

beforeEach(() => void vi.stubEnv("FORCE_COLOR", "0"));
afterEach(() => {
  setPrinter(undefined);
  vi.unstubAllEnvs();
});

// The view's cursor moves and erases, built from ESC: matching them is the point.
const ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, "g");

// A terminal of `rows` rows keeping what was written, its escapes taken out.
function terminal(rows = 20) {
  const chunks: string[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY: true, columns: 80, rows });
  stream.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join("").replace(ESCAPE, "") };
}

describe("the live view's rows", () => {
  it("a notice under a tag that is no host prints above the block and adds no row", async () => {
    const out = terminal();
    const view = createStatusPrinter(out.stream, out.stream, { intervalMs: 10 });
    setPrinter(view);
    await new Group([]).runFunction(() => 1);
    await new Group([new Host("web1")]).runLocal("true", { echo: false });
    await sleep(30);
    view.stop();
    expect(out.text()).toContain("[group] no hosts: this group call runs nothing\n");
    expect(out.text()).not.toMatch(/· \[group\]/);
    expect(out.text()).toMatch(/✔ \[web1\] +\d+\.\ds {2}ok\n$/);
  });

  it("a host still waiting when the view stops never started, in its row and in the counts", async () => {
    for (const rows of [20, 3]) {
      const out = terminal(rows);
      const view = createStatusPrinter(out.stream, out.stream, { intervalMs: 10 });
      view.plan?.(["web1", "web2", "web3"]);
      view.begin?.("web1");
      view.start?.("web1", "sleep 10", "web1");
      view.settled?.("web2", "boom");
      await sleep(30);
      view.stop();
      const final = out.text().slice(out.text().lastIndexOf("\r"));
      if (rows === 20) expect(final).toMatch(/· \[web3\] +not started\n$/);
      else expect(final).toContain("3 hosts: 0 running · 0 ok · 1 failed · 1 not started · 1 stopped\n");
      expect(final).not.toContain("waiting");
    }
  });
});
