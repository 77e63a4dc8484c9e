// A host whose login prints to stdout (a ~/.bashrc that echoes, read by bash for commands over ssh) breaks rsync's
// protocol: the host's failure says so and how to quiet the login, not only rsync's "protocol incompatibility".
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GroupError } from "@deploykit/core";
import { describe, expect, it } from "vitest";
import { deployNixos, type HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import { useOneHost } from "./helpers.ts";

const one = useOneHost("src");

describe("a host whose login greets on stdout", () => {
  it("fails at rsync saying that the login prints, and how to keep it quiet", async () => {
    const bashrc = join(one.fleet.sandbox.home, ".bashrc");
    writeFileSync(bashrc, "echo 'Welcome to web1'\n");
    try {
      const configDir = one.fleet.configDir(one.address, "greeting");
      const hosts = one.fleet.hosts([{ configDir }]);
      const error = await deployNixos(hosts, { source: one.source, summary: false }).catch((e: unknown) => e);
      const failure = (error as GroupError).failed[0]!.error as HostDeployError;
      expect(failure).toMatchObject({ step: "rsync", outcome: "failed" });
      expect(failure.reason).toMatch(/^rsync failed \(exit code 2\): the host's login prints to stdout, /);
      expect(failure.reason).toContain("[[ $- == *i* ]] || return");
      expect(one.fleet.steps(one.address)).toEqual([]);
    } finally {
      rmSync(bashrc, { force: true });
    }
  }, 60_000);
});
