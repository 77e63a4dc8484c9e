// startSandbox refuses options of the wrong type before starting anything, with a message that says what it got.
import { describe, expect, it } from "vitest";
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
});
