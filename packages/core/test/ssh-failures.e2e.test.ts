import { execFileSync } from "node:child_process";
import { once } from "node:events";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@deploykit/sandbox";
import { describe, expect, it } from "vitest";
import { CommandError } from "../src/errors.ts";
import { Host } from "../src/host.ts";
import type { HostOptions } from "../src/types.ts";
import { useFleet } from "./helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
const pipe = { stdout: "pipe", stderr: "pipe" } as const;

// A host of the sandbox with the given overrides.
const host = (overrides: HostOptions = {}): Host => fleet.host(overrides);

async function failure(h: Host, options = {}): Promise<CommandError> {
  const error = await h.run("true", { ...pipe, ...options }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CommandError);
  return error as CommandError;
}

describe("host keys", () => {
  it("strict: an unknown host fails and says how to add its key to the known-hosts file of the -F config", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-kh-"));
    const knownHosts = join(dir, "known hosts");
    const config = join(dir, "config");
    writeFileSync(config, `Host *\n  UserKnownHostsFile "${knownHosts}"\n`);
    const strict = host({ hostKeyCheck: "strict", sshOptions: ["-F", config] });
    const error = await failure(strict);
    const quoted = `'${knownHosts}'`.replace(/[.]/g, "\\.");
    expect(error.message).toMatch(
      new RegExp(
        /No ED25519 host key is known.*not in known_hosts.*/.source +
          `\`ssh-keyscan -p ${fleet.sandbox.port} 127\\.0\\.0\\.2 >> ${quoted}\``,
      ),
    );
    expect(error.exitCode).toBe(255);
    // The hinted command adds the key where ssh looks for it: strict then trusts the host.
    const hint = /`(ssh-keyscan [^`]*)`/.exec(error.message)![1]!;
    execFileSync("bash", ["-c", hint], { stdio: "ignore", timeout: 20_000 });
    await strict.run("true", pipe);
  });

  it("strict: a key trusted through one GlobalKnownHostsFile vouches for no host whose file lacks it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-kh-"));
    const [trusted, empty] = [join(dir, "trusted"), join(dir, "empty")];
    const scan = `ssh-keyscan -p ${fleet.sandbox.port} 127.0.0.2 > ${trusted} 2>/dev/null`;
    execFileSync("bash", ["-c", scan], { timeout: 20_000 });
    writeFileSync(empty, "");
    const knownHosts = (global: string): HostOptions => ({
      hostKeyCheck: "strict",
      sshOptions: ["-F", "/dev/null", "-o", "UserKnownHostsFile=/dev/null", "-o", `GlobalKnownHostsFile=${global}`],
    });
    await host(knownHosts(trusted)).run("true", pipe);
    expect((await failure(host(knownHosts(empty)))).message).toMatch(/No ED25519 host key is known/);
  });

  it("HostKeyAlias names the host in known_hosts, for strict and for tofu, as ssh reads it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-kh-"));
    const [aliased, written] = [join(dir, "aliased"), join(dir, "written")];
    const scan = `ssh-keyscan -p ${fleet.sandbox.port} 127.0.0.2 2>/dev/null | sed 's/^[^ ]*/web-alias/' > ${aliased}`;
    execFileSync("bash", ["-c", scan], { timeout: 20_000 });
    const options = (check: "strict" | "tofu", file: string, alias?: string): HostOptions => ({
      hostKeyCheck: check,
      sshOptions: [
        "-F",
        "/dev/null",
        "-o",
        `UserKnownHostsFile=${file}`,
        ...(alias ? ["-o", `HostKeyAlias=${alias}`] : []),
      ],
    });
    await host(options("strict", aliased, "WEB-alias")).run("true", pipe);
    expect((await failure(host(options("strict", aliased)))).message).toMatch(/No ED25519 host key is known/);
    await host(options("tofu", written, "tofu-alias")).run("true", pipe);
    expect(readFileSync(written, "utf8")).toMatch(/^tofu-alias ssh-ed25519 /m);
    const ssh = ["-F", "/dev/null", "-p", String(fleet.sandbox.port), "-i", fleet.sandbox.key, "-o", "BatchMode=yes"];
    const trust = [
      "-o",
      "StrictHostKeyChecking=yes",
      "-o",
      `UserKnownHostsFile=${written}`,
      "-o",
      "HostKeyAlias=tofu-alias",
    ];
    execFileSync("ssh", [...ssh, ...trust, `${fleet.sandbox.user}@127.0.0.2`, "true"], { timeout: 20_000 });
    // The hint for an unknown host adds its key under the alias.
    const hinted = host(options("strict", join(dir, "hinted"), "hinted-alias"));
    const hint = /`(ssh-keyscan [^`]*)`/.exec((await failure(hinted)).message)![1]!;
    execFileSync("bash", ["-c", hint], { stdio: "ignore", timeout: 20_000 });
    await hinted.run("true", pipe);
  });

  it("tofu: a new host is accepted and remembered; strict then trusts it", async () => {
    const knownHosts = join(mkdtempSync(join(tmpdir(), "dk-kh-")), "known_hosts");
    const sshOptions = ["-F", "/dev/null", "-o", `UserKnownHostsFile=${knownHosts}`];
    await host({ hostKeyCheck: "tofu", sshOptions }).run("true");
    expect(readFileSync(knownHosts, "utf8")).toContain("ssh-ed25519");
    // A file ssh makes is 0666 less the umask (fopen's), as any new file.
    expect(statSync(knownHosts).mode & 0o777).toBe(0o666 & ~process.umask());
    await host({ hostKeyCheck: "strict", sshOptions }).run("true");
  });

  it("tofu: a known-hosts file that cannot be written is said, and the command runs, as ssh does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-kh-"));
    writeFileSync(join(dir, "file"), "");
    // Its directory is a file; its directory is missing (ssh makes ~/.ssh alone).
    for (const knownHosts of [join(dir, "file", "known_hosts"), join(dir, "missing", "known_hosts")]) {
      const sshOptions = ["-F", "/dev/null", "-o", `UserKnownHostsFile=${knownHosts}`];
      const r = await host({ hostKeyCheck: "tofu", sshOptions }).run("echo ran", pipe);
      expect(r.stdout).toBe("ran\n");
      expect(r.stderr).toContain(`Failed to add the host to the list of known hosts (${knownHosts}).`);
    }
    expect(existsSync(join(dir, "missing"))).toBe(false);
  });

  it("strict: a changed key fails and says how to drop the old one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-kh-"));
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "other")]);
    const other = readFileSync(join(dir, "other.pub"), "utf8").split(" ").slice(0, 2).join(" ");
    const knownHosts = join(dir, "known_hosts");
    execFileSync("bash", [
      "-c",
      `echo '[${fleet.sandbox.addresses[0]}]:${fleet.sandbox.port} ${other}' > ${knownHosts}`,
    ]);
    const error = await failure(
      host({ hostKeyCheck: "strict", sshOptions: ["-F", "/dev/null", "-o", `UserKnownHostsFile=${knownHosts}`] }),
    );
    expect(error.message).toMatch(
      new RegExp(
        `REMOTE HOST IDENTIFICATION HAS CHANGED.*\`ssh-keygen -f ${knownHosts} -R '\\[127\\.0\\.0\\.2\\]:\\d+'\``,
      ),
    );
  });
});

describe("connection failures name the cause", () => {
  it("refused: nothing listens on the port", async () => {
    const error = await failure(host({ port: await freePort(fleet.sandbox.addresses[0]) }));
    expect(error.message).toMatch(/Connection refused.*is sshd running there/);
  });

  it("refused after each of ConnectionAttempts, tried a second apart", async () => {
    const sshOptions = [...fleet.sandbox.hostOptions.sshOptions, "-o", "ConnectionAttempts=2"];
    const started = Date.now();
    const error = await failure(host({ port: await freePort(fleet.sandbox.addresses[0]), sshOptions }));
    expect(error.message).toMatch(/Connection refused.*is sshd running there/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("a key the host does not accept", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-key-"));
    execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, "wrong")]);
    const error = await failure(
      host({
        key: join(dir, "wrong"),
        sshOptions: ["-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"],
      }),
    );
    expect(error.message).toMatch(/Permission denied.*refused the login/);
  });

  it("a key others may read is ignored, as ssh ignores it, and the failure says to chmod it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-key-"));
    const key = join(dir, "open");
    copyFileSync(fleet.sandbox.hostOptions.key!, key);
    chmodSync(key, 0o644);
    const only = ["-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"];
    const error = await failure(host({ key, sshOptions: only }));
    expect(error.message).toContain(
      `Permission denied (publickey): the host refused the login; ssh ignored the key ${key}`,
    );
    expect(error.message).toContain(`(\`chmod 600 ${key}\`)`);
    // The same key, kept private, logs in (a host's transport and keys are decided once per process: a new file).
    const closed = join(dir, "closed");
    copyFileSync(key, closed);
    chmodSync(closed, 0o600);
    expect((await host({ key: closed, sshOptions: only }).run("echo in", pipe)).stdout).toBe("in\n");
  });

  it("a stale agent socket (SSH_AUTH_SOCK of a gone agent) is passed over for the key, as ssh does", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dk-agent-"));
    const socket = join(dir, "agent.sock");
    // A socket file nobody listens on, as a closed session leaves behind: a link to one that then closes.
    const server = createServer().listen(join(dir, "live.sock"));
    await once(server, "listening");
    linkSync(join(dir, "live.sock"), socket);
    await new Promise((closed) => server.close(closed));
    const before = process.env.SSH_AUTH_SOCK;
    process.env.SSH_AUTH_SOCK = socket;
    try {
      const h = host({ sshOptions: ["-F", "/dev/null", "-o", "BatchMode=yes", "-o", "ServerAliveInterval=7"] });
      expect((await h.run("echo in", pipe)).stdout).toBe("in\n");
    } finally {
      if (before === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = before;
    }
  });

  it("a key file that is not there is named in the failure", async () => {
    const key = join(mkdtempSync(join(tmpdir(), "dk-key-")), "absent");
    const only = ["-F", "/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes"];
    const error = await failure(host({ key, sshOptions: only }));
    expect(error.message).toContain(`the key ${key} cannot be read (No such file or directory): check \`key\``);
  });

  it("a remote exit code 255 that is not ssh's stays a plain failure, even when it prints what ssh would", async () => {
    const error = await host()
      .run("echo 'ssh: connect to host x port 22: Connection refused' >&2; printf partial >&2; exit 255", pipe)
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/failed with exit code 255: partial$/);
    expect((error as CommandError).stderr).toBe("ssh: connect to host x port 22: Connection refused\npartial");
  });
});

describe("a configuration ssh refuses", () => {
  it("fails with ssh's words and the line, also when the line is in a block that does not apply", async () => {
    const config = join(mkdtempSync(join(tmpdir(), "dk-badconf-")), "config");
    writeFileSync(config, "Host elsewhere\n  ServerAliveCountMax x\nHost *\n  User nobody-else\n");
    // auto goes to ssh, which says it; native, asked for, says the same before it connects.
    const error = await failure(host({ sshOptions: ["-F", config], transport: "auto" }));
    expect(error.message).toBe(
      `[127.0.0.2] ssh failed: ${config} line 2: integer value invalid: ssh refuses its configuration there; ` +
        "correct that line (`ssh -G` with the host checks it without connecting)",
    );
    expect(error.exitCode).toBe(255);
    const native = await host({ sshOptions: ["-F", config], transport: "native" })
      .run("true", pipe)
      .catch((e: unknown) => e);
    expect(native).toMatchObject({ name: "TransportError", refused: true });
    expect((native as Error).message).toMatch(/^\[127\.0\.0\.2\] ssh refuses the configuration: .* line 2: integer/);
  });
});

describe("AddressFamily", () => {
  it("connects to an address of its family, and refuses one of the other as ssh does", async () => {
    expect((await host({ sshOptions: ["-o", "AddressFamily=inet"] }).run("echo ok", pipe)).stdout).toBe("ok\n");
    const error = await failure(host({ sshOptions: ["-o", "AddressFamily=inet6"] }));
    expect(error.message).toMatch(/Could not resolve hostname 127\.0\.0\.2: Address family for hostname not supported/);
  });
});

describe("BindAddress", () => {
  const bind = (address: string) =>
    host({ sshOptions: [...fleet.sandbox.hostOptions.sshOptions, "-o", `BindAddress=${address}`] });
  const said = (line: string) =>
    `[${fleet.sandbox.addresses[0]}] ssh failed: ${line}: ssh cannot send from the BindAddress of your ssh ` +
    "configuration: it must be an address of this machine, and of the host's address family";

  it("connects from that address, as ssh does", async () => {
    const { stdout } = await bind("127.0.0.7").run('echo "$SSH_CLIENT"', pipe);
    expect(stdout).toMatch(/^127\.0\.0\.7 \d+ \d+\n$/);
  });

  it("fails as ssh does on an address this machine does not have, or of the other family", async () => {
    const { port } = fleet.sandbox;
    const away = await failure(bind("10.255.255.1"));
    expect(away.message).toBe(said("bind 10.255.255.1: Cannot assign requested address"));
    expect(String(away.stderr)).toContain(`ssh: connect to host ${fleet.sandbox.addresses[0]} port ${port}: failure`);
    const v6 = await failure(bind("::1"));
    expect(v6.message).toBe(said("getaddrinfo: ::1: Address family for hostname not supported"));
    expect(away.exitCode).toBe(255);
  });
});

describe("BindInterface", () => {
  const bind = (name: string, more: string[] = []) =>
    host({ sshOptions: [...fleet.sandbox.hostOptions.sshOptions, "-o", `BindInterface=${name}`, ...more] });

  it("connects from the interface's address of the host's family, loopback's last of all, as ssh does", async () => {
    // lo has 127.0.0.1 alone: ssh takes it once no other address of lo will do (the host is 127.0.0.2).
    const { stdout } = await bind("lo").run('echo "$SSH_CLIENT"', pipe);
    expect(stdout).toMatch(/^127\.0\.0\.1 \d+ \d+\n$/);
    // BindAddress, when set too, is what ssh binds to.
    const both = await bind("lo", ["-o", "BindAddress=127.0.0.7"]).run('echo "$SSH_CLIENT"', pipe);
    expect(both.stdout).toMatch(/^127\.0\.0\.7 \d+ \d+\n$/);
  });

  it("fails as ssh does on an interface this machine lacks", async () => {
    const error = await failure(bind("nosuch0"));
    expect(error.message).toBe(
      `[${fleet.sandbox.addresses[0]}] ssh failed: getifaddrs: nosuch0: no suitable addresses: ssh cannot send ` +
        "from the BindInterface of your ssh configuration: it must name an interface of this machine that is up, " +
        "with an address of the host's address family",
    );
    const { port } = fleet.sandbox;
    expect(String(error.stderr)).toContain(`ssh: connect to host ${fleet.sandbox.addresses[0]} port ${port}: failure`);
    expect(error.exitCode).toBe(255);
  });
});

describe("ssh options", () => {
  it("verboseSsh passes -v, and ssh's lines after the command do not hide its exit mark", async () => {
    const r = await host().run("echo out; echo err >&2; exit 3", { verboseSsh: true, check: false, ...pipe });
    expect(r.stderr).toMatch(/debug1:/);
    expect(r.exitCode).toBe(3);
    // ssh's own lines after the command's end are still there (ssh may log the exit before it writes the command's
    // stderr out); the mark between them is not.
    expect(r.stderr).toMatch(/^err\r?$/m);
    expect(r.stderr).toMatch(/^debug1: .*exit-status/m);
    expect(r.stderr).not.toContain("\x1fdk-exit");
  });

  it.each(["VERBOSE", "DEBUG"])(
    "LogLevel %s in sshOptions: ssh's lines after the command do not hide its exit mark",
    async (level) => {
      const sshOptions = [...fleet.sandbox.hostOptions.sshOptions, "-o", `LogLevel=${level}`];
      // Native leaves ssh's logging to ssh: under auto such a host goes to ssh whatever the project's transport.
      const r = await host({ sshOptions, transport: "auto" }).run("echo out; echo err >&2; exit 3", {
        check: false,
        ...pipe,
      });
      expect([r.stdout, r.exitCode]).toEqual(["out\n", 3]);
      expect(r.stderr).toMatch(/^err\r?$/m);
      expect(r.stderr).not.toContain("\x1fdk-exit");
    },
  );

  // ssh -v keeps a forked master's stderr (our pipe) open until it exits: a shared run would wait for it.
  it("-v in sshOptions: runs after the first end when their command does", async () => {
    const h = host({ sshOptions: [...fleet.sandbox.hostOptions.sshOptions, "-v"], transport: "auto" });
    for (let i = 0; i < 3; i++) {
      const r = await h.run(`echo run${i}`, { timeout: 8000, ...pipe });
      expect([r.stdout, r.exitCode]).toEqual([`run${i}\n`, 0]);
      expect(r.stderr).toMatch(/debug1:/);
    }
  });

  // As another user, becomeRoot needs sudo on the host: the sudo-*.e2e.test.ts files cover that.
  it.runIf(process.getuid?.() === 0)("becomeRoot runs as root (no sudo needed when already root)", async () => {
    const r = await host().run("id -u", { becomeRoot: true, ...pipe });
    expect(r.stdout).toBe("0\n");
  });

  it("commandPrefix names the host in errors", async () => {
    const error = await host({ commandPrefix: "web-1" })
      .run("exit 2", pipe)
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe("[web-1] `exit 2` failed with exit code 2");
  });
});
