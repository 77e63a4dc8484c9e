import { Host, HostResult } from "@deploykit/core";
import { describe, expect, it } from "vitest";
import { HostDeployError } from "../../src/builtin/deploy-nixos/index.ts";
import { formatSummary } from "../../src/builtin/deploy-nixos/summary.ts";
import type { Deployment } from "../../src/builtin/deploy-nixos/types.ts";

const done = (name: string, durationMs: number) =>
  HostResult.ok<Deployment, unknown>(new Host(name), { configDir: "/etc/nixos", rebuild: ["nixos-rebuild"], durationMs });
const failed = (name: string, error: unknown) => HostResult.failed<Deployment, unknown>(new Host(name), error);

describe("the summary", () => {
  it("has one aligned line per host in host order, with status, time and the reason for failures", () => {
    const reason = "nixos-rebuild failed (exit code 1): error: attribute 'db' missing";
    const text = formatSummary("switch", [
      done("web1.example.com", 61_234),
      failed("db", new HostDeployError({ host: "db", step: "nixos-rebuild", durationMs: 4_500, reason })),
      failed("odd", new Error("thrown by something else")),
    ]);
    expect(text).toBe(
      [
        "deploy-nixos switch: 1 of 3 hosts ok",
        "  ok      web1.example.com  61.2 s",
        `  FAILED  db                 4.5 s  ${reason}`,
        "  FAILED  odd                       thrown by something else",
        "",
      ].join("\n"),
    );
  });

  it("says when nothing ran", () => {
    expect(formatSummary("boot", [done("a", 0)], true)).toBe("deploy-nixos boot (dry run: nothing ran): 1 of 1 host ok\n  ok      a  0.0 s\n");
  });
});
