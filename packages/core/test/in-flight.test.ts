import { createReadStream, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { inFlight, noneInFlight, parseHosts, run, setPrinter } from "../src/index.ts";
import { SILENT } from "../src/output/echo.ts";

const quiet = { echo: false, stdout: "pipe", stderr: "pipe" } as const;
let previous: ReturnType<typeof setPrinter>;
beforeEach(() => void (previous = setPrinter(SILENT)));
afterEach(() => void setPrinter(previous));

describe("inFlight: the commands and group parts under way", () => {
  it("counts a command from its call, while its input file is still being opened, until it settles", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "dk-in-flight-")), "input");
    writeFileSync(file, "x");
    const running = run("cat", { ...quiet, input: createReadStream(file) });
    expect(inFlight()).toEqual(["localhost"]);
    // A turn later, started or still opening its file, it is in flight.
    await new Promise((resolve) => setImmediate(resolve));
    expect(inFlight()).toEqual(["localhost"]);
    await noneInFlight();
    expect(inFlight()).toEqual([]);
    expect((await running).stdout).toBe("x");
  });

  it("names each tag once, in the order the work started; a failed or refused command leaves too", async () => {
    const host = parseHosts("web1").hosts[0]!;
    const failing = run("exit 4", quiet).catch((error: unknown) => error);
    const refused = run("", quiet).catch((error: unknown) => error);
    const both = Promise.all([host.runLocal("true", quiet), run("true", quiet)]);
    expect(inFlight()).toEqual(["localhost", "web1"]);
    await Promise.all([failing, refused, both]);
    expect(inFlight()).toEqual([]);
  });

  it("counts every host's part of a group call, also one waiting for a concurrency slot", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const call = parseHosts("a,b,c").runFunction(() => gate, { concurrency: 1 });
    expect(inFlight()).toEqual(["a", "b", "c"]);
    const idle = noneInFlight();
    release();
    await idle;
    expect(inFlight()).toEqual([]);
    expect((await call).every((result) => result.ok)).toBe(true);
  });

  it("noneInFlight settles at once when nothing is under way", async () => {
    await expect(noneInFlight()).resolves.toBeUndefined();
  });
});
