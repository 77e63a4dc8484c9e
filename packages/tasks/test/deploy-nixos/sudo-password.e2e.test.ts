// A login user whose sudo wants a password, given (setSudoPassword, dk --ask-sudo-password): the copy reaches the
// root-owned config dir as every other step does. The user and its sudo are real (sandbox's createSudoUser); the
// host's sudo finds the stand-in NixOS through the user's own secure_path, as a real host's would find nixos-rebuild.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GroupError, Host, setSudoPassword } from "@deploykit/core";
import { ownedInTmp, type SudoUser } from "@deploykit/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deployNixos, HostDeployError, type NixosMeta } from "../../src/builtin/deploy-nixos/index.ts";
import { makeSource, startSudoFleet, sudoUserHost, type Fleet } from "./helpers.ts";

const PASSWORD = "sudo pw";
let fleet: Fleet | undefined;
let user: SudoUser | undefined;

beforeAll(async () => {
  ({ fleet, user } = await startSudoFleet("dk-pw", PASSWORD));
}, 120_000);

afterAll(async () => {
  try {
    await user?.remove();
  } finally {
    await fleet?.stop();
  }
});

afterEach(() => setSudoPassword(undefined));

function host(configDir: string): Host<NixosMeta> {
  const f = fleet!;
  return sudoUserHost(f, user!, configDir);
}

describe("deployNixos as a user whose sudo wants a password", () => {
  it("copies the configuration with the password given: filters kept, stray files gone, root's files", async () => {
    const f = fleet!;
    const source = makeSource(join(f.work, "src"));
    const configDir = join(f.sandbox.dir, "hosts", "pw", "nixos");
    mkdirSync(configDir, { recursive: true });
    // The host's own files, as a deployment before left them: one the source no longer has (mirrored away), one the
    // filters keep from the mirror (rsync reads the receiver's .rsync-filter files for that).
    writeFileSync(join(configDir, "stray.txt"), "only on the host\n");
    writeFileSync(join(configDir, ".rsync-filter"), "- *.local\n");
    writeFileSync(join(configDir, "host.local"), "the host's own\n");
    setSudoPassword(PASSWORD);
    const [result] = await deployNixos([host(configDir)], { source, action: "test", summary: false });
    expect(result!.ok, String(result!.ok ? "" : result!.error)).toBe(true);
    expect(result!.result.outcome).toBe("confirmed");
    expect(readFileSync(join(configDir, "flake.nix"), "utf8")).toContain("outputs");
    expect(statSync(join(configDir, "flake.nix")).uid).toBe(0);
    expect(statSync(join(configDir, "secret.key")).mode & 0o777).toBe(0o600);
    expect(existsSync(join(configDir, "stray.txt"))).toBe(false);
    expect(existsSync(join(configDir, "notes.local"))).toBe(false);
    expect(existsSync(join(configDir, "modules", "draft.nix"))).toBe(false);
    expect(readFileSync(join(configDir, "host.local"), "utf8")).toBe("the host's own\n");
    // The staged copy is gone from the host's temporary directory (its ssh sessions have no TMPDIR: /tmp).
    expect(ownedInTmp(user!.name, (name) => name.startsWith("dk-deploy-copy."))).toEqual([]);
  });

  it("without the password: says to give it, and nothing reached the config dir", async () => {
    const f = fleet!;
    const source = makeSource(join(f.work, "src2"));
    const configDir = join(f.sandbox.dir, "hosts", "nopw", "nixos");
    const error = await deployNixos([host(configDir)], { source, action: "test", summary: false }).catch((e) => e);
    const failure = (error as GroupError<unknown>).failed[0]!.error as HostDeployError;
    expect(failure.reason).toMatch(/--ask-sudo-password/);
    expect(existsSync(join(configDir, "flake.nix"))).toBe(false);
  });
});
