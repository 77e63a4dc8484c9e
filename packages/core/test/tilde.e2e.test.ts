// `~` over ssh, for a login user whose home is the sandbox's: a cwd and a transfer's path both find it.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const fleet = useFleet({ hosts: 1 });
const user = useSudoUser(fleet, `dk-tilde-${process.pid}`, "not used");
const out = mkdtempSync(join(tmpdir(), "dk-tilde-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const pipe = { stdout: "pipe", echo: false } as const;

describe("`~` on a host", () => {
  it("a cwd of `~` is the login user's home", async () => {
    const host = user.host();
    expect((await host.run("pwd", { ...pipe, cwd: "~" })).stdout).toBe(`${fleet.sandbox.home}\n`);
    expect((await host.with({ cwd: "~/" }).run("pwd", pipe)).stdout).toBe(`${fleet.sandbox.home}\n`);
    // Within another cwd too, as `cd ~` goes home from anywhere.
    expect((await host.with({ cwd: "/tmp" }).run("pwd", { ...pipe, cwd: "~" })).stdout).toBe(`${fleet.sandbox.home}\n`);
  });

  it("a download from `~/…` reads the login user's home, whatever the cwd", async () => {
    const note = `dk-tilde-note-${process.pid}.txt`;
    writeFileSync(join(fleet.sandbox.home, note), "from home\n");
    try {
      const result = await user.host().with({ cwd: "/tmp" }).download(`~/${note}`, `${out}/`);
      expect(readFileSync(join(out, note), "utf8")).toBe("from home\n");
      // Named as written: a bare relative path would read as one under the cwd.
      expect(result.source).toBe(`~/${note}`);
    } finally {
      rmSync(join(fleet.sandbox.home, note), { force: true });
    }
  });

  it("an upload to `~/…` lands in the login user's home, whatever the cwd, and is named as written", async () => {
    // The user may write in this directory of the home, which root owns.
    const dir = `dk-tilde-up-${process.pid}`;
    mkdirSync(join(fleet.sandbox.home, dir));
    chmodSync(join(fleet.sandbox.home, dir), 0o777);
    writeFileSync(join(out, "note.txt"), "to home\n");
    try {
      const result = await user.host().with({ cwd: "/tmp" }).upload(join(out, "note.txt"), `~/${dir}/`);
      expect(readFileSync(join(fleet.sandbox.home, dir, "note.txt"), "utf8")).toBe("to home\n");
      expect(result.destination).toBe(`~/${dir}/`);
    } finally {
      rmSync(join(fleet.sandbox.home, dir), { recursive: true, force: true });
    }
  });
});
