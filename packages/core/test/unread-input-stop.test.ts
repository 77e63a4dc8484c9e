// A run stopped while its input is still on its way to a command that does not read it: the supervisor's watchdog is
// then blocked writing into the command's stdin, and would not see ssh go; the command must not run on.
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";
import { marker, waitGone } from "./helpers/processes.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const fleet = useFleet({ hosts: 1 });
// Far more than a pipe, ssh's buffers and its window hold between dk and the command.
const input = Buffer.alloc(8 * 1024 * 1024, "x");
const pipe = { stdout: "pipe", stderr: "pipe" } as const;

describe.each(["openssh", "native"] as const)("over %s, a command that does not read its input", (transport) => {
  const host = () => fleet.host({ transport });

  it.each([
    ["the host's first", 0],
    ["a shared", 3],
  ])("is stopped on the host at the run's deadline, over %s connection", async (_, before) => {
    const tag = marker(`unread-input-${transport}-${before}`);
    // Over OpenSSH the first run goes alone, the second makes the master that later ones share; native shares its
    // connection from the first on, and from the second its commands run under the connection's guardian.
    for (let i = 0; i < before; i++) await host().run("true", { ...pipe, echo: false });
    const error = await host()
      .run(`sleep 60; : ${tag}`, { ...pipe, input, timeout: 1000 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ timedOut: true });
    expect(await waitGone(tag)).toEqual([]);
  });

  it("still gets all of its input when it reads it late", async () => {
    const r = await host().run("sleep 2; wc -c", { ...pipe, input });
    expect(r.stdout.trim()).toBe(String(input.length));
  });
});

describe.each([
  ["without a password", true],
  ["with a password", false],
] as const)("as root through sudo %s, a command that does not read its input", (_, noPassword) => {
  const user = useSudoUser(fleet, `dk-unread-${noPassword ? "n" : "p"}-${process.pid}`, "sudo pw", { noPassword });

  it("is stopped on the host at the run's deadline, with what unframes its input", async () => {
    const tag = marker(`unread-input-sudo-${noPassword}`);
    const error = await user
      .host()
      .run(`sleep 60; : ${tag}`, { ...pipe, input, timeout: 1000, becomeRoot: true, sudoPassword: "sudo pw" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ timedOut: true });
    expect(await waitGone(tag)).toEqual([]);
  });
});
