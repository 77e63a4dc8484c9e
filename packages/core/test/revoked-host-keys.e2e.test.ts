import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";

// RevokedHostKeys on both transports: a host whose key the file lists is refused in ssh's words, whatever the
// host-key policy; one it does not list runs.
const fleet = useFleet({ hosts: 1 });
const dir = mkdtempSync(join(tmpdir(), "dk-revoked-"));
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;

function run(revoked: string) {
  const file = join(dir, `revoked-${Math.random()}`);
  writeFileSync(file, revoked);
  const sshOptions = [...fleet.sandbox.hostOptions.sshOptions, "-o", `RevokedHostKeys=${file}`];
  return { file, run: fleet.host({ sshOptions }).run("echo ran", pipe) };
}

describe("RevokedHostKeys", () => {
  it("refuses a host whose key the file lists, naming the key and the file as ssh does", async () => {
    const hostKey = readFileSync(join(fleet.sandbox.dir, "host_key.pub"), "utf8");
    const [, print] = execFileSync("ssh-keygen", ["-lf", join(fleet.sandbox.dir, "host_key.pub")], {
      encoding: "utf8",
    }).split(" ");
    const { file, run: refused } = run(`# revoked\n\n${hostKey}`);
    const error = await refused.then(
      () => undefined,
      (e: unknown) => e as CommandError,
    );
    expect(error?.exitCode).toBe(255);
    expect(error?.stderr).toContain(`Host key ED25519 ${print} revoked by file ${file}`);
    expect(error?.stderr).toContain("Host key verification failed.");
  });

  it("runs on a host the file does not list", async () => {
    execFileSync("ssh-keygen", ["-q", "-N", "", "-t", "ed25519", "-f", join(dir, "other")]);
    const other = readFileSync(join(dir, "other.pub"), "utf8");
    expect((await run(`ssh-ed25519 ${other.split(" ")[1]} other\n`).run).stdout).toBe("ran\n");
  });
});
