import { createHash, createHmac, generateKeyPairSync } from "node:crypto";
import { appendFileSync, chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { Host } from "../src/host.ts";
import { configure } from "../src/settings.ts";
import { chooseTransport } from "../src/ssh/native/route.ts";
import type { Transport } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";
import { keygen } from "./helpers/keygen.ts";

// A key file ssh cannot sign with under dk (no terminal to ask a passphrase on; one others may read), before the key
// that logs in: ssh offers it, passes it by (saying what it says of it only if the server would take it), and logs in
// with the next; native does the same, where it sent such hosts to openssh or failed.
const fleet = useFleet({ hosts: 1 });
const dir = mkdtempSync(join(tmpdir(), "dk-unusable-"));
// A connection of its own each: what ssh says of the keys comes with the login.
const pipe = { stdout: "pipe", stderr: "pipe", echo: false, freshConnection: true } as const;
const { DISPLAY, SSH_ASKPASS, SSH_ASKPASS_REQUIRE } = process.env;
const saved = { DISPLAY, SSH_ASKPASS, SSH_ASKPASS_REQUIRE };
const [locked, open, refusedOpen, gone, refusedGone] = ["locked", "open", "refused-open", "gone", "refused-gone"].map(
  (name) => join(dir, name),
) as [string, string, string, string, string];

beforeAll(() => {
  keygen(locked, ["-t", "ed25519"], "secret");
  keygen(open, ["-t", "ed25519"]);
  keygen(refusedOpen, ["-t", "ed25519"]);
  chmodSync(open, 0o644);
  chmodSync(refusedOpen, 0o644);
  // Only their public keys stay.
  for (const key of [gone, refusedGone]) {
    keygen(key, ["-t", "ed25519"]);
    rmSync(key);
  }
  // The server takes the locked key, the open one and the gone one: ssh then tries to load each.
  for (const key of [locked, open, gone])
    appendFileSync(join(fleet.sandbox.dir, "authorized_keys"), readFileSync(`${key}.pub`));
  // No askpass program could answer, as where ssh under dk has only its missing terminal.
  delete process.env.DISPLAY;
  delete process.env.SSH_ASKPASS_REQUIRE;
});
afterEach(() => {
  configure({ trace: undefined });
  for (const [name, value] of Object.entries(saved))
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
});

function options(...keys: string[]): string[] {
  return [
    "-F",
    "/dev/null",
    "-o",
    "IdentityAgent=none",
    "-o",
    "IdentitiesOnly=yes",
    ...keys.map((k) => `-oIdentityFile=${k}`),
  ];
}

function host(transport: Transport, ...keys: string[]): Host {
  const { sandbox } = fleet;
  const sshOptions = options(...keys, sandbox.key);
  return new Host(sandbox.addresses[0]!, {
    user: sandbox.user,
    port: sandbox.port,
    hostKeyCheck: "none",
    transport,
    sshOptions,
  });
}

describe.each(["openssh", "native"] as const)("key files ssh cannot use, over %s", (transport) => {
  it("a key that needs a passphrase, which the server would take, is passed by in silence", async () => {
    const r = await host(transport, locked).run("echo ran", pipe);
    expect([r.stdout, r.stderr]).toEqual(["ran\n", ""]);
  });

  it("a key others may read is ignored, with ssh's warning only where the server would take it", async () => {
    const taken = await host(transport, open).run("echo ran", pipe);
    expect(taken.stdout).toBe("ran\n");
    expect(taken.stderr.replace(/\r/g, "")).toContain(
      `Permissions 0644 for '${open}' are too open.\nIt is required that your private key files are NOT accessible ` +
        `by others.\nThis private key will be ignored.\nLoad key "${open}": bad permissions\n`,
    );
    const passed = await host(transport, refusedOpen).run("echo ran", pipe);
    expect([passed.stdout, passed.stderr]).toEqual(["ran\n", ""]);
  });

  it("a key file whose .pub alone is here is passed by, with ssh's words only where the server takes it", async () => {
    const taken = await host(transport, gone).run("echo ran", pipe);
    expect([taken.stdout, taken.stderr.replace(/\r/g, "")]).toEqual([
      "ran\n",
      `no such identity: ${gone}: No such file or directory\n`,
    ]);
    const passed = await host(transport, refusedGone).run("echo ran", pipe);
    expect([passed.stdout, passed.stderr]).toEqual(["ran\n", ""]);
  });
});

describe("a connection kept for reuse, over native", () => {
  it("is not shared with a host whose key files differ only in one ssh passes by", async () => {
    const reused = { ...pipe, freshConnection: false };
    expect((await host("native").run("echo first", reused)).stdout).toBe("first\n");
    const passed = await host("native", open).run("echo ran", reused);
    expect(passed.stderr.replace(/\r/g, "")).toContain(`Load key "${open}": bad permissions\n`);
    await host("native").closeConnection();
    await host("native", open).closeConnection();
  });
});

describe("a key that needs a passphrase under auto", () => {
  it("is native where no askpass program could be asked; openssh where one could, naming it", async () => {
    const hostname = fleet.sandbox.addresses[0]!;
    expect(await chooseTransport("auto", hostname, options(locked, fleet.sandbox.key), false)).toMatchObject({
      transport: "native",
    });
    Object.assign(process.env, { SSH_ASKPASS_REQUIRE: "force", SSH_ASKPASS: "/bin/false" });
    const copy = join(dir, "locked-copy");
    copyFileSync(locked, copy);
    chmodSync(copy, 0o600);
    const choice = await chooseTransport("auto", hostname, options(copy, fleet.sandbox.key), false);
    expect(choice).toMatchObject({
      transport: "openssh",
      reason: new RegExp(`^IdentityFile ${copy} needs a passphrase that ssh asks SSH_ASKPASS for`),
    });
  });
});

// A PuTTY (PPK 2) RSA key file, unencrypted, and its public key as authorized_keys holds it.
function puttyKey(): { text: string; authorized: string } {
  const string = (b: Buffer) => Buffer.concat([Buffer.from(Uint32Array.of(b.length).buffer).reverse(), b]);
  const mpint = (field: string | undefined) => {
    const b = Buffer.from(field ?? "", "base64url");
    return string((b[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), b]) : b);
  };
  const jwk = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  const pub = Buffer.concat([string(Buffer.from("ssh-rsa")), mpint(jwk.e), mpint(jwk.n)]);
  const priv = Buffer.concat([mpint(jwk.d), mpint(jwk.p), mpint(jwk.q), mpint(jwk.qi)]);
  const signed = ["ssh-rsa", "none", "k"].map((s) => string(Buffer.from(s)));
  const key = createHash("sha1").update("putty-private-key-file-mac-key").digest();
  const mac = createHmac("sha1", key)
    .update(Buffer.concat([...signed, string(pub), string(priv)]))
    .digest("hex");
  const lines = (b: Buffer) => b.toString("base64").match(/.{1,64}/g)!;
  const text = [
    "PuTTY-User-Key-File-2: ssh-rsa",
    "Encryption: none",
    "Comment: k",
    `Public-Lines: ${lines(pub).length}`,
    ...lines(pub),
    `Private-Lines: ${lines(priv).length}`,
    ...lines(priv),
    `Private-MAC: ${mac}`,
    "",
  ].join("\n");
  return { text, authorized: `ssh-rsa ${pub.toString("base64")}\n` };
}

describe("a PuTTY key file", () => {
  it("goes to ssh, which cannot load it (native would log in with it)", async () => {
    const ppk = join(dir, "putty.ppk");
    const { text, authorized } = puttyKey();
    writeFileSync(ppk, text, { mode: 0o600 });
    appendFileSync(join(fleet.sandbox.dir, "authorized_keys"), authorized);
    const hostname = fleet.sandbox.addresses[0]!;
    const choice = await chooseTransport("auto", hostname, options(ppk), false);
    expect(choice).toMatchObject({ transport: "openssh", reason: /^IdentityFile .*putty\.ppk is a PuTTY key/ });
    // ssh itself cannot load it: alone, it does not log in.
    const alone = new Host(hostname, {
      user: fleet.sandbox.user,
      port: fleet.sandbox.port,
      hostKeyCheck: "none",
      transport: "openssh",
      sshOptions: options(ppk),
    });
    const refused = await alone.run("echo ran", pipe).catch((e: unknown) => e as CommandError);
    expect((refused as CommandError).stderr).toContain(`Load key "${ppk}"`);
  });
});
