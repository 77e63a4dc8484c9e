import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bashMissing } from "../src/ssh/bash-missing.ts";
import { sshFailure } from "../src/ssh/hints.ts";

const unknown = ["No ED25519 host key is known for [127.0.0.2]:2295 and you have requested strict checking."];
const changed = [
  "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
  "WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!",
];
const dir = mkdtempSync(join(tmpdir(), "dk-hints-"));
const config = join(dir, "config");
writeFileSync(config, `Host web\n  HostName 127.0.0.2\n  Port 2295\n  UserKnownHostsFile ${dir}/fleet_known_hosts\n`);

describe("the host-key hints", () => {
  it("name the port, and ~/.ssh/known_hosts when nothing else is configured", () => {
    const { hint } = sshFailure(255, unknown, { hostname: "127.0.0.2", port: 2295 }, ["-F", "/dev/null"])!;
    expect(hint).toContain("`mkdir -p ~/.ssh && ssh-keyscan -p 2295 127.0.0.2 >> ~/.ssh/known_hosts`");
  });

  it("use the port and known-hosts file of the -F config, for adding and for dropping a key", () => {
    const argv = ["-F", config, "-o", "BatchMode=yes", "--", "web", "true"];
    expect(sshFailure(255, unknown, { hostname: "web" }, argv)!.hint).toContain(
      `\`ssh-keyscan -p 2295 127.0.0.2 >> ${dir}/fleet_known_hosts\``,
    );
    expect(sshFailure(255, changed, { hostname: "web" }, argv)!.hint).toContain(
      `\`ssh-keygen -f ${dir}/fleet_known_hosts -R '[127.0.0.2]:2295'\``,
    );
  });
});

describe("the host-key hints for a host behind jump hosts", () => {
  const jumps = join(dir, "jumps");
  writeFileSync(
    jumps,
    "Host web\n  HostName 127.0.0.2\n  ProxyJump near\nHost near\n  HostName 127.0.0.8\n  ProxyJump far\n" +
      `Host far\n  HostName 127.0.0.9\n  Port 2200\n  UserKnownHostsFile ${dir}/jump_kh\nHost *\n  Port 2295\n`,
  );
  const argv = ["-F", jumps, "--", "web", "true"];
  const lost = ["kex_exchange_identification: Connection closed by remote host"];

  it("name the jump host whose key ssh could not check, where its key belongs, and not dk's hostKeyCheck", () => {
    const tail = [
      "No ED25519 host key is known for [127.0.0.9]:2200 and you have requested strict checking.",
      "Host key verification failed.",
      ...lost,
    ];
    const { hint } = sshFailure(255, tail, { hostname: "web" }, argv)!;
    expect(hint).toBe(
      "the key of the jump host 127.0.0.9 is not in known_hosts; check it and add it " +
        `(\`ssh-keyscan -p 2200 127.0.0.9 >> ${dir}/jump_kh\`)`,
    );
    const near = ["No ED25519 host key is known for [127.0.0.8]:2295 and you have requested strict checking."];
    expect(sshFailure(255, near, { hostname: "web" }, argv)!.hint).toContain(
      "`mkdir -p ~/.ssh && ssh-keyscan -p 2295 127.0.0.8 >> ~/.ssh/known_hosts`",
    );
  });

  it("name the jump host whose key changed", () => {
    const tail = [...changed, "Host key for [127.0.0.9]:2200 has changed and you have requested strict checking."];
    expect(sshFailure(255, [...tail, ...lost], { hostname: "web" }, argv)!.hint).toBe(
      "the key of the jump host 127.0.0.9 changed; if that is expected, drop the old one with " +
        `\`ssh-keygen -f ${dir}/jump_kh -R '[127.0.0.9]:2200'\` and connect again`,
    );
  });

  it("name the host itself when ssh names it", () => {
    expect(
      sshFailure(
        255,
        ["No ED25519 host key is known for [127.0.0.2]:2295 and you have requested strict checking."],
        { hostname: "web" },
        argv,
      )!.hint,
    ).toContain(
      "the host's key is not in known_hosts; check it and add it (`mkdir -p ~/.ssh && ssh-keyscan -p 2295 127.0.0.2",
    );
  });
});

describe("the host-key hints under HostKeyAlias", () => {
  it("put the key under the alias, and drop it by the alias", () => {
    const argv = ["-F", "/dev/null", "-o", "HostKeyAlias=Web-1", "-o", `UserKnownHostsFile=${dir}/kh`];
    const where = { hostname: "127.0.0.2", port: 2295 };
    expect(sshFailure(255, unknown, where, argv)!.hint).toContain(
      `\`ssh-keyscan -p 2295 127.0.0.2 | sed 's/^[^ ]*/web-1/' >> ${dir}/kh\``,
    );
    expect(sshFailure(255, changed, where, argv)!.hint).toContain(`\`ssh-keygen -f ${dir}/kh -R web-1\``);
  });

  it("name an alias with sed's own characters as it is", () => {
    const argv = ["-F", "/dev/null", "-o", "HostKeyAlias=web/1&\\x"];
    const hint = sshFailure(255, unknown, { hostname: "127.0.0.2", port: 2295 }, argv)!.hint;
    const sed = /\| (sed '[^`]*') >>/.exec(hint)![1]!;
    expect(execFileSync("bash", ["-c", `echo '[h]:1 ssh-ed25519 AAAA' | ${sed}`], { encoding: "utf8" })).toBe(
      "web/1&\\x ssh-ed25519 AAAA\n",
    );
  });
});

describe("the host-key hint without a user file", () => {
  it("names the global file, the only one ssh trusts under UserKnownHostsFile none", () => {
    const argv = ["-F", "/dev/null", "-o", "UserKnownHostsFile=none", "-o", `GlobalKnownHostsFile=${dir}/global`];
    expect(sshFailure(255, unknown, { hostname: "127.0.0.2", port: 2295 }, argv)!.hint).toContain(
      `\`ssh-keyscan -p 2295 127.0.0.2 >> ${dir}/global\``,
    );
  });
});

describe("the lost-connection hint", () => {
  it("takes ssh's words for a connection that ends once logged in", () => {
    expect(sshFailure(255, ["Connection to web closed by remote host."], { hostname: "web" })).toEqual({
      line: "Connection to web closed by remote host",
      hint: "the connection to the host was lost",
    });
  });
});

describe("the hints for a server that gives no ssh greeting, or ends the login", () => {
  const said = (tail: string[]) => sshFailure(255, tail, { hostname: "127.0.0.1" })!;
  // ssh's own lines (sshconnect.c, sshd's disconnect), as the native transport also writes them.
  it("a greeting that never came: the port answers, so the host is reachable", () => {
    const { line, hint } = said([
      "Connection timed out during banner exchange",
      "Connection to 127.0.0.1 port 2222 timed out",
    ]);
    expect(line).toBe("Connection timed out during banner exchange");
    expect(hint).toMatch(/^something accepts connections on that port but sent no ssh greeting within ConnectTimeout/);
  });

  it("a greeting that is not an ssh server's: is the port right?", () => {
    const { line, hint } = said(["banner exchange: Connection to 127.0.0.1 port 80: invalid format"]);
    expect(line).toBe("banner exchange: Connection to 127.0.0.1 port 80: invalid format");
    expect(hint).toBe("what answers on that port does not greet as an ssh server (SSH-2.0); is the port right?");
  });

  it.each([
    "kex_exchange_identification: Connection closed by remote host",
    "kex_exchange_identification: read: Connection reset by peer",
  ])("%j names sshd refusing new connections (MaxStartups), not a lost connection", (first) => {
    const { line, hint } = said([first, "Connection closed by 127.0.0.1 port 2222"]);
    expect(line).toBe(first);
    expect(hint).toMatch(/^the host closed the connection before ssh's greeting: .*MaxStartups/);
  });

  it("too many keys refused: name the key and IdentitiesOnly", () => {
    const tail = [
      "Received disconnect from 127.0.0.2 port 2222:2: Too many authentication failures",
      "Disconnected from 127.0.0.2 port 2222",
    ];
    const { line, hint } = said(tail);
    expect(line).toBe(tail[0]);
    expect(hint).toMatch(/MaxAuthTries.*`IdentitiesOnly yes`/);
  });
});

describe("the configuration hint", () => {
  it("names the line ssh refuses, from a file or the command line, unless a connection failure came first", () => {
    const said = (tail: string[]) => sshFailure(255, tail, { hostname: "web" });
    const fix =
      "ssh refuses its configuration there; correct that line (`ssh -G` with the host checks it without connecting)";
    expect(
      said(["/etc/dk/config line 4: Bad port 'x'.", "/etc/dk/config: terminating, 1 bad configuration options"]),
    ).toEqual({ line: "/etc/dk/config line 4: Bad port 'x'", hint: fix });
    expect(said(["command-line: line 0: Bad configuration option: foo"])).toEqual({
      line: "command-line: line 0: Bad configuration option: foo",
      hint: fix,
    });
    expect(said(["Can't open user config file /nope: No such file or directory"])?.hint).toBe(fix);
    const deprecated = '/etc/dk/config line 2: Deprecated option "useroaming"';
    expect(said([deprecated, "ssh: connect to host web port 22: Connection refused"])?.hint).toMatch(
      /^nothing accepts/,
    );
  });
});

describe("the jump-host hint", () => {
  // ssh's own words: it refuses -J before it connects anywhere.
  const refusal = (jump: string) => {
    const argv = ["-F", "/dev/null", "-o", "BatchMode=yes", "-J", jump, "--", "127.0.0.1", "true"];
    const ssh = spawnSync("ssh", argv, { encoding: "utf8", timeout: 10_000 });
    expect(ssh.status).toBe(255);
    return { argv, tail: ssh.stderr.split("\n").filter(Boolean) };
  };

  it.each(["a;b", "us;er@a"])("says ssh refused -J %j, not that a connection was lost", (jump) => {
    const { argv, tail } = refusal(jump);
    const failure = sshFailure(255, tail, { hostname: "127.0.0.1" }, argv)!;
    expect(failure.line).toMatch(/^parse_jump: invalid (hostname|username) "/);
    expect(failure.hint).toMatch(/^ssh refuses the jump hosts given with -J/);
  });
});

describe("the login hint", () => {
  const denied = "root@web: Permission denied (publickey).";
  const hint = (tail: string[]) => sshFailure(255, tail, { hostname: "web" })!.hint;

  it("names a key ssh ignored or could not read, else what to check", () => {
    expect(hint(['Load key "/k/it\'s": bad permissions', denied])).toBe(
      "the host refused the login; ssh ignored the key /k/it's: others may read it (`chmod 600 '/k/it'\\''s'`)",
    );
    expect(hint(["Warning: Identity file k not accessible: No such file or directory.", denied])).toBe(
      "the host refused the login; the key k cannot be read (No such file or directory): check `key`",
    );
    expect(sshFailure(255, ["Bad owner or permissions on /home/me/.ssh/config"], { hostname: "web" })).toEqual({
      line: "Bad owner or permissions on /home/me/.ssh/config",
      hint: "ssh refuses a config file that another user owns or others may write: `chmod go-w /home/me/.ssh/config`",
    });
    expect(hint([denied])).toBe(
      "the host refused the login; check the user, the key (`key`, ssh-agent) and the host's authorized_keys",
    );
  });

  it("says that no key will do where the host asks for a password or other answers alone", () => {
    const asks = (methods: string) =>
      sshFailure(255, [`root@web: Permission denied (${methods}).`], { hostname: "web" });
    expect(asks("password")!.hint).toBe(
      "the host refused the login; it asks for password (no key will do), which ssh cannot answer under dk: let the " +
        "user log in there with a key (authorized_keys, PubkeyAuthentication yes)",
    );
    expect(asks("keyboard-interactive,password")!.hint).toContain("it asks for keyboard-interactive, password (no key");
    expect(asks("publickey,password")!.hint).toMatch(/; check the user, the key/);
  });

  it("names a key that needs a passphrase with no agent: ssh under dk has no terminal to ask on", () => {
    const key = (name: string, ...args: string[]) => {
      execFileSync("ssh-keygen", ["-q", "-C", "", "-f", join(dir, name), ...args]);
      return join(dir, name);
    };
    const [open, locked, pem] = [
      key("open", "-N", ""),
      key("locked k", "-N", "secret"),
      key("pem", "-N", "secret", "-t", "ecdsa", "-m", "PEM"),
    ];
    const login = (agent: string, ...keys: string[]) => {
      const options = ["-F", "/dev/null", "-o", `IdentityAgent=${agent}`, ...keys.flatMap((k) => ["-i", k])];
      return sshFailure(255, [denied], { hostname: "web" }, options)!.hint;
    };
    expect(login("none", open, locked)).toBe(
      `the host refused the login; the key ${locked} needs a passphrase, which ssh cannot ask for under dk (it has ` +
        `no terminal): load the key into ssh-agent (\`ssh-add '${locked}'\`)`,
    );
    expect(login("none", pem)).toContain(`the key ${pem} needs a passphrase`);
    // An agent may hold it: then the passphrase is not why.
    expect(login(config, locked)).toMatch(/; check the user, the key/);
    expect(login("none", open)).toMatch(/; check the user, the key/);
  });
});

describe("bashMissing", () => {
  // What each login shell says when it finds no bash to hand dk's line to.
  const said = [
    "sh: 1: exec: bash: not found",
    "sh: exec: line 1: bash: not found",
    "ksh: exec: bash: not found",
    "zsh:1: command not found: bash",
    "fish: Unknown command: bash",
  ];
  it.each(said)("finds %j after an exit code 127", (line) => {
    expect(bashMissing(127, ["something else", line])).toBe(line);
  });

  it("finds csh's and tcsh's, after their exit code 1", () => {
    expect(bashMissing(1, ["test: Command not found.", "bash: Command not found."])).toBe("bash: Command not found.");
  });

  it("finds nothing for another exit code, or without such a line", () => {
    expect(bashMissing(1, [said[0]!])).toBeUndefined();
    expect(bashMissing(2, ["bash: Command not found."])).toBeUndefined();
    expect(
      bashMissing(127, ["sh: 1: nosuch: not found", "bashful: not found", "Unknown command: bashful"]),
    ).toBeUndefined();
  });
});

describe("ssh's 255 without a word", () => {
  const where = { hostname: "127.0.0.2" };
  it("may be a lost connection or a signal; on a terminal also a refused login whose reason ssh wrote there", () => {
    const plain = "the connection to the host was lost, or the command's shell was killed by a signal";
    expect(sshFailure(255, [], where, ["-o", "BatchMode=yes", "--", "h", "true"])!.hint).toBe(plain);
    expect(sshFailure(255, [], where, ["-o", "BatchMode=yes", "-tt", "--", "h", "true"])!.hint).toBe(
      `${plain}, or ssh could not connect or log in (its reason is above)`,
    );
  });
});

describe("the hint for a token or variable ssh cannot expand in a path", () => {
  // ssh's own lines (misc.c's percent_dollar_expand): they name neither the option nor where it was set.
  const token = ["vdollar_percent_expand: unknown key %Q", "percent_dollar_expand: failed"];
  const where = { hostname: "127.0.0.2", port: 2295 };

  it("names the token and the option holding it, from the command line or a config file", () => {
    const tokenIn = join(dir, "token_config");
    writeFileSync(tokenIn, "Host 127.0.0.2\n  CertificateFile ~/certs/%Q-cert.pub\n");
    expect(sshFailure(255, token, where, ["-F", "/dev/null", "-o", "IdentityFile=/keys/%Q"])).toEqual({
      line: "vdollar_percent_expand: unknown key %Q",
      hint: "IdentityFile `/keys/%Q` holds %Q: ssh knows no token %Q there; correct it (a literal % is written %%)",
    });
    expect(sshFailure(255, token, where, ["-F", tokenIn])!.hint).toBe(
      "CertificateFile `~/certs/%Q-cert.pub` holds %Q: ssh knows no token %Q there; correct it (a literal % is " +
        "written %%)",
    );
  });

  it("names an unset variable, and says how to find the option when the resolver cannot", () => {
    const unset = ["vdollar_percent_expand: env var ${DK_UNSET_X} has no value", "percent_dollar_expand: failed"];
    expect(sshFailure(255, unset, where, ["-F", "/dev/null", "-o", "ControlPath=/run/${DK_UNSET_X}/%C"])!.hint).toBe(
      "ControlPath `/run/${DK_UNSET_X}/%C` holds ${DK_UNSET_X}: the variable DK_UNSET_X is not set in dk's " +
        "environment; set it, or write the path without it",
    );
    expect(sshFailure(255, token, where, ["-F", "/dev/null"])!.hint).toBe(
      "an option of the host's ssh config holds %Q (`ssh -G 127.0.0.2 | grep -F '%Q'` shows it): ssh knows no " +
        "token %Q there; correct it (a literal % is written %%)",
    );
  });
});
