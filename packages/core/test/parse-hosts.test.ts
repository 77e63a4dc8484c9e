import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import { HostEntryError, parseHosts } from "../src/parse-hosts.ts";
import { sshArgv, sshOptionArgs } from "../src/ssh/argv.ts";

const summary = (spec: string, options = {}) =>
  parseHosts(spec, options).hosts.map((h) => ({
    hostname: h.hostname,
    user: h.user,
    port: h.port,
    prefix: h.commandPrefix,
  }));

describe("parseHosts", () => {
  it("reads user@host:port entries separated by commas", () => {
    expect(summary("a,admin@b,c:2222,root@d.example.com:22")).toEqual([
      { hostname: "a", user: undefined, port: undefined, prefix: "a" },
      { hostname: "b", user: "admin", port: undefined, prefix: "b" },
      { hostname: "c", user: undefined, port: 2222, prefix: "c" },
      { hostname: "d.example.com", user: "root", port: 22, prefix: "d.example.com" },
    ]);
  });

  it("trims whitespace and skips empty entries", () => {
    expect(summary(" a , ,b,, ").map((h) => h.hostname)).toEqual(["a", "b"]);
    expect(parseHosts("").hosts).toEqual([]);
  });

  it("reads one entry per line too, as a hosts file holds them", () => {
    expect(parseHosts("web1\nadmin@web2:2222\r\n\n[::1]:22,db\n").hosts.map(String)).toEqual([
      "web1",
      "admin@web2:2222",
      "[::1]:22",
      "db",
    ]);
  });

  it("skips a hosts file's comments: from a `#` that starts a line or follows a space to the line's end", () => {
    const file = "# web servers\nweb1 # the old one, retired\nweb2,web3\t#x\n  #db1\ndb2\n";
    expect(parseHosts(file).hosts.map(String)).toEqual(["web1", "web2", "web3", "db2"]);
    // After a comma it is no comment: the hosts after it must not vanish without a word.
    expect(() => parseHosts("web1,#web2,web3")).toThrow("Invalid host entry `#web2`: `#web2` is not a valid hostname");
    expect(() => parseHosts("web#1")).toThrow("Invalid host entry `web#1`: `web#1` is not a valid hostname");
  });

  it("says to separate hosts with commas when an entry holds a space or a tab", () => {
    expect(() => parseHosts("web1 web2")).toThrow(
      "Invalid host entry `web1 web2`: it holds whitespace; separate hosts with commas (`web1,web2`)",
    );
    expect(() => parseHosts("ok,root@db1\tdb2:22")).toThrow(/separate hosts with commas \(`root@db1,db2:22`\)/);
  });

  it("takes no ssh command line for hosts, saying which entry is in it", () => {
    expect(() => parseHosts("ssh root@web1")).toThrow(
      "Invalid host entry `ssh root@web1`: it is an ssh command line; the host in it is the entry (`root@web1`)",
    );
    expect(() => parseHosts("ssh -p 2222 root@web1")).toThrow("; the host in it is the entry (`root@web1:2222`)");
    expect(() => parseHosts("ssh -p2222 -o BatchMode=yes web1")).toThrow("the host in it is the entry (`web1:2222`)");
  });

  it("refuses an inventory's group header (`[web]`), which it took for a host named web", () => {
    expect(() => parseHosts("[web]\nweb1\nweb2")).toThrow(
      "Invalid host entry `[web]`: brackets hold an IPv6 address (`[::1]`), and `[web]` reads as a group header " +
        "of an inventory (Ansible's); list the hosts alone",
    );
    expect(() => parseHosts("web1\n[db:children]\ndb1")).toThrow("`[db:children]` reads as a group header");
    // A name in brackets with its port is a known_hosts entry's spelling: the host.
    expect(parseHosts("[web1]:2222,[::1],root@[fe80::1%eth0]").hosts.map(String)).toEqual([
      "web1:2222",
      "[::1]",
      "root@[fe80::1%eth0]",
    ]);
  });

  it("says to separate hosts with commas when they are separated by `;` or `|`, as other tools' lists are", () => {
    expect(() => parseHosts("web1;web2")).toThrow(
      "Invalid host entry `web1;web2`: it holds `;`; separate hosts with commas (`web1,web2`)",
    );
    expect(() => parseHosts("ok,root@web1 ; web2:22;")).toThrow(
      "Invalid host entry `root@web1 ; web2:22;`: it holds `;`; separate hosts with commas (`root@web1,web2:22`)",
    );
    expect(() => parseHosts("web1|[::1]:22")).toThrow(
      /it holds `\|`; separate hosts with commas \(`web1,\[::1\]:22`\)/,
    );
    // An input method's comma (CJK), or its semicolon: commas to the eye.
    expect(() => parseHosts("web1，web2、db1")).toThrow(
      "Invalid host entry `web1，web2、db1`: it holds `，`; separate hosts with commas (`web1,web2,db1`)",
    );
    expect(() => parseHosts("web1；web2")).toThrow("it holds `；`; separate hosts with commas (`web1,web2`)");
    // Punctuation is no letter of an international name: no advice to write it as `xn--…`.
    expect(() => parseHosts("web1，$x")).toThrow(
      /`web1，\$x` is not a valid hostname: `，` cannot be in one\. Expected/,
    );
    expect(() => new Host("web·1")).toThrow(/\(string\): `·` cannot be in one$/);
    // Letters written full width (an input method's) are no international name either: they stand for ASCII ones.
    expect(() => parseHosts("ｗｅｂ１.example.com:22")).toThrow(
      "`ｗｅｂ１.example.com` is not a valid hostname: it is written in full-width characters; write `web1.example.com`",
    );
    // A long line of them: the message gives the start of the list, not all of it again.
    const long = (() => {
      try {
        parseHosts("web1;".repeat(20_000));
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(long).toMatch(
      /^Invalid host entry `(web1;){60}…`: it holds `;`; separate hosts with commas \(`(web1,){60}…`\)/,
    );
    expect(long!.length).toBeLessThan(800);
    // Not a list of hosts: what is wrong with it, as for any bad name.
    expect(() => parseHosts("web1;rm -rf /")).toThrow("`web1;rm -rf /` is not a valid hostname: `;` cannot be in one");
  });

  it.each([
    ["web;rm -rf", "`web;rm -rf` is not a valid hostname: `;` cannot be in one"],
    ["a`b`", "`a`b`` is not a valid hostname: `` ` `` cannot be in one"],
    ["-host", "`-host` is not a valid hostname: it starts with `-`"],
    ["web-", "`web-` is not a valid hostname: it ends with `-`"],
    ["bücher.de", "`bücher.de` is not a valid hostname: `ü` cannot be in one (write an international name as `xn--…`)"],
    ["db:2222:1", "`db:2222:1` is not a valid hostname: a `:` belongs to IPv6 addresses, and this is none"],
    // Pasted from a chat or a web page: the character cannot be seen, so it is named by its code point.
    ["web1\u200b", "`web1\u200b` is not a valid hostname: it holds an invisible character, U+200B"],
    ["web\u00ad1", "`web\u00ad1` is not a valid hostname: it holds an invisible character, U+00AD"],
  ])("says what is wrong with the hostname of %j", (entry, why) => {
    expect(() => parseHosts(entry)).toThrow(`Invalid host entry \`${entry}\`: ${why}. Expected`);
  });

  it.each([
    ["web[1-3]", "`web1,web2,web3`"],
    [
      "root@web[01:12].example.com:22",
      "`root@web01.example.com:22,root@web02.example.com:22,root@web03.example.com:22,…`",
    ],
  ])("says a range such as %j is not expanded, and how its hosts are listed", (entry, listed) => {
    expect(() => parseHosts(entry)).toThrow(
      `Invalid host entry \`${entry}\`: a range is not expanded here; list each host (${listed})`,
    );
  });

  it.each([
    ["web{1,2}.example.com", "web{1,2}.example.com", "`web1.example.com,web2.example.com`"],
    ["db1,root@web{a,b,c,d}:22", "root@web{a,b,c,d}:22", "`root@weba:22,root@webb:22,root@webc:22,…`"],
    ["web{1..3}", "web{1..3}", "`web1,web2,web3`"],
    ["# spare: web{5,6}\nweb{01..12}.dc", "web{01..12}.dc", "`web01.dc,web02.dc,web03.dc,…`"],
  ])("says a shell's braces in %j are not expanded, and how its hosts are listed", (spec, entry, listed) => {
    expect(() => parseHosts(spec)).toThrow(
      `Invalid host entry \`${entry}\`: braces are not expanded here; list each host (${listed})`,
    );
  });

  it("finds braces in one pass, also after a long run of text without them", () => {
    expect(() => parseHosts(`${"a".repeat(300_000)} ${"{".repeat(1000)}x web{1,2}`)).toThrow(
      "Invalid host entry `web{1,2}`: braces are not expanded here",
    );
  });

  it("takes a directory account's user name with its domain, as ssh does (the last `@` ends the user)", () => {
    const [host] = parseHosts("jdoe@corp.example.com@web1:2222").hosts;
    expect([host!.user, host!.hostname, host!.port, String(host)]).toEqual([
      "jdoe@corp.example.com",
      "web1",
      2222,
      "jdoe@corp.example.com@web1:2222",
    ]);
    expect(new Host("web1", { user: "jdoe@corp.example.com" }).user).toBe("jdoe@corp.example.com");
    const argv = sshArgv(host!, "true", sshOptionArgs(host!));
    expect(argv.slice(argv.indexOf("-l"), argv.indexOf("-l") + 2)).toEqual(["-l", "jdoe@corp.example.com"]);
    expect(() => parseHosts("root@@web1")).toThrow("Invalid host entry `root@@web1`: more than one `@`");
    expect(() => new Host("web1", { user: "jdoe@" })).toThrow(/^Expected `user` to be a user name/);
  });

  it("says what to write for an entry with a path (scp's, a URL's) or a password in it", () => {
    expect(() => parseHosts("root@web1:/srv/app")).toThrow(
      "Invalid host entry `root@web1:/srv/app`: `/srv/app` is a path, as scp writes one after the host; a host entry " +
        "has none: `root@web1`",
    );
    expect(() => parseHosts("web1:~/app")).toThrow("`~/app` is a path, as scp writes one after the host; a host entry");
    expect(() => parseHosts("ssh://root@web1:2222/srv")).toThrow(
      "Invalid host entry `ssh://root@web1:2222/srv`: `/srv` is a path, and an ssh URL has none: " +
        "`ssh://root@web1:2222`",
    );
    expect(() => parseHosts("root:secret@web1")).toThrow(
      "Invalid host entry `root:…@web1`: a password does not go in a host entry (ssh logs in with a key: the " +
        "`key` option, or your agent's): `root@web1`",
    );
  });

  it("never repeats a password given in an entry: a refusal may end up in a CI log", () => {
    for (const spec of ["web0,root:S3cret-pw@web1:2222", "ssh://deploy:S3cret-pw@web1", "a:S3cret-pw@b web2"]) {
      let error: unknown;
      try {
        parseHosts(spec);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(HostEntryError);
      expect((error as Error).message).toContain("a password does not go in a host entry");
      for (const shown of [(error as Error).message, JSON.stringify(error), inspect(error), String(error)])
        expect(shown).not.toContain("S3cret");
    }
    const refusals = [
      () => new Host("root:S3cret@web1"),
      () => new Host("ssh://root:S3cret@web1"),
      () => new Host("web1", { user: "root:S3cret" }),
      () => parseHosts("web1", { defaultUser: "root:S3cret" }),
    ];
    for (const refused of refusals) {
      expect(refused).toThrow(/a password does not go in a (host|user name) \(ssh logs in with a key/);
      expect(refused).not.toThrow(/S3cret/);
    }
    expect(() => new Host("web1", { user: "root:S3cret" })).toThrow("got `root:…` (string)");
  });

  it("reads an ssh:// URL as ssh does, and names another scheme as no ssh destination", () => {
    expect(parseHosts("ssh://root@web1:2222,SSH://web2/,ssh://[::1]:22").hosts.map(String)).toEqual([
      "root@web1:2222",
      "web2",
      "[::1]:22",
    ]);
    expect(() => parseHosts("sftp://web1")).toThrow(
      "Invalid host entry `sftp://web1`: `sftp://` is no ssh destination; write the host as `[user@]host[:port]`",
    );
    expect(() => parseHosts("ssh://root@")).toThrow("Invalid host entry `ssh://root@`: no hostname");
    expect(() => parseHosts("ssh://ssh://web1")).toThrow(/^Invalid host entry `ssh:\/\/ssh:\/\/web1`: /);
  });

  it("decodes a URL's percent-encoded user, as ssh does (a directory account's `@` is `%40` there)", () => {
    const [host] = parseHosts("ssh://jdoe%40corp.example.com@web1:2222").hosts;
    expect([host!.user, String(host)]).toEqual(["jdoe@corp.example.com", "jdoe@corp.example.com@web1:2222"]);
    expect(parseHosts("ssh://svc%24@web1").hosts[0]!.user).toBe("svc$");
    // Decoded, it is checked as any user is; outside a URL a `%` is no encoding.
    expect(() => parseHosts("ssh://a%2Fb@web1")).toThrow(
      "Invalid host entry `ssh://a%2Fb@web1`: `a/b` is not a valid user",
    );
    expect(() => parseHosts("ssh://a%zz@web1")).toThrow("`a%zz` is not a valid user name");
    expect(() => parseHosts("jdoe%40corp@web1")).toThrow("`jdoe%40corp` is not a valid user name");
  });

  it("reads IPv6 addresses in brackets, with or without a port", () => {
    expect(summary("[::1]:2222,root@[fe80::1],::1")).toEqual([
      // It shares its address with the third entry: its tag says which one it is.
      { hostname: "::1", user: undefined, port: 2222, prefix: "[::1]:2222" },
      { hostname: "fe80::1", user: "root", port: undefined, prefix: "fe80::1" },
      { hostname: "::1", user: undefined, port: undefined, prefix: "::1" },
    ]);
  });

  it("appends domainSuffix to short names only", () => {
    expect(
      summary("web1,db.other.org,10.0.0.1,[::1]", { domainSuffix: ".example.com" }).map((h) => h.hostname),
    ).toEqual(["web1.example.com", "db.other.org", "10.0.0.1", "::1"]);
    expect(summary("web1", { domainSuffix: "example.com" })[0]!.hostname).toBe("web1.example.com");
    // A fully qualified suffix, with the root's dot: the names are too.
    expect(summary("web1", { domainSuffix: ".example.com." })[0]!.hostname).toBe("web1.example.com.");
    expect(() => parseHosts("a", { domainSuffix: ".example..com" })).toThrow(/domainSuffix/);
  });

  it("leaves localhost as it is under a domainSuffix: localhost.example.com is another machine", () => {
    const hosts = summary("localhost,LocalHost,root@localhost:2222,web1", { domainSuffix: ".example.com" });
    expect(hosts.map((h) => h.hostname)).toEqual(["localhost", "localhost", "web1.example.com"]);
  });

  it("applies defaultUser to entries without a user", () => {
    expect(summary("a,bob@b", { defaultUser: "deploy" }).map((h) => h.user)).toEqual(["deploy", "bob"]);
  });

  it("passes the shared options to every host", () => {
    const [h] = parseHosts("a", { hostKeyCheck: "tofu", key: "/k", forwardAgent: true }).hosts;
    expect([h!.hostKeyCheck, h!.key, h!.forwardAgent]).toEqual(["tofu", "/k", true]);
  });

  it.each([
    ["a@@c", /more than one `@`/],
    ["host:abc", /port `abc` is not a number/],
    ["host:0", /out of range/],
    ["host:65536", /out of range/],
    ["host:", /no port after `:`; drop the `:`, or give the port/],
    ["[::1]:", /no port after `:`/],
    ["-oProxyCommand=touch /tmp/x", /not a valid hostname/],
    ["-host", /not a valid hostname/],
    ["ho st", /holds whitespace; separate hosts with commas \(`ho,st`\)/],
    ["a b;-c", /`a b;-c` is not a valid hostname: it holds a space/],
    ["host;rm -rf /", /not a valid hostname/],
    ["$(id)", /not a valid hostname/],
    ["a`b`", /not a valid hostname/],
    ["-l@host", /not a valid user name/],
    ["us er@host", /holds whitespace; separate hosts with commas \(`us,er@host`\)/],
    ["us er@@st", /more than one `@`/],
    ["@host", /no user before `@`; drop the `@`, or give the user/],
    ["user@", /no hostname/],
    ["[::1", /without `]`/],
    ["[::1]x", /after `]`/],
    // Colons make an IPv6 address or nothing: hex letters and digits around them are no address.
    ["db:2222:1", /`db:2222:1` is not a valid hostname/],
    ["[cafe:1]:22", /`cafe:1` is not a valid hostname/],
  ])("rejects %j with a clear error", (entry, why) => {
    expect(() => parseHosts(`ok,${entry}`)).toThrow(why);
    expect(() => parseHosts(`ok,${entry}`)).toThrow(`Invalid host entry \`${entry}\``);
    // Typed, with its data: a CLI can tell a bad entry from other mistakes and name the flag it came from.
    const error = (() => {
      try {
        parseHosts(`ok,${entry}`);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(HostEntryError);
    expect(error).toBeInstanceOf(TypeError);
    // Named as its class, as every error of dk's: a log line `HostEntryError: …` says which mistake it was.
    expect(error).toMatchObject({ entry, name: "HostEntryError" });
    expect(String(error)).toMatch(/^HostEntryError: Invalid host entry/);
    expect((error as HostEntryError).why).toMatch(why);
  });

  it("takes an entry given twice once, also when written differently (a suffix, whitespace)", () => {
    const group = parseHosts("web1, admin@db:2222,web1.example.com,web1 ,admin@db:2222", {
      domainSuffix: ".example.com",
    });
    expect(group.hosts.map(String)).toEqual(["web1.example.com", "admin@db.example.com:2222"]);
  });

  it("takes names that differ only in case as one host, as ssh does (it lowercases them), keeping the first", () => {
    expect(parseHosts("WEB1,db,web1,Web1.Example.com,[FE80::1],fe80::1").hosts.map(String)).toEqual([
      "WEB1",
      "db",
      "Web1.Example.com",
      "[FE80::1]",
    ]);
    expect(parseHosts("web1,WEB1", { domainSuffix: ".example.com" }).hosts.map(String)).toEqual(["web1.example.com"]);
    // User names are not folded: `Admin` and `admin` are two accounts.
    expect(parseHosts("Admin@db,admin@db").hosts.map((h) => h.commandPrefix)).toEqual(["Admin@db", "admin@db"]);
    // An IPv6 address written long is the same address: taken once, as first written.
    expect(
      parseHosts("[::1],[0:0:0:0:0:0:0:1],0:0::1,[fe80::1%eth0]:22,[FE80:0::1%eth0]:22").hosts.map(String),
    ).toEqual(["[::1]", "[fe80::1%eth0]:22"]);
    expect(parseHosts("[::1]:2222,[0::1]:2223").hosts.map((h) => h.commandPrefix)).toEqual([
      "[::1]:2222",
      "[0::1]:2223",
    ]);
    // One host for ssh on two ports: the tags tell them apart.
    expect(parseHosts("DB,db:2222").hosts.map((h) => h.commandPrefix)).toEqual(["DB", "db:2222"]);
  });

  it("takes an IPv4 address written as IPv6 (`::ffff:…`), or as ssh's short forms, as that address", () => {
    const spec = "127.0.0.1,::ffff:127.0.0.1,[0:0:0:0:0:FFFF:7f00:1],::ffff:7f00:1,127.1,0x7f000001";
    expect(parseHosts(spec).hosts.map(String)).toEqual(["127.0.0.1"]);
    expect(parseHosts("[::ffff:10.0.0.1]:22,10.0.0.1:22,10.0.0.1:2222").hosts.map((h) => h.commandPrefix)).toEqual([
      "[::ffff:10.0.0.1]:22",
      "10.0.0.1:2222",
    ]);
    // Another address, and names that only look like numbers, stay apart.
    expect(parseHosts("127.0.0.1,::ffff:127.0.0.2,::1,127.0.0.1.nip.io,1e3").hosts.length).toBe(5);
  });

  it("tags hosts that share a name by what tells them apart: port, user, or both", () => {
    const tags = (spec: string) => parseHosts(spec).hosts.map((host) => host.commandPrefix);
    expect(tags("10.0.0.1:2222,10.0.0.1:2223,web")).toEqual(["10.0.0.1:2222", "10.0.0.1:2223", "web"]);
    expect(tags("db,db:2222")).toEqual(["db", "db:2222"]);
    expect(tags("root@db,admin@db")).toEqual(["root@db", "admin@db"]);
    expect(tags("root@db:1,admin@db:2,root@db:2")).toEqual(["root@db:1", "admin@db:2", "root@db:2"]);
    expect(tags("[::1]:2222,[::1]:2223")).toEqual(["[::1]:2222", "[::1]:2223"]);
  });

  it("tags thousands of entries of one name (a fleet of ports on one address) each by its own parts", () => {
    const count = 5000;
    const spec = Array.from({ length: count }, (_, i) => `u${i % 3}@web1:${1000 + i}`).join(",");
    const tags = parseHosts(`${spec},other`).hosts.map((host) => host.commandPrefix);
    expect(tags).toHaveLength(count + 1);
    expect(new Set(tags).size).toBe(count + 1);
    expect([tags[0], tags[4], tags[count - 1], tags[count]]).toEqual([
      "u0@web1:1000",
      "u1@web1:1004",
      `u${(count - 1) % 3}@web1:${1000 + count - 1}`,
      "other",
    ]);
  });

  it("names what it got instead of a string, an array or null as such", () => {
    const expected = "Expected `spec` to be a string of comma-separated `[user@]host[:port]`, got";
    expect(() => parseHosts(["web1", "web2"] as never)).toThrow(`${expected} \`["web1","web2"]\` (array)`);
    expect(() => parseHosts(null as never)).toThrow(`${expected} \`null\` (null)`);
  });

  it("rejects a bad domainSuffix and a bad defaultUser, naming the option", () => {
    expect(() => parseHosts("a", { domainSuffix: "x;y" })).toThrow(/domainSuffix/);
    expect(() => parseHosts("a", { domainSuffix: 5 as never })).toThrow(
      "Expected `domainSuffix` to be a domain like `.example.com`, got `5` (number)",
    );
    expect(() => parseHosts("a", { defaultUser: "-oX" })).toThrow(/^Expected `defaultUser` to be a user name/);
  });

  it("refuses an option it does not know, and a shared option of the wrong kind, naming it", () => {
    expect(() => parseHosts("a", { hostkeycheck: "none" } as never)).toThrow(
      /^Unknown option `hostkeycheck` for parseHosts\(\); did you mean `hostKeyCheck`\?/,
    );
    expect(() => parseHosts("a", { user: "root" } as never)).toThrow(/^Unknown option `user` for parseHosts\(\)/);
    expect(() => parseHosts("a", { sshOptions: "-v" } as never)).toThrow(
      'Expected `sshOptions` to be an array of ssh arguments, e.g. ["-o", "ConnectTimeout=5"], got `-v` (string)',
    );
    expect(() => parseHosts("a", { reuseConnection: "false" } as never)).toThrow(/^Expected `reuseConnection` to be/);
  });
});

describe("new Host", () => {
  it("validates what it is given directly", () => {
    expect(() => new Host("-oProxyCommand=x")).toThrow(TypeError);
    expect(() => new Host("a", { port: 70000 })).toThrow(/port/);
    expect(() => new Host("a", { user: "a b" })).toThrow(/user/);
    expect(() => new Host("a", { hostKeyCheck: "yes" as never })).toThrow(/hostKeyCheck/);
  });

  it.each(["db:2222", "cafe:22", "root@web1", "admin@web1:2222", "[::1]:22"])(
    "refuses a user or port written into the hostname %j, saying where they go",
    (name) => {
      expect(() => new Host(name)).toThrow(TypeError);
      expect(() => new Host(name)).toThrow(
        `got \`${name}\` (string): a user or port goes in the \`user\` or \`port\` option`,
      );
    },
  );

  it("says what is wrong with a hostname it refuses, as parseHosts does", () => {
    expect(() => new Host("web1\u200b")).toThrow(
      /got `web1\u200b` \(string\): it holds an invisible character, U\+200B$/,
    );
    expect(() => new Host("web;1")).toThrow(/\(string\): `;` cannot be in one$/);
  });

  it("refuses a hostname longer than a DNS name can be (253 characters), saying so", () => {
    const longest = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(61)}`;
    expect(new Host(longest).hostname).toHaveLength(253);
    const why = /\(string\): it is 254 characters long; a DNS name has at most 253$/;
    expect(() => new Host(`${longest}e`)).toThrow(why);
    expect(() => parseHosts(`root@${longest}e:22`)).toThrow(/it is 254 characters long; a DNS name has at most 253/);
    // Nor is a long run of colons read as an IPv6 address, at any length: garbage in a hosts file is refused.
    expect(() => parseHosts(`${":".repeat(100_000)}x`)).toThrow(
      /is not a valid hostname: it is 100001 characters long/,
    );
  });

  it("refuses an IPv4 address padded with zeros, which ssh reads as octal: another machine", () => {
    // ssh (the resolver's inet_aton) reads `010` as 8: 192.168.001.010 is 192.168.1.8.
    expect(() => new Host("192.168.001.010")).toThrow(
      "got `192.168.001.010` (string): ssh reads a number with a leading 0 as octal, so this is 192.168.1.8; " +
        "write 192.168.1.10 (or 192.168.1.8, if that is the one meant)",
    );
    expect(() => parseHosts("web1,root@010.0.0.1:22")).toThrow(
      "`010.0.0.1` is not a valid hostname: ssh reads a number with a leading 0 as octal, so this is 8.0.0.1;",
    );
    // `08` is no octal number: ssh would look the whole name up as a DNS name, and fail.
    expect(() => new Host("10.0.08.1")).toThrow(
      "got `10.0.08.1` (string): ssh reads a number with a leading 0 as octal, and 08 is none; write 10.0.8.1",
    );
    // Zeros that read the same either way reach the address meant.
    expect(new Host("10.0.0.001").hostname).toBe("10.0.0.001");
    expect(parseHosts("10.0.0.1,0.0.0.0,100.64.0.10").hosts).toHaveLength(3);
  });

  it("refuses a number alone for a hostname: a port as an entry of its own, which ssh reads as an address", () => {
    expect(() => parseHosts("web1, 2222")).toThrow(
      "Invalid host entry `2222`: `2222` is not a valid hostname: a number alone is no host (ssh reads it as the " +
        "address 0.0.8.174); a port goes after its host's `:` (`host:2222`)",
    );
    // `0` is 0.0.0.0 to ssh: this machine.
    expect(() => new Host("0")).toThrow(
      "got `0` (string): a number alone is no host (ssh reads it as the address 0.0.0.0)",
    );
    expect(parseHosts("10.0.0.1,1e100,0x7f.1").hosts).toHaveLength(3);
  });

  it("takes IPv6 addresses, with a zone too", () => {
    expect(["::1", "FE80::1", "fe80::1%eth0", "::ffff:10.0.0.1"].map((name) => new Host(name).hostname)).toEqual([
      "::1",
      "FE80::1",
      "fe80::1%eth0",
      "::ffff:10.0.0.1",
    ]);
  });

  it("takes a link-local address whose zone names an interface with a `-` (br-lan, veth-a1)", () => {
    const zoned = ["fe80::1%br-lan", "fe80::1%veth-a1", "fe80::1%eth0.100", "fe80::1%7"];
    expect(zoned.map((name) => new Host(name).hostname)).toEqual(zoned);
    expect(parseHosts("root@[fe80::1%br-lan]:2222,[fe80::2%veth-a1]").hosts.map(String)).toEqual([
      "root@[fe80::1%br-lan]:2222",
      "[fe80::2%veth-a1]",
    ]);
    // Not a zone that could carry more than an interface name: nothing a shell or ssh reads as syntax.
    expect(() => new Host("fe80::1%eth0;id")).toThrow("`;` cannot be in one");
    expect(() => new Host("fe80::1%eth0 x")).toThrow("it holds a space");
    expect(() => new Host("fe80::1%")).toThrow(TypeError);
    // Node reads no `_` in a zone (native would look the whole up as a name): said so, not that `:` is out of place.
    expect(() => new Host("fe80::1%docker_gwbridge")).toThrow(
      "it is an IPv6 address whose zone (after `%`) is not letters, digits, `.` and `-`",
    );
  });

  it.each([
    [{ usr: "root" }, "Unknown option `usr` for new Host(); did you mean `user`?"],
    [{ becomeRoot: true }, "`becomeRoot` is an option of remote runs"],
    [null, "Expected `new Host() options` to be an object, got `null` (null)"],
    [{ key: 5 }, "Expected `key` to be the path of a private key file, got `5` (number)"],
    [{ key: "" }, "Expected `key` to be the path of a private key file"],
    [{ forwardAgent: "no" }, "Expected `forwardAgent` to be a boolean, got `no` (string)"],
    [{ verboseSsh: 1 }, "Expected `verboseSsh` to be a boolean"],
    [{ commandPrefix: "" }, "Expected `commandPrefix` to be a non-empty tag without control characters"],
    [{ commandPrefix: "web\nforged" }, "Expected `commandPrefix` to be a non-empty tag without control characters"],
    [{ commandPrefix: "\x1b[2Jweb" }, "Expected `commandPrefix` to be a non-empty tag without control characters"],
    [{ sshOptions: ["-o", 5] }, "Expected `sshOptions` to be an array of ssh arguments"],
    [{ sshOptions: ["-oX=\0"] }, "Expected `sshOptions` to be an array of ssh arguments"],
    [{ transport: "ssh" }, 'Expected `transport` to be "auto", "native" or "openssh", got `ssh` (string)'],
  ])("refuses the options %j with a TypeError naming the option", (options, message) => {
    expect(() => new Host("a", options as never)).toThrow(TypeError);
    expect(() => new Host("a", options as never)).toThrow(message);
  });

  it("names our value for a host key check or transport as ssh or its library spells it", () => {
    const why = (options: object) => () => new Host("a", options as never);
    expect(why({ hostKeyCheck: "accept-new" })).toThrow('got `accept-new` (string): ssh\'s accept-new is "tofu"');
    expect(why({ hostKeyCheck: "no" })).toThrow('got `no` (string): ssh\'s no is "none"');
    expect(why({ hostKeyCheck: false })).toThrow('got `false` (boolean): no checking is "none"');
    expect(why({ hostKeyCheck: "yes" })).toThrow('got `yes` (string): ssh\'s yes is "strict"');
    expect(() => parseHosts("a", { hostKeyCheck: "ask" as never })).toThrow(/got `ask` \(string\)$/);
    expect(why({ transport: "ssh" })).toThrow('got `ssh` (string): the ssh binary is "openssh"');
    expect(why({ transport: "ssh2" })).toThrow('got `ssh2` (string): in-process (ssh2) is "native"');
  });

  it("refuses sshOptions that ssh would not read as options, saying what it would make of them", () => {
    const refused = (sshOptions: string[]) => () => new Host("a", { sshOptions });
    // Without its `-o`, an option is a word ssh takes for the host ("Could not resolve hostname connecttimeout=5").
    expect(refused(["ConnectTimeout=5"])).toThrow(
      'got `["ConnectTimeout=5"]` (array): `ConnectTimeout=5` is no ssh option, and ssh would take it for the host ' +
        'to reach; an option is written "-o", "ConnectTimeout=5"',
    );
    expect(refused(["-o", "BatchMode=yes", "--"])).toThrow("`--` is no ssh option, and ssh would take");
    // A flag without its value would take the next of dk's own arguments (the port's `-p`) for it.
    expect(refused(["-o"])).toThrow("(array): `-o` takes a value, and none follows it");
    expect(refused(["-4", "-p"])).toThrow("(array): `-p` takes a value, and none follows it");
    // ssh would print its usage and exit 255, which reads as a connection lost.
    expect(refused(["-Z"])).toThrow("(array): ssh has no flag `-Z`");
    expect(refused(["-vZ"])).toThrow("(array): ssh has no flag `-Z`");
    expect(() => parseHosts("a", { sshOptions: ["StrictHostKeyChecking=no"] })).toThrow(/is no ssh option/);
    const fine = ["-4", "-oBatchMode=yes", "-o", "ConnectTimeout 5", "-p2222", "-vq", "-F", "/dev/null", "-i", "-k"];
    expect(new Host("a", { sshOptions: fine }).sshOptions).toEqual(fine);
  });

  it("copies a spread Host with other options, keeping its with() defaults and a defaulted host key check", () => {
    const original = new Host("web1", { user: "u", port: 2 }).with({ cwd: "/srv", env: { A: "1" } });
    const copy = new Host<{ role: string }>(original.hostname, { ...original, meta: { role: "db" } });
    expect([copy.user, copy.port, copy.meta.role, copy.defaults]).toEqual([
      "u",
      2,
      "db",
      { cwd: "/srv", env: { A: "1" } },
    ]);
    expect([copy.hostKeyCheck, copy.hostKeyCheckDefaulted]).toEqual(["strict", true]);
    const tofu = new Host("a", { ...new Host("a", { hostKeyCheck: "tofu" }), hostKeyCheck: "strict" });
    expect(tofu.hostKeyCheckDefaulted).toBe(false);
    expect(() => new Host("a", { ...original, defaults: { cdw: "/" } } as never)).toThrow(/Unknown option `cdw`/);
  });

  it("tags a copy to another hostname by its own name, unless the original had a tag of its own", () => {
    const web1 = new Host("web1", { user: "deploy", port: 2222 });
    const web2 = new Host("web2", { ...web1 });
    expect([String(web2), web2.commandPrefix]).toEqual(["deploy@web2:2222", "web2"]);
    expect(new Host("web2", { ...web1, commandPrefix: "second" }).commandPrefix).toBe("second");
    expect(new Host("web2", { ...new Host("web1", { commandPrefix: "front" }) }).commandPrefix).toBe("front");
    expect(new Host("web1", { ...web1 }).commandPrefix).toBe("web1");
  });

  it("takes every option it documents", () => {
    const host = new Host("a", {
      user: "u",
      port: 2,
      key: "/k",
      forwardAgent: true,
      commandPrefix: "web 1 (eu)",
      hostKeyCheck: "tofu",
      meta: { tags: ["web"] },
      verboseSsh: false,
      sshOptions: ["-o", "ConnectTimeout=5"],
      reuseConnection: false,
      transport: "openssh",
    });
    expect([host.commandPrefix, host.transport, host.sshOptions]).toEqual([
      "web 1 (eu)",
      "openssh",
      ["-o", "ConnectTimeout=5"],
    ]);
  });

  it("defaults to strict host keys and the hostname as prefix", () => {
    const h = new Host("web1", { meta: { role: "db" } });
    expect([h.hostKeyCheck, h.commandPrefix, h.meta.role]).toEqual(["strict", "web1", "db"]);
    expect(new Host("::1", { user: "u", port: 2 }).toString()).toBe("u@[::1]:2");
  });
});
