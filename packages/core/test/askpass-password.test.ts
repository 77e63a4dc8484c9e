import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CommandError } from "../src/errors.ts";
import { configure } from "../src/settings.ts";
import { chooseTransport } from "../src/ssh/native/route.ts";
import { asksForPassword } from "../src/ssh/native/password-prompt.ts";
import { resolveSsh } from "../src/ssh/resolve/resolve.ts";
import type { Transport } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";
import { keygen } from "./helpers/keygen.ts";
import { rejection } from "./helpers/rejection.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

// With a display and an askpass program, ssh under dk (no terminal) goes on from refused keys to ask that program for
// the password of a host that takes one, and logs in with it; native logs in with keys alone. Such a host, refused
// native's keys, goes through ssh (nothing was run yet), on either transport.
const PASSWORD = `pw-${process.pid}`;
const fleet = useFleet({ hosts: 1, sshdConfig: ["Match all", "  PasswordAuthentication yes"] });
const user = useSudoUser(fleet, `dk-askpw-${process.pid}`, PASSWORD);
const pipe = { stdout: "pipe", stderr: "pipe", echo: false } as const;
const dir = mkdtempSync(join(tmpdir(), "dk-askpass-pw-"));
const asked = join(dir, "asked");
const askpass = join(dir, "askpass");
writeFileSync(askpass, `#!/bin/sh\necho "$1" >> '${asked}'\necho '${PASSWORD}'\n`);
chmodSync(askpass, 0o755);
const stranger = join(dir, "stranger");
keygen(stranger, ["-t", "ed25519"]);
afterEach(() => void (vi.unstubAllEnvs(), configure({ trace: undefined }), rmSync(asked, { force: true })));

// A display and an askpass program, as on a desktop.
function withAskpass(): void {
  vi.stubEnv("DISPLAY", ":0");
  vi.stubEnv("SSH_ASKPASS", askpass);
  vi.stubEnv("SSH_ASKPASS_REQUIRE", "");
}

// The user's host, offering a key it does not hold: only a password gets in.
function refusedKeyHost(transport: Transport, extra: readonly string[] = []) {
  const sshOptions = ["-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", ...extra];
  return user.host({ transport, key: stranger, sshOptions: [...fleet.sandbox.hostOptions.sshOptions, ...sshOptions] });
}

describe("a refused key, where ssh would ask an askpass program for the password", () => {
  it.each(["auto", "native"] as const)(
    "goes through ssh under %s, which asks for it and logs in",
    async (transport) => {
      withAskpass();
      const lines: string[] = [];
      configure({ trace: (line) => lines.push(line) });
      const result = await refusedKeyHost(transport).run("echo ok", pipe);
      expect(result.stdout).toBe("ok\n");
      expect(readFileSync(asked, "utf8")).toMatch(/password/);
      expect(lines.join("\n")).toMatch(/transport openssh \(.*password.*SSH_ASKPASS/);
    },
  );

  it("stays native where the key is taken: nothing is asked", async () => {
    withAskpass();
    const lines: string[] = [];
    configure({ trace: (line) => lines.push(line) });
    expect((await fleet.host({ transport: "auto" }).run("echo ok", pipe)).stdout).toBe("ok\n");
    expect(lines.join("\n")).toMatch(/transport native/);
    expect(existsSync(asked)).toBe(false);
  });

  it.each(["auto", "native"] as const)("is refused as by ssh under %s where ssh asks nothing", async (transport) => {
    // In batch mode, or with no prompts: ssh does not ask either, and fails as native does.
    withAskpass();
    for (const extra of [
      ["-o", "BatchMode=yes"],
      ["-o", "NumberOfPasswordPrompts=0"],
    ]) {
      const run = refusedKeyHost(transport, extra).run("echo ok", pipe);
      expect((await rejection(run, CommandError)).message).toMatch(/Permission denied \(publickey,password\)/);
    }
    expect(existsSync(asked)).toBe(false);
  });

  it("is ssh's question only where ssh would ask it: the method on, among the preferred, prompts left", () => {
    withAskpass();
    const asks = (options: readonly string[], left = ["publickey", "password"]) =>
      asksForPassword(resolveSsh("h", ["-F", "/dev/null", ...options.flatMap((o) => ["-o", o])]), left);
    expect(asks([])).toMatch(/takes password after the keys/);
    expect(asks([], ["publickey", "keyboard-interactive"])).toMatch(/takes keyboard-interactive after/);
    expect(asks([], ["publickey"])).toBeUndefined();
    expect(asks(["PasswordAuthentication=no"])).toBeUndefined();
    expect(asks(["PreferredAuthentications=publickey,keyboard-interactive"])).toBeUndefined();
    expect(asks(["BatchMode=yes"])).toBeUndefined();
    expect(asks(["NumberOfPasswordPrompts=0"])).toBeUndefined();
    vi.stubEnv("SSH_ASKPASS_REQUIRE", "never");
    expect(asks([])).toBeUndefined();
  });

  it("is openssh under auto where ssh asks for a password before a key (PreferredAuthentications)", async () => {
    // A choice is made once per host and options: each question asks about a host of its own.
    const transport = async (preferred: string, host = "h") => {
      const argv = [
        "-F",
        "/dev/null",
        "-o",
        "StrictHostKeyChecking=yes",
        "-o",
        `PreferredAuthentications=${preferred}`,
      ];
      const choice = await chooseTransport("auto", host, argv, false);
      return choice.transport === "native" ? "native" : choice.reason;
    };
    withAskpass();
    expect(await transport("password,publickey")).toBe(
      "preferredauthentications password,publickey (ssh asks SSH_ASKPASS for password before the keys)",
    );
    expect(await transport("publickey,keyboard-interactive,password")).toBe("native");
    // Where ssh would not ask: no askpass program (dk turns passwords off then).
    vi.stubEnv("SSH_ASKPASS_REQUIRE", "never");
    expect(await transport("password,publickey", "h2")).toBe("native");
  });
});
