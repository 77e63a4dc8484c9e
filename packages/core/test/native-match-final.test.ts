import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import type { Transport } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

// A host whose port, user and key come only from a `Match final` block (the layout of Fedora's ssh_config.d): both
// transports reach it, native without handing it to ssh.
const fleet = useFleet({ hosts: 1 });

function config(): string {
  const { sandbox } = fleet;
  const address = sandbox.addresses[0]!;
  const file = join(mkdtempSync(join(tmpdir(), "dk-final-")), "config");
  writeFileSync(
    file,
    `Host site-web\n  HostName ${address}\nMatch final host ${address}\n  Port ${sandbox.port}\n` +
      `  User ${sandbox.user}\n  IdentityFile ${sandbox.key}\n  IdentitiesOnly yes\n  StrictHostKeyChecking no\n` +
      "  UserKnownHostsFile /dev/null\n  LogLevel ERROR\nMatch !final\n  ConnectTimeout 30\n",
  );
  return file;
}

describe("Match final", () => {
  it.each(["native", "openssh"] as Transport[])("is read as ssh reads it, over %s", async (transport) => {
    const host = new Host("site-web", { sshOptions: ["-F", config()], transport });
    const { stdout } = await host.run("echo $SSH_CONNECTION $(id -un)", { stdout: "pipe", echo: false });
    const [, , address, port, user] = stdout.trim().split(" ");
    expect([address, port, user]).toEqual([fleet.sandbox.addresses[0], String(fleet.sandbox.port), fleet.sandbox.user]);
  });
});
