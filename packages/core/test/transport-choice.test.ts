import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { connect, createServer, type Socket } from "node:net";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { reasonOf } from "../src/group-error.ts";
import { chooseTransport } from "../src/ssh/native/route.ts";
import { whyOpenssh } from "../src/ssh/native/plan.ts";
import { Host } from "../src/host.ts";
import { sshFailure } from "../src/ssh/hints.ts";
import { identityPath, resolveSsh } from "../src/ssh/resolve/resolve.ts";
import { includedFiles } from "../src/ssh/resolve/glob.ts";
import { servicePort } from "../src/ssh/resolve/service-port.ts";
import { TransportError } from "../src/ssh/transport-error.ts";
import { dropEarly } from "../src/ssh/native/tcp.ts";

// What `auto` decides from a configuration alone (nothing connects, nor looks a name up), and the option it names when
// it is openssh.
const dir = mkdtempSync(join(tmpdir(), "dk-choice-"));
let count = 0;

function config(text: string): string[] {
  const file = join(dir, `config-${count++}`);
  writeFileSync(file, text);
  return ["-F", file, "-o", "UserKnownHostsFile=/dev/null"];
}

// `run` where ssh could run no askpass program.
async function withoutAskpass<T>(run: () => Promise<T>): Promise<T> {
  const before = process.env.SSH_ASKPASS_REQUIRE;
  process.env.SSH_ASKPASS_REQUIRE = "never";
  try {
    return await run();
  } finally {
    if (before === undefined) delete process.env.SSH_ASKPASS_REQUIRE;
    else process.env.SSH_ASKPASS_REQUIRE = before;
  }
}

async function reason(argv: readonly string[], host = "web1"): Promise<string> {
  const choice = await chooseTransport("auto", host, argv, false);
  return choice.transport === "native" ? "native" : choice.reason;
}

describe("transport auto", () => {
  it("is native for a configuration of options native does as ssh does", async () => {
    const argv = config("Host *\n  User deploy\n  Port 2222\n  ServerAliveInterval 5\n  ForwardAgent yes\n");
    expect(await reason(argv)).toBe("native");
  });

  it.each([
    "PreferredAuthentications gssapi-with-mic,publickey,password",
    "HostbasedAuthentication no",
    "NumberOfPasswordPrompts 1",
    "IPQoS lowdelay throughput",
    "CASignatureAlgorithms ssh-ed25519",
    // A shared ~/.ssh/config of macOS and Linux: Apple's keyword, which ssh elsewhere skips as told.
    "IgnoreUnknown UseKeychain\n  UseKeychain yes",
    // What native assembles as ssh does (algorithms.test.ts).
    "Ciphers aes256-ctr,aes128-ctr",
    "KexAlgorithms +diffie-hellman-group14-sha1",
    "MACs -hmac-sha1*",
    "HostKeyAlgorithms +ssh-rsa",
    "ConnectionAttempts 3",
    // Old hosts' pair: native falls back to SHA-1 RSA signatures already.
    "HostKeyAlgorithms +ssh-rsa\n  PubkeyAcceptedKeyTypes +ssh-rsa",
    "PubkeyAcceptedAlgorithms +ssh-rsa",
    // Defaults, as hardened configs spell them out; what only a canonicalizing ssh reads.
    "CanonicalizeHostname no\n  CanonicalDomains example.com\n  CanonicalizeMaxDots 0",
    "CanonicalDomains example.com\n  CanonicalizeFallbackLocal no",
    "VerifyHostKeyDNS no",
    "KnownHostsCommand none",
    "PKCS11Provider none",
    "SecurityKeyProvider internal",
    "EnableSSHKeysign no",
    "ProxyUseFdpass yes",
    "BindAddress 127.0.0.7",
    "BindAddress ::1",
    // Native adds the key file it logs in with to the agent as ssh does (add-keys-to-agent.e2e.test.ts).
    "AddKeysToAgent yes",
    "AddKeysToAgent confirm",
  ])("is native for %s, which changes nothing native does or native does as ssh", async (line) => {
    expect(await reason(config(`Host *\n  ${line}\n`))).toBe("native");
  });

  it("is openssh for what ssh prints otherwise: a LogLevel that keeps failures back, VisualHostKey", async () => {
    for (const level of ["ERROR", "INFO"]) expect(await reason(config(`Host *\n  LogLevel ${level}\n`))).toBe("native");
    // ssh keeps back a refused connection's words under FATAL, everything under QUIET; native says them.
    expect(await reason(config("Host *\n  LogLevel QUIET\n"))).toBe("loglevel QUIET");
    expect(await reason(config("Host *\n  LogLevel FATAL\n"))).toBe("loglevel FATAL");
    expect(await reason(config("Host *\n  VisualHostKey no\n"))).toBe("native");
    expect(await reason(config("Host *\n  VisualHostKey yes\n"))).toBe("visualhostkey yes");
  });

  it("is openssh for AddKeysToAgent ask: ssh asks before it adds the key", async () => {
    expect(await reason(config("Host *\n  AddKeysToAgent ask\n"))).toBe("addkeystoagent ask");
  });

  it("is openssh for an algorithm native lacks, naming it, and refuses what ssh refuses", async () => {
    expect(await reason(config("Host *\n  MACs umac-128@openssh.com\n"))).toBe("macs umac-128@openssh.com");
    // With a name it has too, native takes the host, and watches what ssh would choose (native-as-ssh.test.ts).
    expect(await reason(config("Host *\n  MACs umac-128-etm@openssh.com,hmac-sha2-256\n"))).toBe("native");
    // An RSA key signs as ssh's would (rsa-signature.e2e.test.ts); the keys of a type a list leaves out are skipped.
    expect(await reason(config("Host *\n  PubkeyAcceptedAlgorithms rsa-sha2-512,ssh-ed25519\n"))).toBe("native");
    expect(await reason(config("Host *\n  PubkeyAcceptedAlgorithms ssh-ed25519\n"))).toBe("native");
    const keychain = config("Host *\n  UseKeychain yes\n");
    expect(await reason(keychain)).toBe(
      `ssh refuses the configuration: ${keychain[1]}: line 2: Bad configuration option: usekeychain`,
    );
  });

  it("is openssh for what ssh then does otherwise: canonical names, DNS checks, a tunnel not cleared", async () => {
    expect(await reason(config("Host *\n  CanonicalDomains example.com\n  CanonicalizeHostname always\n"))).toBe(
      "canonicaldomains example.com",
    );
    expect(await reason(config("Host *\n  VerifyHostKeyDNS yes\n"))).toBe("verifyhostkeydns yes");
    expect(await reason(config("Host *\n  BindAddress localhost\n"))).toBe("bindaddress localhost");
    expect(await reason(config("Host *\n  KnownHostsCommand /bin/true\n"))).toBe("knownhostscommand /bin/true");
    expect(await reason(config("Host *\n  PKCS11Provider /usr/lib/opensc-pkcs11.so\n"))).toMatch(/^pkcs11provider /);
    // A tunnel and what only forwardings read: cleared by dk's ClearAllForwardings, as a LocalForward is.
    const forwarding = config("Host *\n  Tunnel yes\n  GatewayPorts yes\n  StreamLocalBindUnlink yes\n");
    expect(await reason(forwarding)).toBe("tunnel yes");
    expect(await reason([...forwarding, "-o", "ClearAllForwardings=yes"])).toBe("native");
    const session = await new Host("web1", { sshOptions: forwarding, reuseConnection: false }).sshArgs();
    expect(session).toContain("ClearAllForwardings=yes");
    expect(await reason(session)).toBe("native");
  });

  it("is native for BindInterface where the host's family is known before connecting, else openssh", async () => {
    // An address, or AddressFamily inet or inet6; BindAddress, when set too, is what ssh binds to.
    expect(await reason(config("Host *\n  BindInterface lo\n"), "127.0.0.9")).toBe("native");
    expect(await reason(config("Host *\n  BindInterface lo\n  AddressFamily inet\n"))).toBe("native");
    expect(await reason(config("Host *\n  BindInterface lo\n  BindAddress 127.0.0.7\n"))).toBe("native");
    // An interface this machine lacks: native fails as ssh does (ssh-failures.e2e.test.ts).
    expect(await reason(config("Host *\n  BindInterface nosuch0\n"), "127.0.0.9")).toBe("native");
    // A name: ssh picks the family per address it resolves to, and binds each attempt anew.
    expect(await reason(config("Host *\n  BindInterface lo\n"))).toBe("bindinterface lo");
    // Not an interface name: ssh's to judge.
    expect(await reason(config("Host *\n  BindInterface ../lo\n"), "127.0.0.9")).toBe("bindinterface ../lo");
  });

  it("is openssh for logins ssh would make otherwise, naming the option", async () => {
    expect(await reason(config("Host *\n  PreferredAuthentications password\n"))).toMatch(/^preferredauthent/);
    expect(await reason(config("Host *\n  HostbasedAuthentication yes\n"))).toBe("hostbasedauthentication yes");
  });

  it("reads a config file anew once it changed, also to the same size", () => {
    const argv = config("Port 2201\n");
    expect(resolveSsh("web1", argv).port).toBe(2201);
    writeFileSync(argv[1]!, "Port 2202\n");
    expect(resolveSsh("web1", argv).port).toBe(2202);
  });

  it("is native for the ssh_config NixOS generates, asking ssh nothing", async () => {
    const nixos =
      "Host *\n  GlobalKnownHostsFile /etc/ssh/ssh_known_hosts /nix/store/abc-known_hosts\n  AddressFamily inet\n" +
      "  XAuthLocation /nix/store/abc-xauth/bin/xauth\n  ForwardX11 no\n";
    expect(await reason(config(nixos))).toBe("native");
    expect(resolveSsh("web1", config(nixos))).toMatchObject({ unsure: false, addressFamily: 4 });
  });

  it("is native for Home Manager's default ControlPath, ControlMaster no, until a master listens there", async () => {
    const manager =
      "Host *\n  ForwardAgent no\n  AddKeysToAgent no\n  Compression no\n  ServerAliveInterval 0\n" +
      "  ServerAliveCountMax 3\n  HashKnownHosts no\n  UserKnownHostsFile ~/.ssh/known_hosts\n  ControlMaster no\n" +
      `  ControlPath ${dir}/master-%r@%n:%p\n  ControlPersist no\n`;
    expect(await reason(config(manager), "hm1")).toBe("native");
    writeFileSync(join(dir, "master-deploy@hm2:22"), "");
    expect(await reason([...config(manager), "-l", "deploy"], "hm2")).toBe(`controlpath ${dir}/master-%r@%n:%p`);
  });

  it.each([
    ["ProxyCommand", "Host web*\n  ProxyCommand nc %h %p\n", /^proxycommand nc %h %p$/],
    ["Match exec", "Match exec true\n  User x\n", /^Match exec$/],
    [
      "a ControlMaster of the user's own",
      "Host *\n  ControlMaster auto\n  ControlPath /tmp/%C\n",
      /^controlmaster auto$/,
    ],
    ["an option native does not implement", "Host *\n  CanonicalizeHostname yes\n", /^canonicalizehostname yes$/],
    ["ForwardAgent naming a socket", "Host *\n  ForwardAgent ~/agent.sock\n", /^forwardagent ~\/agent.sock$/],
    // ssh keeps the first socket path apart from yes and no: it wins over a yes before it.
    ["a socket after ForwardAgent yes", "Host *\n  ForwardAgent yes\n  ForwardAgent /s\n", /^forwardagent \/s$/],
    [
      "a jump host's ProxyCommand",
      "Host web1\n  ProxyJump bastion\nHost bastion\n  ProxyCommand nc %h %p\n",
      /jump host bastion/,
    ],
  ])("is openssh for %s, naming it", async (_name, text, expected) => {
    expect(await reason(config(text))).toMatch(expected);
  });

  it("reads a Match final block as ssh's final pass does: native for what it does, openssh for the rest", async () => {
    // A distribution's layout: a vendor file included from the system config, its settings in a final block.
    const vendor = join(dir, `vendor-${count}.conf`);
    writeFileSync(vendor, "Match final all\n  GSSAPIAuthentication no\n  SendEnv LANG LC_*\n  ForwardX11Trusted yes\n");
    expect(await reason(config(`Host web1\n  User deploy\nInclude ${vendor}\n`))).toBe("native");
    // Only the final pass sees a HostName's own block.
    const late = config("Host web1\n  HostName db.internal\nMatch final host db.internal\n  ProxyCommand nc %h %p\n");
    expect(await reason(late)).toBe("proxycommand nc %h %p");
    expect(await reason(late, "web2")).toBe("native");
    // An address ssh's resolver would write otherwise (127.1 is 127.0.0.1) is its to match.
    const numeric = config("Host a\n  HostName 127.1\nMatch final all\n  User x\n");
    expect(await reason(numeric, "a")).toBe("Match final (host 127.1)");
  });

  it("expands ${NAME} in paths as ssh does, leaving to ssh a variable without a value, which it refuses", async () => {
    delete process.env.DK_TEST_UNSET;
    for (const option of ["UserKnownHostsFile", "IdentityFile", "IdentityAgent"]) {
      // (-F alone: config() adds a UserKnownHostsFile on the command line, which would win)
      expect(await reason(config(`Host *\n  ${option} \${DK_TEST_UNSET}/f\n`).slice(0, 2))).toBe(
        `no value for \${DK_TEST_UNSET} in \`\${DK_TEST_UNSET}/f\` (${option})`,
      );
    }
    process.env.DK_TEST_SET = "/set";
    const resolved = resolveSsh("web1", config("Host *\n  IdentityFile ${DK_TEST_SET}/%r-key\n  User u\n"));
    expect(identityPath(resolved, resolved.identityFiles[0]!)).toBe("/set/u-key");
    // A value is not read for tokens; IdentityAgent's older `$NAME` form is that variable's value.
    process.env.DK_TEST_SET = "/a%h";
    const agent = (value: string) => resolveSsh("web1", config(`Host *\n  IdentityAgent ${value}\n`)).identityAgent;
    expect(agent("${DK_TEST_SET}/s")).toBe("/a%h/s");
    expect(agent("$DK_TEST_SET")).toBe("/a%h");
    expect(agent("$DK_TEST_UNSET")).toBeUndefined();
    delete process.env.DK_TEST_SET;
  });

  it("expands the local user's ~user/ as ssh does, and leaves another user's to ssh, which reads passwd", async () => {
    const me = userInfo();
    const home = me.homedir.replace(/\/+$/, "");
    const paths = (text: string) => resolveSsh("web1", config(`Host *\n${text}`).slice(0, 2));
    const mine = paths(
      `  IdentityFile ~${me.username}//k\n  UserKnownHostsFile ~${me.username}/u\n` +
        `  GlobalKnownHostsFile ~${me.username}\n  IdentityAgent ~${me.username}/a\n`,
    );
    expect(identityPath(mine, mine.identityFiles[0]!)).toBe(`${home}/k`);
    expect([mine.userKnownHostsFiles, mine.globalKnownHostsFiles, mine.identityAgent]).toEqual([
      [`${home}/u`],
      [`${home}/`],
      `${home}/a`,
    ]);
    expect(mine.openssh).toBeUndefined();
    const other = "~dk-no-such-user/f";
    for (const option of ["IdentityFile", "UserKnownHostsFile", "GlobalKnownHostsFile", "IdentityAgent"]) {
      expect(paths(`  ${option} ${other}\n`).openssh, option).toBe(
        `no home known for ~dk-no-such-user in \`${other}\` (${option})`,
      );
    }
    // -i: ssh fails on a user it lacks, and expands the local user's.
    const i = (file: string) => resolveSsh("web1", ["-F", "/dev/null", "-i", file]);
    expect(i(other).openssh).toBe(`no home known for ~dk-no-such-user in \`${other}\` (-i)`);
    expect(spawnSync("ssh", ["-G", "-F", "/dev/null", "-i", other, "x"], { encoding: "utf8" }).stderr).toMatch(
      /No such user dk-no-such-user/,
    );
    expect(i(`~${me.username}/k`).warnings).toEqual([
      `Warning: Identity file ${home}/k not accessible: No such file or directory.`,
    ]);
    // Include where it applies (ssh globs it with the user's home); elsewhere ssh only checks it, and is asked. A
    // system file's may not start with ~.
    expect(await reason(config(`Host *\n  Include ${other}\n`))).toBe(
      `no home known for ~dk-no-such-user in \`${other}\` (Include)`,
    );
    const elsewhere = config(`Host other\n  Include ${other}\n`);
    expect([resolveSsh("web1", elsewhere).unsure, await reason(elsewhere)]).toEqual([true, "native"]);
    expect(spawnSync("ssh", ["-G", ...elsewhere, "web1"]).status).toBe(0);
    expect(() => includedFiles("~/x", false)).toThrow("ssh's bad include path in a system file: ~ in `~/x`");
  });

  it("reads %j as this machine's ssh does: ProxyJump's last host from OpenSSH 9.6 on, unknown before", async () => {
    const argv = config("Host x\n  ProxyJump u@jh:2200\n  UserKnownHostsFile /kh/%j\n").slice(0, 2);
    const ssh = spawnSync("ssh", ["-G", ...argv, "x"], { encoding: "utf8" });
    if (ssh.status === 0) {
      expect(ssh.stdout).toContain("userknownhostsfile /kh/jh\n");
      expect(resolveSsh("x", argv).userKnownHostsFiles).toEqual(["/kh/jh"]);
    } else {
      expect(ssh.stderr).toMatch(/%j/);
      expect(await reason(argv, "x")).toBe("unknown token %j in `/kh/%j` (UserKnownHostsFile)");
    }
  });

  it("takes CheckHostIP yes where ssh checks nothing with it: loopback, an address on port 22, a jump", () => {
    // Decided from the configuration alone (whyOpenssh): nothing connects to these addresses.
    const why = (host: string, extra = "") =>
      whyOpenssh(resolveSsh(host, config(`Host *\n  CheckHostIP yes\n${extra}`).slice(0, 2)));
    expect(why("10.0.0.5")).toBeUndefined();
    expect(why("127.0.0.9", "  Port 2222\n")).toBeUndefined();
    expect(why("web1", "Host web1\n  ProxyJump bastion\n")).toBeUndefined();
    // A name's address, or an address on another port (ssh then compares "[address]:port" with the name): ssh's.
    expect(why("web1")).toBe("checkhostip yes");
    expect(why("10.0.0.5", "  Port 2222\n")).toBe("checkhostip yes");
  });

  it("takes a RevokedHostKeys list native reads as ssh does, and leaves the rest to ssh", async () => {
    const list = join(dir, "revoked-list");
    execFileSync("ssh-keygen", ["-q", "-N", "", "-t", "ed25519", "-f", join(dir, "revoked-key")]);
    writeFileSync(list, `# one key\n\n${readFileSync(join(dir, "revoked-key.pub"), "utf8")}`);
    expect(await reason(config(`Host *\n  RevokedHostKeys ${list}\n`))).toBe("native");
    const krl = join(dir, "revoked-krl");
    writeFileSync(krl, "SSHKRL\n\0rest");
    const bad = join(dir, "revoked-bad");
    writeFileSync(bad, "not a key\n");
    // A KRL, a line ssh cannot read, a file that is not there, a path ssh 9 would open as written.
    for (const path of [krl, bad, join(dir, "no-such-file"), "~/revoked"]) {
      expect(await reason(config(`Host *\n  RevokedHostKeys ${path}\n`))).toBe(`revokedhostkeys ${path}`);
    }
  });

  it("is openssh for UserKnownHostsFile none: no user file to ssh, a file of that name to native", async () => {
    // (tofu would have written a file named `none` into the working directory)
    expect(await reason(["-F", "/dev/null", "-o", "UserKnownHostsFile=NONE"])).toBe("userknownhostsfile none");
    expect(await reason(["-F", "/dev/null", "-o", "GlobalKnownHostsFile=none"])).toBe("globalknownhostsfile none");
  });

  it("takes a port by service name as ssh finds it here, and leaves to ssh one it refuses", async () => {
    const argv = ["-F", "/dev/null", "-o", "Port=ssh"];
    const ssh = spawnSync("ssh", ["-G", ...argv, "x"], { encoding: "utf8" });
    // This machine's ssh, where NSS reads the services file alone (else the host is ssh's: servicePort below).
    if (servicePort("ssh") !== undefined) {
      expect(`port ${resolveSsh("x", argv).port}\n`).toBe(/^port \d+\n/m.exec(ssh.stdout)![0]);
      expect(await reason(argv)).toBe("native");
    } else expect(await reason(argv)).toBe("port ssh");
    expect(await reason(["-F", "/dev/null", "-p", "0x16"])).toBe("port 0x16");
    expect(await reason(["-F", "/dev/null", "-o", "Port=SSH"])).toBe("port SSH");
  });

  it("finds a service's TCP port as getservbyname does, where nsswitch.conf reads the services file alone", () => {
    const files = {
      nsswitch: join(dir, "nsswitch.conf"),
      services: join(dir, "services"),
      db: join(dir, "services.db"),
    };
    writeFileSync(
      files.services,
      "# comment\nssh\t22/tcp\t# SSH\nfoo 1234/udp\nbar 2000/tcp baz qux\nssh 2222/tcp\nfoo 1235/tcp\n",
    );
    // A new file each time: the cache reads a file again when stat says it changed.
    const port = (text: string) => {
      const nsswitch = join(dir, `nsswitch-${count++}.conf`);
      writeFileSync(nsswitch, text);
      return servicePort("ssh", { ...files, nsswitch });
    };
    expect(port("passwd: files\nservices:   files\n")).toBe(22);
    writeFileSync(files.nsswitch, "services: files\n");
    expect(["bar", "qux", "foo", "nope"].map((name) => servicePort(name, files))).toEqual([
      2000,
      2000,
      1235,
      undefined,
    ]);
    expect(port("services: db [NOTFOUND=return] files\n")).toBe(22);
    writeFileSync(files.db, "");
    expect(port("services: db files\n")).toBeUndefined();
    expect(port("services: sss files\n")).toBeUndefined();
    expect(port("hosts: files\n")).toBeUndefined();
  });

  it("is openssh for a HostName with a token ssh refuses there, which ssh then names", async () => {
    for (const name of ["a%pb", "a%", "a%%%z"]) {
      expect(await reason(["-F", "/dev/null", "-o", `HostName=${name}`])).toBe(`hostname ${name}`);
      const ssh = spawnSync("ssh", ["-G", "-F", "/dev/null", "-o", `HostName=${name}`, "x"], { encoding: "utf8" });
      expect(ssh.stderr).toMatch(/percent_expand/);
    }
    expect(await reason(["-F", "/dev/null", "-o", "HostName=%h.a%%b"])).toBe("native");
  });

  it("is openssh for a user name ssh refuses, which ssh then names", async () => {
    expect(await reason(["-F", "/dev/null", "-o", "User=${USER}"])).toBe("user ${USER}");
    expect(await reason(["-F", "/dev/null", "-o", "User=a$b"])).toBe("native");
    const ssh = spawnSync("ssh", ["-G", "-F", "/dev/null", "-o", "User=${USER}", "x"], { encoding: "utf8" });
    expect(ssh.stderr.trim()).toBe("remote username contains invalid characters");
    expect(sshFailure(255, [ssh.stderr.trim()], { hostname: "x" })?.hint).toMatch(/^ssh refuses the user name/);
  });

  it("does not apply a block that does not match the host", async () => {
    expect(await reason(config("Host other\n  ProxyCommand nc %h %p\n"))).toBe("native");
  });

  it("is native for a Match exec that ssh skips after a criterion that failed; openssh for one ssh runs", async () => {
    const ran = join(dir, "exec-ran");
    const text = (criteria: string) => `Match ${criteria} exec "touch ${ran}"\n  Port 2201\n`;
    for (const skipped of ["host other", "!host web1", "originalhost other user nobody"]) {
      expect(await reason(config(text(skipped))), skipped).toBe("native");
      expect(spawnSync("ssh", ["-G", ...config(text(skipped)), "web1"], { encoding: "utf8" }).stdout).toMatch(
        /^port 22$/m,
      );
    }
    expect(existsSync(ran)).toBe(false);
    expect(await reason(config(text("host web1")))).toBe("Match exec");
    expect(await reason(config(`Match exec "touch ${ran}" host other\n  Port 2201\n`))).toBe("Match exec");
  });

  // ssh under dk has no terminal: with no askpass program either, it passes such a key by (unusable-key-files.test.ts).
  it("is native for a key that needs a passphrase where no askpass program could be asked", async () => {
    const key = join(dir, "locked");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "secret", "-f", key]);
    expect(await withoutAskpass(() => reason([...config(""), "-i", key]))).toBe("native");
  });

  it("is native for a key that needs a passphrase when the agent does not answer, within seconds", async () => {
    const key = join(dir, "locked-hung");
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "secret", "-f", key]);
    const socket = join(dir, "hung.sock");
    const held: Socket[] = [];
    const agent = createServer((s) => void held.push(s.resume()));
    await new Promise<void>((listening) => agent.listen(socket, listening));
    try {
      expect(await withoutAskpass(() => reason([...config(""), "-i", key, "-o", `IdentityAgent=${socket}`]))).toBe(
        "native",
      );
      // The one connection it made is closed, so that nothing holds the process open.
      expect(held).toHaveLength(1);
      await new Promise((closed) => (held[0]!.destroyed ? closed(undefined) : held[0]!.once("close", closed)));
    } finally {
      agent.close();
    }
  });

  it("is openssh, which refuses it as ssh -G does, for an included file others may write", async () => {
    const included = join(dir, "open.conf");
    writeFileSync(included, "Port 2222\n");
    chmodSync(included, 0o666);
    const argv = config(`Include ${included}\n`);
    expect(await reason(argv, "inc")).toBe(`Bad owner or permissions on ${included}`);
    const ssh = spawnSync("ssh", ["-G", ...argv, "inc"], { encoding: "utf8" });
    expect([ssh.status, ssh.stderr.trim()]).toEqual([255, `Bad owner or permissions on ${included}`]);
    chmodSync(included, 0o644);
    expect(await reason(argv, "inc2")).toBe("native");
  });

  it("is openssh, with ssh's words, for a configuration ssh refuses, at a line of any block", async () => {
    const elsewhere = config("Host elsewhere\n  Port 70000\nHost *\n  User deploy\n");
    expect(await reason(elsewhere)).toBe(`ssh refuses the configuration: ${elsewhere[1]} line 2: Bad port '70000'`);
    const typo = config("Host *\n  ServerAliveCountMax x\n");
    expect(await reason(typo)).toBe(`ssh refuses the configuration: ${typo[1]} line 2: integer value invalid`);
    expect(await reason(["-F", join(dir, "missing")])).toMatch(
      /^ssh refuses the configuration: Can't open user config/,
    );
    const error = await chooseTransport("native", "web1", typo, false).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TransportError", refused: true });
    expect((error as Error).message).toBe(
      `[web1] ssh refuses the configuration: ${typo[1]} line 2: integer value invalid; correct that line ` +
        "(`ssh -G` with the host checks it without connecting)",
    );
  });

  it("asks ssh only about a line it may refuse: never for the options dk itself passes", async () => {
    for (const hostKeyCheck of ["strict", "tofu", "none"] as const) {
      const h = new Host("web1", { port: 2222, user: "deploy", key: join(dir, "k"), hostKeyCheck, forwardAgent: true });
      const args = await h.sshArgs();
      expect(resolveSsh("web1", args.slice(0, args.indexOf("--"))).unsure).toBe(false);
    }
    const plain = "Host web*\n  HostName %h.example\n  User=ops\n  Port 2200\n  ServerAliveInterval 1m\nHost *\n";
    expect(resolveSsh("x", config(plain)).unsure).toBe(false);
    for (const text of ["Host other\n  Ciphers aes128-ctr\n", "Host other\n  IdentityAgent $A\n", 'User "x\n']) {
      expect(resolveSsh("x", config(text)).unsure, text).toBe(true);
    }
    expect(resolveSsh("x", ["-F", join(dir, "missing")]).unsure).toBe(true);
    expect(resolveSsh("x", ["-o", "ServerAliveCountMax=x"]).unsure).toBe(true);
  });

  it("is native for such a configuration where there is no ssh to refuse it", async () => {
    const path = process.env.PATH;
    process.env.PATH = mkdtempSync(join(tmpdir(), "dk-no-ssh-"));
    try {
      expect(await reason(config("Host elsewhere\n  Port 70000\n"))).toBe("native");
    } finally {
      process.env.PATH = path;
    }
  });

  it("turns a forced native into a TransportError that names the option and the way out", async () => {
    const argv = config("Host *\n  ProxyCommand nc %h %p\n");
    const error = await chooseTransport("native", "forced", argv, false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/\[forced\] .*proxycommand nc %h %p.*use transport "auto" or "openssh"/);
    // The data, and the one line a run's summary shows: the way out included, the host not repeated.
    expect(error).toMatchObject({ host: "forced", option: "proxycommand nc %h %p", refused: false });
    expect((error as TransportError).reason).toBe(
      'the native ssh transport cannot connect as ssh would (proxycommand nc %h %p); use transport "auto" or ' +
        '"openssh" for this host (dk --transport, DEPLOYKIT_TRANSPORT)',
    );
    expect(reasonOf(error)).toBe((error as TransportError).reason);
  });

  it("says, forced native, that ssh refuses a misspelt option, as ssh itself would under auto", async () => {
    const argv = config("Host *\n  User deploy\n  Bogusoption yes\n");
    expect(await reason(argv)).toBe("bogusoption yes");
    const error = await chooseTransport("native", "typo", argv, false).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TransportError", host: "typo", refused: true });
    const said = `ssh refuses the configuration: ${argv[1]}: line 3: Bad configuration option: bogusoption`;
    expect((error as TransportError).option).toBe(said);
    expect(reasonOf(error)).toBe(`${said}; correct that line (\`ssh -G\` with the host checks it without connecting)`);
  });
});

describe("a path with a token ssh cannot expand, forced native", () => {
  const forced = async (argv: readonly string[]) => {
    const error = await chooseTransport("native", "web1", argv, false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    return error as TransportError;
  };
  const unknown = (token: string) => `ssh knows no token ${token} there; correct it (a literal % is written %%)`;
  // ssh reads an -i file only if it is there (else it warns and goes on without it).
  const key = join(dir, "100%", "id");
  mkdirSync(dirname(key));
  writeFileSync(key, "");

  it.each([
    ["-i", key, "IdentityFile", "%/", unknown("%/")],
    ["-o", "IdentityFile=/keys/a%b/id", "IdentityFile", "%b", unknown("%b")],
    [
      "-o",
      "UserKnownHostsFile=/kh/${DK_TEST_UNSET_KH}",
      "UserKnownHostsFile",
      "${DK_TEST_UNSET_KH}",
      "the variable DK_TEST_UNSET_KH is not set in dk's environment; set it, or write the path without it",
    ],
  ])("says, for %s %s, what ssh's failure says: no transport expands it", async (flag, value, option, what, fix) => {
    const argv = ["-F", "/dev/null", flag, value];
    const error = await forced(argv);
    // ssh would refuse it too: another transport is no way out.
    expect(error.refused).toBe(true);
    const path = value.replace(/^\w+=/, "");
    expect(error.reason).toBe(`${option} \`${path}\` holds ${what}: ${fix}`);
    // Word for word the hint for ssh's own failure, which ssh prints with the option unnamed.
    const said = what.startsWith("$") ? `env var ${what} has no value` : `unknown key ${what}`;
    expect(sshFailure(255, [`vdollar_percent_expand: ${said}`], { hostname: "web1" }, argv)!.hint).toBe(error.reason);
  });

  it.each([
    ["/kh/${DK_TEST_OPEN", "that ${ has no closing }; close it, or write the path without it"],
    ["/kh/${}", "that ${} names no variable; name one, or write the path without it"],
  ])("says what is wrong with %s, a variable ssh cannot read", async (path, words) => {
    const error = await forced(["-F", "/dev/null", "-o", `UserKnownHostsFile=${path}`]);
    expect(error.reason).toBe(`UserKnownHostsFile \`${path}\` holds ${path.slice(4)}: ${words}`);
  });

  it("gives ssh's refusal of a path native never expands (ControlPath) without its words on a terminal", async () => {
    const error = await forced(["-F", "/dev/null", "-o", "ControlPath=/c/%b"]);
    expect(error.option).toBe(
      "ssh refuses the configuration: vdollar_percent_expand: unknown key %b; percent_dollar_expand: failed",
    );
  });

  it("still sends another user's ~user to ssh, which alone can look that home up", async () => {
    const error = await forced(["-F", "/dev/null", "-o", "IdentityFile=~dk-no-such-user/id"]);
    expect(error.refused).toBe(false);
    expect(error.reason).toMatch(/use transport "auto" or "openssh"/);
  });
});

describe("the decision and the early connection", () => {
  it("connects to a direct host while deciding for a run, not when asked about the configuration", async () => {
    const accepted: Socket[] = [];
    const server = createServer((socket) => accepted.push(socket));
    await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
    const port = (server.address() as { port: number }).port;
    try {
      const argv = config(`Host *\n  HostName 127.0.0.1\n  Port ${port}\n`);
      const arrived = async (count: number) => {
        for (let i = 0; i < 250 && accepted.length < count; i++) await new Promise((r) => setTimeout(r, 20));
        return accepted.length;
      };
      expect((await chooseTransport("auto", "asked", argv, false)).transport).toBe("native");
      // A marker connection after it: the backlog is accepted in order, so one from the question would come first.
      const marker = connect(port, "127.0.0.1");
      expect(await arrived(1)).toBe(1);
      expect(accepted[0]!.remotePort).toBe(marker.localPort);
      marker.destroy();
      expect((await chooseTransport("auto", "run", argv)).transport).toBe("native");
      expect(await arrived(2)).toBe(2);
      dropEarly(resolveSsh("run", argv));
    } finally {
      for (const socket of accepted) socket.destroy();
      server.close();
    }
  });
});
