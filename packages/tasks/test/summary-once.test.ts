import { describe, expect, it } from "vitest";
import { dk } from "./helpers/dk.ts";
import { useFleet } from "./helpers/fleet.ts";
import { fixture } from "./helpers/paths.ts";

const fleet = useFleet({ hosts: 3 });

describe("the end-of-task summary", () => {
  it("leaves out hosts a library function already summed up, so nothing is listed twice", async () => {
    const own = await dk(["-f", fixture("fleet"), "own-summary", ...fleet.hostFlags()]);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toContain("my own summary");
    expect(own.stdout).not.toMatch(/^host +result +exit +duration/m);
    const plain = await dk(["-f", fixture("fleet"), "report", ...fleet.hostFlags()]);
    expect(plain.stdout).toMatch(/^host +result +exit +duration/m);
  });

  it("counts every host of a group call, even one that ran no command; the task decides the exit", async () => {
    const [a, b, c] = fleet.sandbox.addresses as [string, string, string];
    const handled = await dk(["-f", fixture("terminal"), "tolerant", ...fleet.hostFlags()]);
    expect(handled.code, handled.stderr).toBe(0);
    const row = (host: string, rest: string) => new RegExp(`^${host.replaceAll(".", "\\.")} +${rest}`, "m");
    expect(handled.stdout).toMatch(row(a, "ok +0 +\\d+\\.\\ds$"));
    expect(handled.stdout).toMatch(row(b, "failed +5 +\\d+\\.\\ds +failed with exit code 5$"));
    expect(handled.stdout).toMatch(row(c, `failed +- +\\d+\\.\\ds +no disk on ${c.replaceAll(".", "\\.")}$`));
    expect(handled.stdout).toContain("3 hosts: 1 ok, 2 failed (the task handled the failures and succeeded)\n");
    const thrown = await dk(["-f", fixture("terminal"), "tolerant", ...fleet.hostFlags(), "--rethrow"]);
    expect(thrown.code).toBe(1);
    expect(thrown.stdout).toContain("3 hosts: 1 ok, 2 failed\n");
  });
});
