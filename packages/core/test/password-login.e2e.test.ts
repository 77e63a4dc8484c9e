import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { CommandError } from "../src/errors.ts";
import { useFleet } from "./helpers/fleet.ts";
import { keygen } from "./helpers/keygen.ts";
import { rejection } from "./helpers/rejection.ts";

// A host that takes passwords too, and logs each one it is sent.
const fleet = useFleet({ hosts: 1, sshdConfig: ["Match all", "  PasswordAuthentication yes", "  LogLevel VERBOSE"] });

describe("a host that would take a password", () => {
  it("gets none from dk, which cannot ask for one: a refused key costs no failed password logins", async () => {
    const stranger = join(mkdtempSync(join(tmpdir(), "dk-pw-")), "stranger");
    keygen(stranger, ["-t", "ed25519"]);
    const host = fleet.host({ key: stranger, sshOptions: ["-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none"] });
    // Where no askpass program would run, as on a machine without a display.
    vi.stubEnv("DISPLAY", "");
    vi.stubEnv("SSH_ASKPASS_REQUIRE", "");
    const before = fleet.serverLog().length;
    const error = await rejection(host.run("true", { stdout: "pipe", stderr: "pipe", echo: false }), CommandError);
    expect(error.message).toMatch(/Permission denied \(publickey,password\): the host refused the login/);
    expect(error.stderr).not.toMatch(/please try again/);
    expect(fleet.serverLog().slice(before)).not.toMatch(/Failed password/);
    vi.unstubAllEnvs();
  });
});

// A host that takes passwords alone.
const passwordsOnly = useFleet({
  hosts: 1,
  sshdConfig: ["Match all", "  PasswordAuthentication yes", "  PubkeyAuthentication no"],
});

describe("a host that takes passwords alone, with no key to offer", () => {
  it("is refused in ssh's words, naming the methods the host allows", async () => {
    const missing = join(mkdtempSync(join(tmpdir(), "dk-pw-")), "missing");
    const host = passwordsOnly.host({
      key: missing,
      sshOptions: ["-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none"],
    });
    vi.stubEnv("DISPLAY", "");
    vi.stubEnv("SSH_ASKPASS_REQUIRE", "");
    const error = await rejection(host.run("true", { stdout: "pipe", stderr: "pipe", echo: false }), CommandError);
    vi.unstubAllEnvs();
    expect(error.message).toMatch(/Permission denied \(password\): the host refused the login; it asks for password/);
  });
});
