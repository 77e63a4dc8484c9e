import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";

// SetEnv and SendEnv of the ssh options reach the command as ssh sends them, to an sshd that accepts them.
const fleet = useFleet({ hosts: 1, sshdConfig: ["AcceptEnv LC_* DK_*"] });
const show = 'echo "[$DK_A][$DK_B][$LC_DKTEST][$LC_DKOTHER]"';

beforeAll(() => {
  process.env.LC_DKTEST = "sent as is";
  process.env.LC_DKOTHER = "other";
});
afterAll(() => {
  delete process.env.LC_DKTEST;
  delete process.env.LC_DKOTHER;
});

async function seen(options: readonly string[], env?: Record<string, string>): Promise<string> {
  const host = fleet.host({ sshOptions: [...fleet.sandbox.hostOptions.sshOptions, ...options] });
  return (await host.run(show, { stdout: "pipe", quiet: true, ...(env ? { env } : {}) })).stdout.trim();
}

describe("SetEnv and SendEnv", () => {
  it("each host gets its own options' variables, also when an earlier host shares its connection", async () => {
    expect(await seen(["-o", 'SetEnv=DK_A=1 DK_B="two words"'])).toBe("[1][two words][][]");
    expect(await seen(["-o", "SendEnv=LC_DKTEST"])).toBe("[][][sent as is][]");
    expect(await seen(["-o", "SendEnv=LC_DK*", "-o", "SetEnv=DK_A=x"])).toBe("[x][][sent as is][other]");
    expect(await seen([])).toBe("[][][][]");
  });

  it("takes the first SetEnv given, as ssh does, and a run's env wins over it", async () => {
    expect(await seen(["-o", "SetEnv=DK_A=first", "-o", "SetEnv=DK_A=second DK_B=b"])).toBe("[first][][][]");
    expect(await seen(["-o", "SetEnv=DK_A=ssh DK_B=b"], { DK_A: "code" })).toBe("[code][b][][]");
  });
});
