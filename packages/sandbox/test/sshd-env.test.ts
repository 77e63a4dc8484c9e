// The environment a sandbox gives remote sessions arrives as written, whatever characters its values hold.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { startSandbox } from "../src/index.ts";
import { sshArgv } from "./helpers/ssh-argv.ts";

const VALUES = {
  QUOTE: 'say "hi"',
  BACKSLASH: "a\\b\\\\c\\",
  SPACES: " two  words ",
  DOLLAR: "$HOME",
  TICK: "it's #1",
};

describe("startSandbox({ env })", () => {
  it("gives sessions values with quotes, backslashes, spaces, $ and # unchanged", async () => {
    const sandbox = await startSandbox({ hosts: 1, env: VALUES });
    try {
      const argv = sshArgv(sandbox);
      const script = Object.keys(VALUES)
        .map((name) => `printf '%s\\0' "$${name}"`)
        .join("; ");
      const out = execFileSync("ssh", [...argv, sandbox.addresses[0]!, script], { encoding: "utf8", timeout: 30_000 });
      expect(out.split("\0").slice(0, -1)).toEqual(Object.values(VALUES));
    } finally {
      await sandbox.stop();
    }
  });

  it("refuses a value with a line break, or a name that is none, before starting anything", async () => {
    await expect(startSandbox({ env: { A: "x\nPermitRootLogin yes" } })).rejects.toThrow(TypeError);
    await expect(startSandbox({ env: { "A B": "x" } })).rejects.toThrow("Expected `env` to map variable names");
  });
});
