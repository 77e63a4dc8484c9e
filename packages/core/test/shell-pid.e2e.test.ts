// A command's `$$` is the shell that runs it, on a host as locally: `kill $$` ends the command there too, whatever
// runs it on the host (the login shell, or as root through sudo) and whether it reads input.
import { describe, expect, it } from "vitest";
import { run } from "../src/run.ts";
import type { RemoteRunOptions } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const PASSWORD = `pw ${process.pid} pid`;
const fleet = useFleet({ hosts: 1 });
const asked = useSudoUser(fleet, `dk-spa-${process.pid}`, PASSWORD);
const unasked = useSudoUser(fleet, `dk-spn-${process.pid}`, "not used", { noPassword: true });
const options = { stdout: "pipe", stderr: "pipe", echo: false, check: false } as const;

// Each way a host runs a command: as the login user, and through sudo with and without a password.
const places = {
  "the login user": (command: string, opts: RemoteRunOptions) => fleet.host().run(command, opts),
  "sudo with a password": (command: string, opts: RemoteRunOptions) =>
    asked.host().run(command, { ...opts, becomeRoot: true, sudoPassword: PASSWORD }),
  "sudo without one": (command: string, opts: RemoteRunOptions) =>
    unasked.host().run(command, { ...opts, becomeRoot: true }),
};

describe.each(Object.keys(places) as (keyof typeof places)[])("a command run on a host by %s", (place) => {
  it.each([
    ["without input", "kill -TERM $$; echo after", undefined],
    ["with input", "read x; kill -TERM $$; echo after $x", "x\n"],
  ])("%s ends at `kill $$` as locally: 143, nothing after it", async (_, command, input) => {
    const opts = { ...options, ...(input === undefined ? {} : { input }) };
    const local = await run(command, opts);
    expect(local).toMatchObject({ exitCode: 143, stdout: "" });
    const remote = await places[place](command, opts);
    expect(remote).toMatchObject({ exitCode: local.exitCode, stdout: local.stdout, stderr: local.stderr });
  });

  it("with input, is the shell that reads it: `$$` is BASHPID, and `wait` waits for no process of dk's", async () => {
    const command = '[ $$ = "$BASHPID" ] && echo same; wait; read -r x; echo "$x"';
    const r = await places[place](command, { ...options, input: "line\n", timeout: 20_000 });
    expect(r).toMatchObject({ exitCode: 0, stdout: "same\nline\n" });
  });
});
