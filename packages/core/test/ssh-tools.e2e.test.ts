// host.sshCommand() and host.scpArgs() driving the real tools against a sandbox host (never on port 22).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import { useFleet } from "./helpers/fleet.ts";

// scp speaks SFTP by default (OpenSSH 9): the sandbox sshd has the subsystem, as a stock host does.
const fleet = useFleet({ hosts: 1 });
const dir = mkdtempSync(join(tmpdir(), "dk ssh tools '"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const host = (extra: string[] = []) => {
  const { addresses, port, user, hostOptions } = fleet.sandbox;
  // A key path with a space and a quote: the command line must carry it as one word.
  const key = join(dir, "id key's");
  writeFileSync(key, readFileSync(hostOptions.key), { mode: 0o600 });
  return new Host(addresses[0]!, {
    ...hostOptions,
    user,
    port,
    key,
    sshOptions: [...hostOptions.sshOptions, ...extra],
  });
};

describe("host.sshCommand()", () => {
  it("is an `rsync -e` that reaches the host over its shared connection", async () => {
    const h = host();
    // The first use of a host's connection goes over one of its own; from the second on, it is shared.
    await h.sshArgs();
    const command = await h.sshCommand();
    expect(command).toMatch(/^ssh .*-p \d+ /);
    if (process.env.DEPLOYKIT_SSH_REUSE !== "0") expect(command).toContain("ControlPath=");
    writeFileSync(join(dir, "a"), "over rsync -e\n");
    execFileSync("rsync", ["-e", command, join(dir, "a"), `${h.user}@${h.hostname}:${join(dir, "b")}`], {
      timeout: 30_000,
    });
    expect(readFileSync(join(dir, "b"), "utf8")).toBe("over rsync -e\n");
  });
});

describe("host.scpArgs()", () => {
  it("are scp's options: the port as -P, the user as User=; a real scp copies to the host's own port", async () => {
    const h = host();
    const args = await h.scpArgs();
    expect(args).toEqual(expect.arrayContaining(["-P", String(fleet.sandbox.port), "-o", `User=${h.user}`]));
    expect(args).not.toContain("-p");
    expect(args).not.toContain("-l");
    writeFileSync(join(dir, "c"), "over scp\n");
    execFileSync("scp", [...args, join(dir, "c"), `${h.hostname}:${join(dir, "d")}`], { timeout: 30_000 });
    expect(readFileSync(join(dir, "d"), "utf8")).toBe("over scp\n");
  });
});
