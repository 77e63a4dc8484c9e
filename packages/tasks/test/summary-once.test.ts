import { startSandbox, type Sandbox } from "@deploykit/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture } from "./helpers/paths.ts";

let sandbox: Sandbox;

beforeAll(async () => {
  await ensureBuilt();
  sandbox = await startSandbox({ hosts: 2 });
}, 120_000);
afterAll(() => sandbox?.stop());

describe("the end-of-task summary", () => {
  it("leaves out hosts a library function already summed up, so nothing is listed twice", async () => {
    const own = await dk(["-f", fixture("fleet"), "own-summary", "--hosts", sandbox.spec, "--key", sandbox.key]);
    expect(own.code, own.stderr).toBe(0);
    expect(own.stdout).toContain("my own summary");
    expect(own.stdout).not.toMatch(/^host +result +exit +duration/m);
    const plain = await dk(["-f", fixture("fleet"), "report", "--hosts", sandbox.spec, "--key", sandbox.key]);
    expect(plain.stdout).toMatch(/^host +result +exit +duration/m);
  });
});
