// A sudo password given for a host whose sudoers rule asks for none (NOPASSWD): sudo -S then never reads the
// password line, which must not reach the command as its input. A throwaway user, removed afterwards.
import { describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const PASSWORD = `pw ${process.pid} unasked`;
const fleet = useFleet({ hosts: 1 });
const { host } = useSudoUser(fleet, `dk-snp-${process.pid}`, PASSWORD, { noPassword: true });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

describe("a sudo password on a host that asks for none", () => {
  it("a command without input reads an empty stdin, not the password", async () => {
    const r = await host().run("id -u; od -An -c", { becomeRoot: true, sudoPassword: PASSWORD, ...pipe });
    expect(r.stdout).toBe("0\n");
  });

  it("a command with input reads exactly the input", async () => {
    const input = "first line\nsecond\n";
    const r = await host().run("id -u >&2; cat", { becomeRoot: true, sudoPassword: PASSWORD, input, ...pipe });
    expect(r.stderr).toBe("0\n");
    expect(r.stdout).toBe(input);
  });

  it("an argv command reads an empty stdin too", async () => {
    const r = await host().run(["od", "-An", "-c"], { becomeRoot: true, sudoPassword: PASSWORD, ...pipe });
    expect(r.stdout).toBe("");
  });
});
