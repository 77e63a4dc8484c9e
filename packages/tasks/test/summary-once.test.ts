import { describe, expect, it } from "vitest";
import { dk } from "./helpers/dk.ts";
import { useFleet } from "./helpers/fleet.ts";
import { fixture } from "./helpers/paths.ts";

const fleet = useFleet({ hosts: 2 });

describe("the end-of-task summary", () => {
  it("leaves out hosts a library function already summed up, so nothing is listed twice", async () => {
    const own = await dk(["-f", fixture("fleet"), "own-summary", ...fleet.hostFlags()]);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toContain("my own summary");
    expect(own.stdout).not.toMatch(/^host +result +exit +duration/m);
    const plain = await dk(["-f", fixture("fleet"), "report", ...fleet.hostFlags()]);
    expect(plain.stdout).toMatch(/^host +result +exit +duration/m);
  });
});
