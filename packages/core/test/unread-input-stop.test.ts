// A run stopped while its input is still on its way to a command that does not read it: the supervisor's watchdog is
// then blocked writing into the command's stdin, and would not see ssh go; the command must not run on.
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";
import { marker, waitGone } from "./helpers/processes.ts";

const fleet = useFleet({ hosts: 1 });
// Far more than a pipe, ssh's buffers and its window hold between dk and the command.
const input = Buffer.alloc(8 * 1024 * 1024, "x");

describe("over OpenSSH, a command that does not read its input", () => {
  it("is stopped on the host at the run's deadline, with what unframes its input", async () => {
    const tag = marker("unread-input");
    const host = fleet.host({ transport: "openssh" });
    const error = await host
      .run(`sleep 60; : ${tag}`, { input, timeout: 1000, stdout: "pipe", stderr: "pipe" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect(error).toMatchObject({ timedOut: true });
    expect(await waitGone(tag)).toEqual([]);
  });

  it("still gets all of its input when it reads it late", async () => {
    const host = fleet.host({ transport: "openssh" });
    const r = await host.run("sleep 2; wc -c", { input, stdout: "pipe", stderr: "pipe" });
    expect(r.stdout.trim()).toBe(String(input.length));
  });
});
