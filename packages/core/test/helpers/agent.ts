import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";

/**
 * An ssh-agent of the test file's own, started before its tests with `setUp` (which adds keys) and stopped after them:
 * SSH_AUTH_SOCK points at it meanwhile. `add` loads a key (ssh-add's `options` first, such as `-h`), giving ssh-add the
 * passphrase if there is one. Its `dir`, a place for the test's keys too, is removed after.
 */
export function useAgent(
  setUp: (agent: { add: (key: string, passphrase?: string, options?: readonly string[]) => void }) => void,
): {
  readonly dir: string;
} {
  const dir = mkdtempSync(join(tmpdir(), "dk-agent-"));
  const socket = join(dir, "agent.sock");
  const before = process.env.SSH_AUTH_SOCK;
  let agent: ChildProcess | undefined;
  const add = (key: string, passphrase = "", options: readonly string[] = []) => {
    const askpass = join(dir, "askpass");
    writeFileSync(askpass, `#!/bin/sh\nprintf '%s\\n' '${passphrase}'\n`, { mode: 0o700 });
    const env = { ...process.env, SSH_AUTH_SOCK: socket, SSH_ASKPASS: askpass, SSH_ASKPASS_REQUIRE: "force" };
    execFileSync("ssh-add", ["-q", ...options, key], { env, stdio: ["ignore", "ignore", "inherit"] });
  };
  beforeAll(async () => {
    agent = spawn("ssh-agent", ["-D", "-a", socket], { stdio: "ignore" });
    for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
    setUp({ add });
    process.env.SSH_AUTH_SOCK = socket;
  });
  afterAll(() => {
    if (before === undefined) delete process.env.SSH_AUTH_SOCK;
    else process.env.SSH_AUTH_SOCK = before;
    agent?.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir };
}
