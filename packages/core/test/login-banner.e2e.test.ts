import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { bannerAsSsh, utf8Locale } from "../src/ssh/native/banner.ts";
import { useFleet } from "./helpers/fleet.ts";
import { keygen } from "./helpers/keygen.ts";

// sshd's Banner, which ssh prints on stderr as it logs in (at LogLevel INFO and up, control characters escaped): on
// both transports, the first command's stderr starts with it, under hostKeyCheck "none" (the fleet's) as well.
const dir = mkdtempSync(join(tmpdir(), "dk-banner-"));
writeFileSync(join(dir, "banner"), "Authorized use only.\nLogged: \x1b[31mall\x1b[0m\n");
const fleet = useFleet({ hosts: 1, sshdConfig: [`Banner ${join(dir, "banner")}`] });
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
const shown = "Authorized use only.\nLogged: \\033[31mall\\033[0m\n";

describe("the server's login banner", () => {
  it("comes first on the first command's stderr, escaped as ssh escapes it, and once per connection", async () => {
    const host = fleet.host();
    try {
      const first = await host.run("echo out; echo err >&2", pipe);
      expect(first.stdout).toBe("out\n");
      expect(first.stderr).toBe(`${shown}err\n`);
      // Native's one connection logged in once; ssh's second command logs in again, to open the host's master.
      const again = process.env.DEPLOYKIT_TRANSPORT === "native" ? "" : shown;
      expect((await host.run("echo err >&2", pipe)).stderr).toBe(`${again}err\n`);
    } finally {
      await host.closeConnection();
    }
  });

  it("comes before ssh's reason when the login then fails", async () => {
    keygen(join(dir, "stranger"), ["-t", "ed25519"]);
    const error = await fleet
      .host({ key: join(dir, "stranger") })
      .run("true", pipe)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    const { stderr } = error as CommandError;
    expect(stderr.slice(0, shown.length)).toBe(shown);
    // ssh ends its own messages with CR LF.
    expect(stderr.slice(shown.length)).toMatch(/^\S+: Permission denied \(publickey\)\.\r?\n$/);
  });

  it("is not shown under a LogLevel that hides ssh's information", async () => {
    const host = fleet.host({ sshOptions: [...fleet.sandbox.hostOptions.sshOptions, "-o", "LogLevel=ERROR"] });
    try {
      expect((await host.run("echo err >&2", pipe)).stderr).toBe("err\n");
    } finally {
      await host.closeConnection();
    }
  });
});

describe("bannerAsSsh", () => {
  it("keeps what a terminal prints, and escapes each byte of the rest in octal", () => {
    expect(bannerAsSsh("a\tb\r\n", true)).toBe("a\tb\r\n");
    expect(bannerAsSsh("\x1b]0;x\x07 \x7f \u0085", true)).toBe("\\033]0;x\\007 \\177 \\302\\205");
    expect(bannerAsSsh("café ✓", true)).toBe("café ✓");
    // The C locale prints ASCII alone.
    expect(bannerAsSsh("café", false)).toBe("caf\\303\\251");
  });

  it("prints UTF-8 where the locale ssh would take names it", () => {
    expect(utf8Locale({ LANG: "en_US.UTF-8" })).toBe(true);
    expect(utf8Locale({ LC_ALL: "C", LANG: "C.UTF-8" })).toBe(false);
    expect(utf8Locale({ LC_ALL: "", LC_CTYPE: "de_DE.utf8", LANG: "C" })).toBe(true);
    expect(utf8Locale({})).toBe(false);
  });
});
