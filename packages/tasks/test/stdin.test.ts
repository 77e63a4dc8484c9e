// dk passes its own standard input to a task's command that asks for it (`stdin: "inherit"`), and to no other.
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture } from "./helpers/paths.ts";

beforeAll(ensureBuilt, 180_000);

describe("dk and standard input", () => {
  it('echo hello | dk stdin: the command with stdin: "inherit" reads it', async () => {
    const r = await dk(["-f", fixture("stdin"), "stdin"], { input: "hello\n", timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("got=hello");
  });

  it("a command without it reads nothing", async () => {
    const r = await dk(["-f", fixture("stdin"), "closed"], { input: "hello\n", timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^got=$/m);
  });
});
