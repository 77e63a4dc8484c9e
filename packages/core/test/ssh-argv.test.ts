import { describe, expect, it } from "vitest";
import { hostKeyOptions, sshArgv, sshOptionArgs, type SshTarget } from "../src/ssh/argv.ts";

const base: SshTarget = { hostname: "web1", hostKeyCheck: "strict", sshOptions: [] };

describe("sshArgv", () => {
  it("puts the hostname after `--` and the command last", () => {
    expect(sshArgv(base, "true", ["-o", "A=b"])).toEqual(["-o", "A=b", "--", "web1", "true"]);
  });

  it("maps every connection setting", () => {
    const argv = sshOptionArgs({ ...base, user: "admin", port: 2222, key: "/k", forwardAgent: true, verboseSsh: true });
    expect(argv).toEqual(["-p", "2222", "-i", "/k", "-A", "-v", "-o", "StrictHostKeyChecking=yes", "-l", "admin"]);
  });

  it("places the user's own options first, so they win over ours", () => {
    const argv = sshOptionArgs({ ...base, sshOptions: ["-o", "StrictHostKeyChecking=no", "-J", "bastion"] });
    expect(argv.slice(0, 4)).toEqual(["-o", "StrictHostKeyChecking=no", "-J", "bastion"]);
    expect(argv.indexOf("StrictHostKeyChecking=yes")).toBeGreaterThan(3);
  });

  it("passes IPv6 addresses as they are", () => {
    const ipv6 = { ...base, hostname: "::1", port: 22 };
    expect(sshArgv(ipv6, "x", sshOptionArgs(ipv6)).slice(-3)).toEqual(["--", "::1", "x"]);
  });
});

describe("hostKeyOptions", () => {
  it("strict verifies and never prompts", () => {
    expect(hostKeyOptions("strict")).toEqual(["-o", "StrictHostKeyChecking=yes"]);
  });
  it("tofu accepts new keys only", () => {
    expect(hostKeyOptions("tofu")).toEqual(["-o", "StrictHostKeyChecking=accept-new"]);
  });
  it("none checks nothing and writes no known_hosts", () => {
    const opts = hostKeyOptions("none");
    expect(opts).toContain("StrictHostKeyChecking=no");
    expect(opts).toContain("UserKnownHostsFile=/dev/null");
    expect(opts).toContain("LogLevel=ERROR");
    expect(hostKeyOptions("none", true)).not.toContain("LogLevel=ERROR");
  });
});
