import { afterEach, describe, expect, it } from "vitest";
import { configure } from "../src/settings.ts";
import type { Transport } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

// Algorithm lists that name what native lacks (umac, sntrup761, certificates): under auto a host stays native while
// ssh would choose, on that server, a name native has; else its commands go through ssh, the first one included.
const fleet = useFleet({
  hosts: 1,
  sshdConfig: ["Ciphers aes128-ctr,aes128-gcm@openssh.com", "MACs umac-128-etm@openssh.com,hmac-sha2-256"],
});
afterEach(() => void configure({ trace: undefined }));

async function run(options: readonly string[], transport: Transport = "auto") {
  const lines: string[] = [];
  configure({ trace: (line) => lines.push(line) });
  const sshOptions = [...fleet.sandbox.hostOptions.sshOptions, ...options.flatMap((o) => ["-o", o])];
  const [host] = fleet.group({ sshOptions, transport }).hosts;
  const outputs = [];
  for (let i = 0; i < 2; i++) outputs.push((await host!.run("echo ran", { stdout: "pipe", echo: false })).stdout);
  return { outputs, trace: lines.filter((line) => line.includes("transport")) };
}

describe("lists with names native lacks", () => {
  it("go through ssh when ssh would choose such a name on that server, from the first command on", async () => {
    const { outputs, trace } = await run(["Ciphers=aes128-ctr", "MACs=umac-128-etm@openssh.com,hmac-sha2-256"]);
    expect(outputs).toEqual(["ran\n", "ran\n"]);
    expect(trace.at(-1)).toMatch(/transport openssh \(MACs: ssh would take umac-128-etm@openssh.com \(C->S\)/);
    const kex = await run(["KexAlgorithms=sntrup761x25519-sha512@openssh.com,curve25519-sha256"]);
    expect(kex.outputs).toEqual(["ran\n", "ran\n"]);
    expect(kex.trace.at(-1)).toMatch(/KexAlgorithms: ssh would take sntrup761x25519-sha512@openssh.com/);
  });

  it("stay native where ssh chooses what native has: an earlier name, or a cipher that needs no MAC", async () => {
    for (const options of [
      ["Ciphers=aes128-ctr", "MACs=hmac-sha2-256,umac-128-etm@openssh.com"],
      ["Ciphers=aes128-gcm@openssh.com,aes128-ctr", "MACs=umac-128-etm@openssh.com,hmac-sha2-256"],
      // A host without a certificate: ssh takes its plain key, as native does.
      ["HostKeyAlgorithms=ssh-ed25519-cert-v01@openssh.com,ssh-ed25519,ecdsa-sha2-nistp256,rsa-sha2-512"],
    ]) {
      const { outputs, trace } = await run(options);
      expect(outputs).toEqual(["ran\n", "ran\n"]);
      expect(trace).toEqual([expect.stringMatching(/transport native$/)]);
    }
  });

  it("asked for, native connects with the names it has", async () => {
    const options = ["Ciphers=aes128-ctr", "MACs=umac-128-etm@openssh.com,hmac-sha2-256"];
    const { outputs, trace } = await run(options, "native");
    expect(outputs).toEqual(["ran\n", "ran\n"]);
    expect(trace).toEqual([expect.stringMatching(/transport native$/)]);
  });
});
