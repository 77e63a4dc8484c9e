// becomeRoot through sudo: the command's processes are root's, which the login user may not signal (sudo passes a
// signal on to the command alone). A stop (here a timeout; Ctrl-C and a lost connection end the session alike) must
// still end every process the command started, and a wrong password must cost one try of sudo's, never the input.
import type { ChildProcess } from "node:child_process";
import { collect } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { remoteCommand } from "../src/ssh/remote-command.ts";
import { useFleet } from "./helpers/fleet.ts";
import { waitGone } from "./helpers/processes.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const PASSWORD = `pw ${process.pid} stop`;
const fleet = useFleet({ hosts: 1 });
// sudo's own default of 3 tries, where a wrong password's later tries would read what follows it on stdin.
const asked = useSudoUser(fleet, `dk-sst-${process.pid}`, PASSWORD, { passwordTries: 3 });
const unasked = useSudoUser(fleet, `dk-ssn-${process.pid}`, "not used", { noPassword: true });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
let serial = 0;

describe.each([
  { rule: "asks for a password", user: asked, sudoPassword: PASSWORD },
  { rule: "asks for none (NOPASSWD)", user: unasked, sudoPassword: undefined },
])("becomeRoot through a sudo that $rule", ({ user, sudoPassword }) => {
  it("a timeout stops every root process the command started, one that ignores TERM too", async () => {
    for (const input of [undefined, "x\n"]) {
      const sleeper = `sleep 40.${process.pid}${serial++}`;
      const command = `trap '' TERM; ${sleeper}1 & sh -c '${sleeper}2'; wait`;
      const options = { ...pipe, becomeRoot: true, sudoPassword, timeout: 1000, ...(input && { input }) };
      await expect(user.host().run(command, options)).rejects.toThrow(/timed out after 1000 ms/);
      expect(await waitGone(sleeper)).toEqual([]);
    }
  });

  it("still runs the command as root, with its input, exit code and output", async () => {
    const options = { ...pipe, becomeRoot: true, sudoPassword, input: "in\n", check: false };
    const r = await user.host().run("id -u; cat; echo err >&2; exit 7", options);
    expect(r).toMatchObject({ exitCode: 7, stdout: "0\nin\n", stderr: "err\n" });
  });
});

describe("a wrong sudo password", () => {
  it("is one try, also with input: the input never becomes a try", async () => {
    const input = "secret-line-1\nsecret-line-2\n";
    const options = { ...pipe, becomeRoot: true, sudoPassword: "wrong", input };
    const error = await asked
      .host()
      .run("cat", options)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message).toMatch(/sudo: 1 incorrect password attempt$/m);
  });
});

describe("where the session's stdin is no pipe that /proc reaches (not Linux, or another ssh server)", () => {
  // The login shell as sshd would start it for the user, but with a socket for stdin (Node's): sudo -S then reads
  // the password line under the login user's supervisor, as dk did everywhere before.
  const asUser = (line: string, stdin: string) =>
    collect("runuser", ["-u", asked.name, "--", "bash", "-c", line], {
      openStdin: true,
      timeoutMs: 20_000,
      onSpawn: (child: ChildProcess) => void child.stdin?.write(stdin),
    });
  const line = remoteCommand("id -u; cat", { sudo: true, sudoPasswordOnStdin: true, input: true });

  it("runs the command as root with the password, then exactly its input", async () => {
    const r = await asUser(line, `${PASSWORD}\n3\nabc0\n`);
    expect(r).toMatchObject({ code: 0, stdout: "0\nabc", stderr: "\x1fdk-exit::0\n" });
  });

  it("fails on a wrong password", async () => {
    const r = await asUser(line, "wrong\n3\nabc0\n");
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/incorrect password attempt/);
  });
});
