// startSandbox refuses options of the wrong type before starting anything, with a message that says what it got.
import { describe, expect, it } from "vitest";
import { startNetnsHosts } from "../src/netns/start.ts";
import { startSandbox } from "../src/start.ts";

describe("startSandbox options", () => {
  it("names the type of a count given as a string", async () => {
    await expect(startSandbox({ hosts: "2" as unknown as number })).rejects.toThrow(
      "Expected `hosts` to be an integer from 1 to 65023, got `2` (string)",
    );
    await expect(startSandbox({ firstOctet: "9" as unknown as number })).rejects.toThrow(
      "Expected `firstOctet` to be an integer from 1 to 254, got `9` (string)",
    );
  });

  it("refuses an env that is not an object", async () => {
    await expect(startSandbox({ env: "A=1" as unknown as Record<string, string> })).rejects.toThrow(
      'Expected `env` to be an object of variable names and values, got "A=1" (string)',
    );
  });

  it("refuses an sshd_config line that holds a line break: it would be two lines", async () => {
    await expect(startSandbox({ sshdConfig: ["MaxSessions 5\nListenAddress 0.0.0.0"] })).rejects.toThrow(
      'Expected `sshdConfig` to hold lines without line breaks, got "MaxSessions 5\\nListenAddress 0.0.0.0"',
    );
  });

  it("refuses an option it does not know (a typo would go unused), and options that are no object", async () => {
    await expect(startSandbox({ host: 1 } as never)).rejects.toThrow(
      "Unknown option `host` for startSandbox() (it takes: hosts, firstOctet, env, sshdConfig)",
    );
    await expect(startSandbox({ hosts: 1, sshd_config: ["MaxSessions 5"] } as never)).rejects.toThrow(
      "Unknown option `sshd_config` for startSandbox()",
    );
    await expect(startSandbox(null as never)).rejects.toThrow(
      "Expected the options of startSandbox() to be an object, got null (null)",
    );
  });
});

describe("startNetnsHosts options", () => {
  it("refuses an option it does not know, for the fleet or a host, and a host that is no object", async () => {
    await expect(startNetnsHosts({ hosts: [{}], bastoin: true } as never)).rejects.toThrow(
      "Unknown option `bastoin` for startNetnsHosts() (it takes: hosts, nixos, bastion)",
    );
    await expect(startNetnsHosts({ hosts: [{ dropIcmpp: true }] } as never)).rejects.toThrow(
      "Unknown option `dropIcmpp` for a host of startNetnsHosts() (it takes: downFor, dropIcmp)",
    );
    await expect(startNetnsHosts({ hosts: [null] } as never)).rejects.toThrow(
      "Expected the options of a host of startNetnsHosts() to be an object, got null (null)",
    );
  });

  it('refuses a switch that is not a boolean: `bastion: "yes"` would start the hosts without one', async () => {
    await expect(startNetnsHosts({ hosts: [{}], bastion: "yes" } as never)).rejects.toThrow(
      'Expected `bastion` to be a boolean, got "yes" (string)',
    );
    await expect(startNetnsHosts({ hosts: [{ dropIcmp: 1 }] } as never)).rejects.toThrow(
      "Expected `dropIcmp` to be a boolean, got 1 (number)",
    );
  });
});
