// A host's ~/.bashrc, which bash reads under sshd, may set strict options, an ERR trap and a `cd` of its own (one that
// lists the directory, rvm's): they hold for the command, as under plain ssh, and none of them may stop or change dk's
// own steps (its cd, its watchdogs, the exit status it reports).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";
import { waitGone } from "./helpers/processes.ts";

const fleet = useFleet({ hosts: 1 });
const bashrc = [
  "set -euo pipefail -o noclobber",
  "trap 'echo ERR-TRAP >&2' ERR",
  'cd() { builtin cd "$@" && echo "listing of $PWD"; }',
].join("\n");
beforeAll(() => writeFileSync(join(fleet.sandbox.home, ".bashrc"), `${bashrc}\n`));
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

describe("a host whose ~/.bashrc sets -euo pipefail, noclobber, an ERR trap and a cd function", () => {
  it("runs a command in `cwd` without the host's cd function, twice (native: then under a guardian)", async () => {
    const host = fleet.host();
    for (let i = 0; i < 2; i++) {
      expect(await host.run("pwd", { ...pipe, cwd: "/" })).toMatchObject({ stdout: "/\n", stderr: "" });
    }
    // The command's own cd is the host's.
    expect((await host.run("cd /", pipe)).stdout).toBe("listing of /\n");
  });

  it("stops a command that times out, with input and without, leaving nothing on the host", async () => {
    const host = fleet.host();
    const sleeper = `sleep 40.${process.pid}${Date.now() % 100_000}`;
    for (const input of [undefined, undefined, "x\n"]) {
      const run = host.run(`echo started; ${sleeper}`, { ...pipe, timeout: 1000, ...(input && { input }) });
      await expect(run).rejects.toThrow(/timed out after 1000 ms/);
      expect(await waitGone(sleeper)).toEqual([]);
    }
  });

  it("reports the command's exit status, set -e's included, and 255 as the command's own", async () => {
    const host = fleet.host();
    for (const input of [undefined, "x\n"]) {
      const options = { ...pipe, check: false, ...(input && { input }) };
      expect(await host.run("false; echo after", options)).toMatchObject({ exitCode: 1, stdout: "" });
      expect(await host.run("exit 255", options)).toMatchObject({ exitCode: 255 });
      const error = await host.run("exit 255", { ...options, check: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandError);
      expect(String(error)).toMatch(/failed with exit code 255/);
    }
  });

  it("runs the host's ERR trap for the command's failures only", async () => {
    const host = fleet.host();
    for (let i = 0; i < 2; i++) expect((await host.run("echo hi", pipe)).stderr).toBe("");
    expect((await host.run("false", { ...pipe, check: false })).stderr).toBe("ERR-TRAP\n");
  });
});
