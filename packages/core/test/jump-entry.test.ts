import { execFileSync, spawnSync } from "node:child_process";
import { freePort } from "@deploykit/sandbox";
import { beforeAll, describe, expect, it } from "vitest";
import { chooseTransport } from "../src/ssh/native/route.ts";
import { parsedJump, parseHostEntryLoose } from "../src/ssh/resolve/jump.ts";

// A loopback port nothing listens on: the jump ssh runs is refused at once.
let port = 0;
beforeAll(async () => void (port = await freePort()));
const L = "127.0.0.1";

// How ssh reads `entry` as the last ProxyJump hop: the user, port and host of the jump it runs (`ssh -v` names the
// command), or undefined when it refuses the entry.
function sshReads(entry: string): { user?: string; hostname: string; port?: number } | undefined {
  const argv = ["-v", "-F", "/dev/null", "-o", "BatchMode=yes", "-J", entry, L, "true"];
  const { stderr } = spawnSync("ssh", argv, { encoding: "utf8", timeout: 20_000 });
  if (/Invalid -J argument/.test(stderr)) return undefined;
  const words = /Executing proxy command: exec (.*)$/m.exec(stderr)?.[1]?.split(" ") ?? [];
  const after = (flag: string) => (words.includes(flag) ? words[words.indexOf(flag) + 1] : undefined);
  const [user, p] = [after("-l"), after("-p")];
  return { ...(user && { user }), hostname: words.at(-1)!, ...(p && { port: Number(p) }) };
}

// ProxyJump as `ssh -G` prints it.
const sshJump = (entry: string) =>
  /^proxyjump (.*)$/m.exec(execFileSync("ssh", ["-G", "-F", "/dev/null", "-J", entry, "x"], { encoding: "utf8" }))?.[1];

describe("a ProxyJump entry", () => {
  it("is read as ssh reads it: the user up to the last @, in a URI the first (decoded, ;params dropped)", () => {
    const entries = [
      `a@b@${L}:${port}`,
      `@b@${L}:${port}`,
      `a@@${L}:${port}`,
      `${L}:0${port}`,
      `u@[${L}]:${port}`,
      `ssh://%41@${L}:${port}`,
      `ssh://a%40b@${L}:${port}/`,
      `ssh://u;x=y@${L}.:${port}`,
      `ssh://[${L}]:${port}`,
    ];
    for (const entry of entries) {
      const read = sshReads(entry);
      expect(read, entry).toBeDefined();
      expect(parseHostEntryLoose(entry), entry).toEqual(read);
      expect(parsedJump(entry), entry).toBe(sshJump(entry));
    }
    expect(parseHostEntryLoose(`a@b@${L}`)).toEqual({ user: "a@b", hostname: L });
  });

  it("that ssh refuses is none, and one that names a port by service or decodes past ASCII is left to ssh", () => {
    const refused = [
      `ssh://a@b@${L}:${port}`,
      `${L}:0`,
      `${L}:65536`,
      `${L}:${port}/`,
      `@${L}`,
      "a@",
      `ssh://@${L}`,
      `ssh://;x@${L}`,
      `ssh://a%zz@${L}`,
      `ssh://[::1]:${port}`,
      "ssh://a..b",
      "ssh://-a",
      `ssh://${L}:/`,
    ];
    for (const entry of refused) {
      expect(sshReads(entry), entry).toBeUndefined();
      expect(parseHostEntryLoose(entry), entry).toBeUndefined();
    }
    for (const entry of [`${L}:ssh`, `ssh://%C3%A9@${L}:${port}`]) {
      expect(sshReads(entry), entry).toBeDefined();
      expect(parseHostEntryLoose(entry), entry).toBeUndefined();
    }
  });

  it("with an @ in the user is reached natively as ssh reaches it (ssh -G); a blank goes to ssh", async () => {
    const known = ["-o", "UserKnownHostsFile=/dev/null"];
    const choice = await chooseTransport(
      "auto",
      "web1",
      ["-F", "/dev/null", "-J", `a@b@${L}:${port}`, ...known],
      false,
    );
    expect(choice.transport).toBe("native");
    const jump = choice.transport === "native" ? choice.chain[0]!.resolved : undefined;
    const g = execFileSync("ssh", ["-G", "-F", "/dev/null", "-l", "a@b", "-p", String(port), L], { encoding: "utf8" });
    const field = (name: string) => new RegExp(`^${name} (.*)$`, "m").exec(g)?.[1];
    expect(jump).toMatchObject({ user: field("user"), hostname: field("hostname"), port: Number(field("port")) });
    // ssh's user is `a b`, which it puts into the jump's shell command unquoted.
    expect(sshJump("ssh://a+b@c")).toBe("a b@c");
    const spaced = await chooseTransport("auto", "web2", ["-F", "/dev/null", "-J", "ssh://a+b@c", ...known], false);
    expect(spaced).toMatchObject({ transport: "openssh" });
  });
});
