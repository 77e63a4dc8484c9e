// `input` with `becomeRoot` and a sudo password: sudo -S reads the password line, the command reads the rest.
// A throwaway user (useradd, removed afterwards) whose sudoers rule asks for its password.
import { describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const PASSWORD = `pw ${process.pid} 'in' $put`;
const fleet = useFleet({ hosts: 1 });
const { host } = useSudoUser(fleet, `dk-sin-${process.pid}`, PASSWORD);
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

describe("input under sudo with a password", () => {
  it("the command runs as root and reads exactly the input, never the password", async () => {
    const input = Buffer.from("first line\n\0binary\xff tail", "latin1");
    const r = await host().run("id -u >&2; od -An -c", {
      becomeRoot: true,
      sudoPassword: PASSWORD,
      input,
      ...pipe,
    });
    const expected = await host().run("od -An -c", { input, ...pipe });
    expect(r.stderr).toBe("0\n");
    expect(r.stdout).toBe(expected.stdout);
    expect(r.stdout).not.toContain("pw");
  });

  it("through with(): a root scope whose commands read their input", async () => {
    const root = host().with({ becomeRoot: true, cwd: "/root", ...pipe });
    const r = await root.run('echo "$(id -u) $(pwd) $(cat)"', { sudoPassword: PASSWORD, input: "piped" });
    expect(r.stdout).toBe("0 /root piped\n");
  });
});
