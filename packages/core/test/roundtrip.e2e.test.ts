import { describe, expect, it } from "vitest";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });

// Deterministic generator: the same nasty values on every run, so a failure can be reproduced.
function values(count: number): string[] {
  const alphabet = [
    ..."abc XYZ 019'\"`$\\!*?[]{}()<>|&;#~=%^,.:-_/\t\n\r",
    "é",
    "✓",
    "😀",
    "\u00a0",
    "\u200b",
    "$(id)",
    "${HOME}",
    "'\\''",
    "--",
  ];
  let seed = 42;
  const next = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed);
  return Array.from({ length: count }, (_, i) => {
    if (i === 0) return "";
    const length = 1 + (next() % 24);
    return Array.from({ length }, () => alphabet[next() % alphabet.length]).join("");
  });
}

describe("round trip", () => {
  it("brings 300 generated arguments back byte for byte", async () => {
    const args = values(300);
    const r = await fleet.group().hosts[0]!.run(["printf", "%s\\0", ...args], { stdout: "pipe", echo: false });
    expect(r.stdout.split("\0").slice(0, -1)).toEqual(args);
  });

  it("brings 200 generated env values back byte for byte", async () => {
    const vals = values(200);
    const env = Object.fromEntries(vals.map((v, i) => [`V${i}`, v]));
    const script = 'for i in $(seq 0 199); do eval "printf %s\\\\\\\\0 \\"\\$V$i\\""; done';
    const r = await fleet.group().hosts[0]!.run(script, { env, stdout: "pipe", echo: false });
    expect(r.stdout.split("\0").slice(0, -1)).toEqual(vals);
  });

  it("brings a generated string command's arguments back through bash -c", async () => {
    const { quoteArgv } = await import("../src/run/quote.ts");
    const args = values(100);
    const r = await fleet.group().hosts[0]!.run(`printf '%s\\0' ${quoteArgv(args)}`, { stdout: "pipe", echo: false });
    expect(r.stdout.split("\0").slice(0, -1)).toEqual(args);
  });
});
