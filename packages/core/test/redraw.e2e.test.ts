import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, onTestFinished, vi } from "vitest";
import { createStatusPrinter, setPrinter } from "../src/index.ts";
import { FakeTerminal } from "./helpers/fake-terminal.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
afterEach(() => {
  setPrinter(undefined);
  vi.unstubAllEnvs();
});

describe("a remote progress bar on stderr, in the live view", () => {
  it("shows its latest segment while it runs, never the exit mark after it, then how it ended", async () => {
    vi.stubEnv("FORCE_COLOR", "0");
    // The sandbox's hosts are this machine: a file made here releases the command there.
    const dir = mkdtempSync(join(tmpdir(), "dk-redraw-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const go = join(dir, "go");
    const term = new FakeTerminal(60, 20);
    const written: string[] = [];
    const write = term.write.bind(term);
    term.write = (text: string) => (written.push(text), write(text));
    const view = createStatusPrinter(term as unknown as NodeJS.WriteStream, undefined, { intervalMs: 10 });
    setPrinter(view);
    const host = fleet.host();
    const wait = `for i in $(seq 600); do [ -e ${go} ] && break; sleep 0.05; done`;
    const ran = host.run(`printf '\\r1%%' >&2; printf '\\r2%%' >&2; ${wait}; printf '\\r3%%' >&2; exit 4`, {
      echo: false,
      check: false,
    });
    await vi.waitFor(() => expect(term.screen.some((line) => line.endsWith("  2%"))).toBe(true), {
      timeout: 20_000,
      interval: 20,
    });
    writeFileSync(go, "");
    const result = await ran;
    view.stop();
    expect(result.exitCode).toBe(4);
    expect(written.join("")).not.toMatch(/dk-exit/);
    expect(term.screen.at(-1)).toMatch(/ok \(exit 4\)$/);
  });
});
