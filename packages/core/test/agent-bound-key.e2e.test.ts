import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import { configure } from "../src/settings.ts";
import { useAgent } from "./helpers/agent.ts";
import { useFleet } from "./helpers/fleet.ts";

// A key added with `ssh-add -h` signs only for the hosts it names, once ssh proves the host to the agent
// (session-bind@openssh.com): ssh logs in with it, so a native login the agent refuses goes through ssh.
const fleet = useFleet({ hosts: 1 });
const { dir } = useAgent(({ add }) => {
  const { addresses, port, key } = fleet.sandbox;
  const args = ["-p", String(port), addresses[0]!];
  const found = execFileSync("ssh-keyscan", args, {
    encoding: "utf8",
    timeout: 20_000,
    stdio: ["ignore", "pipe", "ignore"],
  });
  writeFileSync(join(dir, "known_hosts"), found);
  add(key, "", ["-H", join(dir, "known_hosts"), "-h", `[${addresses[0]}]:${port}`]);
});
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
afterEach(() => void configure({ trace: undefined }));

describe("an agent key bound to hosts (ssh-add -h)", () => {
  it("logs in to the host it is bound to, on either transport (native leaves it to ssh, and says so)", async () => {
    const { addresses, port, user } = fleet.sandbox;
    const lines: string[] = [];
    configure({ trace: (m) => lines.push(m) });
    const sshOptions = [
      "-F",
      "/dev/null",
      "-o",
      `UserKnownHostsFile=${join(dir, "known_hosts")}`,
      "-o",
      "IdentityFile=none",
    ];
    const host = new Host(addresses[0]!, { user, port, hostKeyCheck: "strict", sshOptions });
    try {
      expect((await host.run("echo ran", pipe)).stdout).toBe("ran\n");
      expect((await host.run("echo again", pipe)).stdout).toBe("again\n");
    } finally {
      await host.closeConnection();
    }
    if (process.env.DEPLOYKIT_TRANSPORT === "native")
      expect(lines.join("\n")).toMatch(/transport openssh \(the agent would not sign for this host; ssh can bind it\)/);
  });
});
