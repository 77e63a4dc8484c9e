// A key that needs a passphrase, no agent, and an askpass program that gives the passphrase: ssh logs in on the
// connection dk shares, which may ask, but never on the connections that must ask nothing (the lock's keeper, the
// rollback's confirmation). dk says what that leaves, rather than let the lock fall back to its lease unsaid or the
// host go back by itself after every activation.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GroupError, Host } from "@deploykit/core";
import { waitUntil } from "@deploykit/sandbox";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { deployNixos, type HostDeployError, type NixosMeta } from "../../src/builtin/deploy-nixos/index.ts";
import { lockFile } from "../../src/builtin/deploy-nixos/lock-script.ts";
import { lockHost } from "../../src/builtin/deploy-nixos/lock.ts";
import { useOneHost } from "./helpers.ts";

const one = useOneHost("src");
let stderr: string[] = [];

// The sandbox's key under a passphrase (the same key, so the host takes it), given by an askpass program only.
beforeEach(() => {
  const key = join(one.fleet.work, "locked-key");
  if (!existsSync(key)) {
    copyFileSync(one.fleet.sandbox.key, key);
    chmodSync(key, 0o600);
    execFileSync("ssh-keygen", ["-q", "-p", "-P", "", "-N", "open sesame", "-f", key]);
    writeFileSync(join(one.fleet.work, "askpass"), "#!/bin/sh\necho 'open sesame'\n", { mode: 0o755 });
  }
  vi.stubEnv("SSH_ASKPASS", join(one.fleet.work, "askpass"));
  vi.stubEnv("SSH_ASKPASS_REQUIRE", "force");
  vi.stubEnv("SSH_AUTH_SOCK", undefined);
  stderr = [];
  const write = process.stderr.write.bind(process.stderr);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk, ...rest) => {
    stderr.push(String(chunk));
    return write(chunk, ...(rest as []));
  });
});
afterEach(() => void (vi.unstubAllEnvs(), vi.restoreAllMocks()));

const host = (configDir: string) => {
  const { addresses, hostOptions, port } = one.fleet.sandbox;
  const key = join(one.fleet.work, "locked-key");
  return new Host<NixosMeta>(addresses[0]!, { ...hostOptions, key, user: "root", port, meta: { configDir } });
};
const said = () => stderr.join("");

describe("a key that needs a passphrase, given by askpass, with no agent", () => {
  it("says that the lock has no keeper: a dk that dies leaves it for its lease", async () => {
    const configDir = one.fleet.configDir(one.address, "keeperless");
    const lock = await lockHost(host(configDir), configDir, "dk-deploy-keeperless");
    try {
      await waitUntil(() => said().includes("no keeper"), "dk to say the keeper could not log in");
      expect(said()).toContain(
        `[${one.address}] no keeper for the deployment lock of ${configDir} on the host (ssh failed: `,
      );
      expect(said()).toContain(
        "should dk die or lose the host now, the lock stays until its lease runs out (120 s after dk last renewed " +
          "it) and deployments there skip the host\n",
      );
      expect(said().match(/no keeper/g)).toHaveLength(1);
    } finally {
      await lock.release();
    }
    expect(existsSync(lockFile(configDir))).toBe(false);
  }, 60_000);

  it("refuses an armed rollback before anything is sent: it could never be confirmed", async () => {
    const configDir = one.fleet.configDir(one.address, "armed");
    const error = await deployNixos([host(configDir)], { source: one.source, action: "test", summary: false }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GroupError);
    const failure = (error as GroupError).failed[0]!.error as HostDeployError;
    expect(failure).toMatchObject({ step: "confirm", outcome: "failed" });
    expect(failure.reason).toMatch(
      new RegExp(
        /^not deployed: the magic rollback is confirmed over a new ssh connection that asks nothing, /.source +
          /which the host refuses \(ssh failed: .*Permission denied/.source,
      ),
    );
    expect(failure.reason).toMatch(
      /nothing was sent: let dk log in without a prompt \(ssh-agent\), or deploy with --no-rollback$/,
    );
    expect(one.fleet.steps(one.address), "nothing activated").toEqual([]);
    expect(existsSync(join(configDir, "flake.nix")), "nothing sent").toBe(false);
    expect(existsSync(lockFile(configDir))).toBe(false);
  }, 120_000);

  it("deploys without the rollback: only the shared connection, which may ask, is needed", async () => {
    const configDir = one.fleet.configDir(one.address, "unarmed");
    const [result] = await deployNixos([host(configDir)], {
      source: one.source,
      action: "test",
      rollback: false,
      summary: false,
    });
    expect(result!.result.outcome).toBe("activated");
    expect(one.fleet.steps(one.address).some((step) => step.startsWith("nixos-rebuild"))).toBe(true);
  }, 120_000);
});
