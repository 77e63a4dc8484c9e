import { describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import { HostEntryError, parseHosts } from "../src/parse-hosts.ts";

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

  it("reads IPv6 addresses in brackets, with or without a port", () => {
    expect(summary("[::1]:2222,root@[fe80::1],::1")).toEqual([
      { hostname: "::1", user: undefined, port: 2222, prefix: "::1" },
      { hostname: "fe80::1", user: "root", port: undefined, prefix: "fe80::1" },
      { hostname: "::1", user: undefined, port: undefined, prefix: "::1" },
    ]);
  });

  it("appends domainSuffix to short names only", () => {
    expect(
      summary("web1,db.other.org,10.0.0.1,[::1]", { domainSuffix: ".example.com" }).map((h) => h.hostname),
    ).toEqual(["web1.example.com", "db.other.org", "10.0.0.1", "::1"]);
    expect(summary("web1", { domainSuffix: "example.com" })[0]!.hostname).toBe("web1.example.com");
  });

  it("applies defaultUser to entries without a user", () => {
    expect(summary("a,bob@b", { defaultUser: "deploy" }).map((h) => h.user)).toEqual(["deploy", "bob"]);
  });

  it("passes the shared options to every host", () => {
    const [h] = parseHosts("a", { hostKeyCheck: "tofu", key: "/k", forwardAgent: true }).hosts;
    expect([h!.hostKeyCheck, h!.key, h!.forwardAgent]).toEqual(["tofu", "/k", true]);
  });

  it.each([
    ["a@b@c", /more than one `@`/],
    ["host:abc", /port `abc` is not a number/],
    ["host:0", /out of range/],
    ["host:65536", /out of range/],
    ["host:", /port `` is not a number/],
    ["-oProxyCommand=touch /tmp/x", /not a valid hostname/],
    ["-host", /not a valid hostname/],
    ["ho st", /not a valid hostname/],
    ["host;rm -rf /", /not a valid hostname/],
    ["$(id)", /not a valid hostname/],
    ["a`b`", /not a valid hostname/],
    ["-l@host", /not a valid user name/],
    ["us er@host", /not a valid user name/],
    ["@host", /not a valid user name/],
    ["user@", /no hostname/],
    ["[::1", /without `]`/],
    ["[::1]x", /after `]`/],
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
    expect(error).toMatchObject({ entry });
    expect((error as HostEntryError).why).toMatch(why);
  });

  it("rejects a bad domainSuffix and a bad defaultUser", () => {
    expect(() => parseHosts("a", { domainSuffix: "x;y" })).toThrow(/domainSuffix/);
    expect(() => parseHosts("a", { defaultUser: "-oX" })).toThrow(/user/);
  });
});

describe("new Host", () => {
  it("validates what it is given directly", () => {
    expect(() => new Host("-oProxyCommand=x")).toThrow(TypeError);
    expect(() => new Host("a", { port: 70000 })).toThrow(/port/);
    expect(() => new Host("a", { user: "a b" })).toThrow(/user/);
    expect(() => new Host("a", { hostKeyCheck: "yes" as never })).toThrow(/hostKeyCheck/);
  });

  it("defaults to strict host keys and the hostname as prefix", () => {
    const h = new Host("web1", { meta: { role: "db" } });
    expect([h.hostKeyCheck, h.commandPrefix, h.meta.role]).toEqual(["strict", "web1", "db"]);
    expect(new Host("::1", { user: "u", port: 2 }).toString()).toBe("u@[::1]:2");
  });
});
