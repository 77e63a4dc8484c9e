// Real sudo with a password: a throwaway user (useradd, removed afterwards) whose sudoers rule asks for its
// password, logging in to a sandbox host with the sandbox's key.
import { execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { setSudoPassword } from "../src/run/sudo-password.ts";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const PASSWORD = `pw ${process.pid} 'quoted' $x`;
const fleet = useFleet({ hosts: 1 });
afterAll(() => setSudoPassword(undefined));

const { host } = useSudoUser(fleet, `dk-sudo-${process.pid}`, PASSWORD);
const pipe = { stdout: "pipe", stderr: "pipe" } as const;

describe("sudo with a password", () => {
  it("without a password, sudo -n fails at once and says a password is required", async () => {
    const error = await host()
      .run("id -u", { becomeRoot: true, ...pipe })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toMatch(/a password is required/);
  });

  it("sends the password to sudo -S on stdin: the command runs as root, and the password shows nowhere", async () => {
    const marker = `dk-sudo-ps-${process.pid}`;
    const run = host().run(`id -u; sleep 1; : ${marker}`, { becomeRoot: true, sudoPassword: PASSWORD, ...pipe });
    await sleep(600);
    const ps = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
    const r = await run;
    expect(r.stdout).toBe("0\n");
    expect(ps).toContain(marker);
    expect(ps).not.toContain(PASSWORD);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it("uses the process-wide password (what dk --ask-sudo-password sets)", async () => {
    setSudoPassword(PASSWORD);
    try {
      expect((await host().run(["id", "-un"], { becomeRoot: true, ...pipe })).stdout).toBe("root\n");
    } finally {
      setSudoPassword(undefined);
    }
  });

  it("fails clearly on a wrong password", async () => {
    const error = await host()
      .run("id -u", { becomeRoot: true, sudoPassword: "wrong", ...pipe })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toMatch(/incorrect password/);
    expect((error as Error).message).not.toContain("wrong");
  });

  it("rejects a password that cannot be sent as one line", () => {
    expect(() => setSudoPassword("a\nb")).toThrow(/without newlines/);
  });
});
