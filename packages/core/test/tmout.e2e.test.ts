// Hardened hosts export TMOUT, often readonly, from a file bash reads at start-up: bash's `read` then ends after that
// many seconds unless told otherwise, and none of dk's own may, or it would stop the command it watches.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
// bash reads ~/.bashrc under sshd: the login shell's, and a guardian's alike.
beforeAll(() => writeFileSync(join(fleet.sandbox.home, ".bashrc"), "readonly TMOUT=1; export TMOUT\n"));
const pipe = { stdout: "pipe", echo: false } as const;

describe("a host whose bash sets a readonly TMOUT of 1 s", () => {
  it("has it in the command's own bash, as the host set it", async () => {
    expect((await fleet.host().run("echo $TMOUT; TMOUT=2", { ...pipe, check: false })).stdout).toBe("1\n");
  });

  it("runs commands that take longer, one after another (the later ones beside a guardian over native)", async () => {
    const host = fleet.host();
    // Over native, the second command starts the guardian, and the third registers with it while it has just started
    // to wait for the next message.
    for (const command of ["true", "true", "sleep 2; echo ran", "true", "sleep 2; echo ran"]) {
      expect((await host.run(command, pipe)).stdout).toBe(command === "true" ? "" : "ran\n");
    }
  });

  it("runs a command with input that takes longer", async () => {
    const r = await fleet.host().run("sleep 2; cat", { ...pipe, input: "framed\n" });
    expect(r.stdout).toBe("framed\n");
  });
});
