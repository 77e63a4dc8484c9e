import { describe, expect, it } from "vitest";
import { dk } from "./helpers/dk.ts";
import { useFleet } from "./helpers/fleet.ts";
import { fixture } from "./helpers/paths.ts";

// dk's copy of ssh2 has dk's Poly1305 in place of ssh2's WebAssembly one: a host that offers chacha20-poly1305 alone
// checks it on every packet, both ways (a wrong tag is a failed connection).
const fleet = useFleet({ hosts: 1, sshdConfig: ["Ciphers chacha20-poly1305@openssh.com"] });

describe("native to a host whose sshd offers chacha20-poly1305 alone", () => {
  it("carries output and input byte for byte", async () => {
    const result = await dk(["-f", fixture("chacha"), "round-trip", ...fleet.hostFlags()]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^output whole\ninput whole\n/);
    expect(result.code).toBe(0);
  });
});
