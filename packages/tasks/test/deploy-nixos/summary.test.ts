import { Host, HostResult } from "@deploykit/core";
import { describe, expect, it } from "vitest";
import { deploySummary } from "../../src/builtin/deploy-nixos/deploy.ts";
import { HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import type { Deployment } from "../../src/builtin/deploy-nixos/types.ts";

const done = (name: string, durationMs: number, outcome: Deployment["outcome"] = "built", reattached = 0) =>
  HostResult.ok<Deployment, unknown>(new Host(name), {
    configDir: "/etc/nixos",
    rebuild: ["nixos-rebuild"],
    durationMs,
    outcome,
    system: "/nix/store/x-nixos-system",
    reattached,
  });
const failed = (name: string, error: unknown) => HostResult.failed<Deployment, unknown>(new Host(name), error);

describe("the summary", () => {
  it("is dk's table: one aligned line per host in host order, with result, time and the reason for failures", () => {
    const reason = "nixos-rebuild failed (exit code 1): error: attribute 'db' missing";
    const text = deploySummary("switch", [
      done("web1.example.com", 61_234),
      failed("db", new HostDeployError({ host: "db", step: "nixos-rebuild", durationMs: 4_500, reason })),
      failed("odd", new Error("thrown by something else")),
    ]);
    expect(text).toBe(
      [
        "",
        "host              result  duration",
        "web1.example.com  ok         1m01s",
        `db                failed      4.5s  ${reason}`,
        "odd               failed      0.0s  thrown by something else",
        "deploy-nixos switch on 3 hosts: 1 ok, 2 failed",
        "",
      ].join("\n"),
    );
  });

  it("says per host: confirmed, rolled back (why), unreachable, skipped, stopped; counts the last two apart", () => {
    type Outcome = "rolled back" | "unreachable" | "skipped" | "stopped" | "left running";
    const error = (host: string, outcome: Outcome, reason: string) =>
      failed(host, new HostDeployError({ host, step: "confirm", outcome, durationMs: 35_000, reason }));
    const text = deploySummary("switch", [
      done("web1", 12_000, "confirmed"),
      done("web2", 14_000, "confirmed", 1),
      error("web3", "rolled back", "rolled back: no confirmation within 30 s"),
      error("web4", "unreachable", "unreachable: no new ssh connection for 1m30s"),
      error("web5", "skipped", "skipped: the canary web3 failed"),
      error("web6", "stopped", "stopped: nixos-rebuild was stopped; the system did not change"),
      error("web7", "left running", "left running: nixos-rebuild goes on on the host"),
    ]);
    expect(text.split("\n").slice(2, 10)).toEqual([
      "web1  ok          12.0s  confirmed",
      "web2  ok          14.0s  confirmed, re-attached 1x after a dropped connection",
      "web3  failed      35.0s  rolled back: no confirmation within 30 s",
      "web4  failed      35.0s  unreachable: no new ssh connection for 1m30s",
      "web5  skipped     35.0s  the canary web3 failed",
      "web6  stopped     35.0s  nixos-rebuild was stopped; the system did not change",
      "web7  failed      35.0s  left running: nixos-rebuild goes on on the host",
      "deploy-nixos switch on 7 hosts: 2 ok, 3 failed, 1 stopped, 1 skipped",
    ]);
  });

  it("says of a boot that the host runs the new system after its next reboot, not that it activated it", () => {
    const text = deploySummary("boot", [done("web1", 2_000, "activated", 1), done("web2", 9_000, "rebooted")]);
    expect(text.split("\n").slice(2, 4)).toEqual([
      "web1  ok          2.0s  boot default set: it runs the new system after its next reboot, re-attached 1x " +
        "after a dropped connection",
      "web2  ok          9.0s  rebooted into the new system",
    ]);
    expect(deploySummary("switch", [done("web1", 2_000, "activated")]).split("\n")[2]).toBe(
      "web1  ok          2.0s  activated",
    );
  });

  it("says when nothing ran", () => {
    // A dry run's host activated nothing: the table claims nothing for it.
    expect(deploySummary("boot", [done("a", 0, "activated")], true)).toBe(
      "\nhost  result  duration\na     ok          0.0s\n" +
        "deploy-nixos boot (dry run: nothing ran) on 1 host: 1 ok, 0 failed\n",
    );
  });
});
