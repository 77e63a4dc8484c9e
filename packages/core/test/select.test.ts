import { afterEach, describe, expect, it } from "vitest";
import {
  configure,
  Group,
  Host,
  inSelection,
  parseHosts,
  parseSelector,
  SelectionError,
  selectHosts,
} from "../src/index.ts";

const host = (name: string, tags?: unknown, commandPrefix?: string) =>
  new Host(name, { meta: tags === undefined ? {} : { tags }, ...(commandPrefix ? { commandPrefix } : {}) });
const fleet = [
  host("web1.example.com", ["web", "eu"]),
  host("web2.example.com", ["web", "us"]),
  host("db1.example.com", ["db", "eu"]),
  host("db3.example.com", ["db"]),
  host("10.0.0.7", undefined, "cache"),
];
const names = (hosts: readonly Host<unknown>[]) => hosts.map((h) => h.commandPrefix);

afterEach(() => void configure({ on: undefined }));

describe("selectors", () => {
  it.each([
    ["@web", ["web1.example.com", "web2.example.com"]],
    ["@web,db*,!db3*", ["web1.example.com", "web2.example.com", "db1.example.com"]],
    ["!@db", ["web1.example.com", "web2.example.com", "cache"]],
    ["@eu,!web*", ["db1.example.com"]],
    ["web?.example.com", ["web1.example.com", "web2.example.com"]],
    ["cache", ["cache"]],
    ["10.0.0.*", ["cache"]],
    ["WEB1*", ["web1.example.com"]],
    ["@w*", ["web1.example.com", "web2.example.com"]],
    [" @us , db1* ", ["web2.example.com", "db1.example.com"]],
    ["db3", ["db3.example.com"]],
    ["!db3", ["web1.example.com", "web2.example.com", "db1.example.com", "cache"]],
    ["DB?,!db1", ["db3.example.com"]],
    ["web*,!WEB2", ["web1.example.com"]],
  ])("%s picks %j", (selector, expected) => {
    expect(names(selectHosts(fleet, selector))).toEqual(expected);
    expect(names(new Group(fleet).select(selector).hosts)).toEqual(expected);
  });

  it("matches globs of many stars against long names as a glob does, in one pass (no regex backtracking)", () => {
    const long = [host(`${"a".repeat(200)}.example.com`), host(`${"a".repeat(120)}b`), host("ab-cd-ef")];
    expect(names(selectHosts(long, `${"*a".repeat(12)}*b`))).toEqual([`${"a".repeat(120)}b`]);
    expect(names(selectHosts(long, "*-*-*,!*.com"))).toEqual(["ab-cd-ef"]);
    expect(names(selectHosts(long, "?B-*-E?"))).toEqual(["ab-cd-ef"]);
    expect(names(selectHosts(long, "*.EXAMPLE.*"))).toEqual([`${"a".repeat(200)}.example.com`]);
    expect(() => selectHosts(long, `${"*a".repeat(12)}*c`)).toThrow(SelectionError);
    // Only `*` and `?` are wild: the rest of a pattern is itself.
    expect(names(selectHosts([host("web.1"), host("webx1")], "web.1"))).toEqual(["web.1"]);
  });

  it("picks hosts by the output tags parseHosts gives hosts that share a name", () => {
    const twins = parseHosts("root@db,admin@db,web:2222,web:2223");
    expect(names(twins.select("admin@db").hosts)).toEqual(["admin@db"]);
    expect(names(twins.select("*@db,!root@*").hosts)).toEqual(["admin@db"]);
    expect(names(twins.select("web:2223").hosts)).toEqual(["web:2223"]);
    expect(() => parseSelector("@@web")).toThrow(TypeError);
  });

  it("matching nothing is a SelectionError that lists the hosts and their tags", () => {
    const error = (() => {
      try {
        new Group(fleet).select("@wbe");
      } catch (e) {
        return e;
      }
    })() as SelectionError;
    expect(error).toBeInstanceOf(SelectionError);
    expect(error.message).toBe(
      "`@wbe` matches none of the 5 hosts (web1.example.com, web2.example.com, db1.example.com, db3.example.com, " +
        "cache); their tags: db, eu, us, web. Check the spelling, or drop the selection",
    );
    expect(error.tags).toEqual(["db", "eu", "us", "web"]);
  });

  it("picks tags written with / and =, and a miss names the tags no selector can name", () => {
    const tagged = [host("web1", ["env/prod", "role=web"]), host("web2", ["web servers", "@edge", "role=web"])];
    expect(names(selectHosts(tagged, "@env/prod"))).toEqual(["web1"]);
    expect(names(selectHosts(tagged, "@role=web,!@env/*"))).toEqual(["web2"]);
    expect(() => selectHosts(tagged, "@web")).toThrow(
      new SelectionError("@web", ["web1", "web2"], ["@edge", "env/prod", "role=web", "web servers"]),
    );
    expect(() => selectHosts(tagged, "@web")).toThrow(
      'their tags: @edge, env/prod, role=web, web servers; no selector can name "@edge", "web servers": a tag in ' +
        'a selector is letters, digits and _.:%+/=- (rename it, as web-servers for "web servers"). Check the spelling',
    );
  });

  it("matching nothing in a large fleet names a few hosts and tags, and counts the rest", () => {
    const many = Array.from({ length: 500 }, (_, i) => host(`web${i + 1}`, [`rack-${i}`, `serial-${1000 + i}`]));
    const error = (() => {
      try {
        selectHosts(many, "@wbe");
      } catch (e) {
        return e;
      }
    })() as SelectionError;
    expect(error).toBeInstanceOf(SelectionError);
    expect(error.message.length).toBeLessThan(1000);
    expect(error.message).toMatch(/^`@wbe` matches none of the 500 hosts \(web1, web2, .*, web8 and 492 more\); /);
    expect(error.message).toContain("their tags: rack-0, rack-1, rack-10,");
    expect(error.message).toContain(" and 980 more (all in the error's `tags`). Check the spelling");
    expect(error.tags).toHaveLength(1000);
    expect(error.candidates).toHaveLength(500);
  });

  it("a short name is a DNS hostname's first label only: not part of an IP address, not a dotted prefix", () => {
    expect(() => selectHosts(fleet, "10")).toThrow(SelectionError);
    expect(() => selectHosts(fleet, "db3.example")).toThrow(SelectionError);
    expect(names(selectHosts([host("db3.eu.example.com"), host("db3.us.example.com"), host("db30")], "db3"))).toEqual([
      "db3.eu.example.com",
      "db3.us.example.com",
    ]);
  });

  it.each(["", " ", "@", "web,,db", "a b", "!!x", "@@web", "web;rm"])("rejects %j with a TypeError", (text) => {
    expect(() => parseSelector(text)).toThrow(TypeError);
    expect(() => parseSelector(text)).toThrow(/selector/);
  });

  it("takes an array of hosts, and says so of anything else", () => {
    expect(() => selectHosts("web1" as never, "web*")).toThrow("Expected `hosts` to be an array of hosts, got string");
  });

  it("says which entry of the array is no host, and how to make hosts of names, rather than failing inside", () => {
    expect(() => selectHosts(["web1", "web2"] as never, "web1")).toThrow(
      new TypeError(
        "Expected `hosts[0]` to be a host (a Host, or an object with a `hostname` and a `commandPrefix`), got `web1` " +
          '(string): parseHosts makes hosts of names (parseHosts("web1,web2").hosts)',
      ),
    );
    expect(() => selectHosts([host("db1"), { hostname: "web1" }] as never, "web*")).toThrow(
      "Expected `hosts[1]` to be a host (a Host, or an object with a `hostname` and a `commandPrefix`), " +
        'got `{"hostname":"web1"}` (object)',
    );
    expect(() => selectHosts([null] as never, "@web")).toThrow("Expected `hosts[0]` to be a host");
    configure({ on: "web1" });
    expect(() => inSelection(["web1"] as never)).toThrow("Expected `hosts[0]` to be a host");
  });

  it("says what a selector is when given something else", () => {
    const group = new Group(fleet);
    for (const selector of [5, ["web1", "web2"], null, { text: "x" }]) {
      expect(() => group.select(selector as never)).toThrow(TypeError);
      expect(() => group.select(selector as never)).toThrow(/^Expected a selector like `@web,db\*,!db3`/);
    }
    expect(() => group.select(["web1", "web2"] as never)).toThrow(
      'got `["web1","web2"]` (array): join its parts with commas (`web1,web2`)',
    );
    expect(() => group.select(null as never)).toThrow("got `null` (null)");
    expect(() => parseSelector("web1,,web2")).toThrow(
      "Expected each part of the selector `web1,,web2` to be @TAG, a host name glob (* and ?) or !PART, got an " +
        "empty part (between two commas, or at either end)",
    );
    expect(() => group.filter("web*" as never)).toThrow(
      "Expected `predicate` to be a function of a host, got `web*` (string)",
    );
  });

  it("picks a host by its entry as the host list writes it, with its user or port, also to leave it out", () => {
    const group = parseHosts("root@web1:2222,db1,[::1]:22");
    const picked = (selector: string) => group.select(selector).hosts.map(String);
    expect(picked("root@web1:2222")).toEqual(["root@web1:2222"]);
    expect(picked("root@web1,web1:2222,root@*")).toEqual(["root@web1:2222"]);
    expect(picked("*:22")).toEqual(["[::1]:22"]);
    expect(picked("[::1]:22")).toEqual(["[::1]:22"]);
    // Leaving it out so must leave it out: it ran there.
    expect(picked("!root@web1:2222")).toEqual(["db1", "[::1]:22"]);
    expect(() => group.select("admin@web1")).toThrow(SelectionError);
  });

  it("picks an IPv6 host by its address in brackets without a port, as a host list may write it", () => {
    const group = parseHosts("[::1],root@[fe80::1%eth0],db1");
    const picked = (selector: string) => group.select(selector).hosts.map(String);
    expect(picked("[::1]")).toEqual(["[::1]"]);
    expect(picked("root@[fe80::1%eth0]")).toEqual(["root@[fe80::1%eth0]"]);
    expect(picked("!root@[fe80::1%eth0]")).toEqual(["[::1]", "db1"]);
    expect(group.hosts.map((h) => picked(String(h)))).toEqual([["[::1]"], ["root@[fe80::1%eth0]"], ["db1"]]);
  });

  it("says to separate a selector's parts with commas when they are separated by spaces or `;`", () => {
    expect(() => parseSelector("web1 @db")).toThrow(
      "Expected each part of the selector `web1 @db` to be @TAG, a host name glob (* and ?) or !PART, " +
        "got `web1 @db`: separate its parts with commas (`web1,@db`)",
    );
    expect(() => parseSelector("@web;!web3")).toThrow(
      "got `@web;!web3`: separate its parts with commas (`@web,!web3`)",
    );
    expect(() => parseSelector("web$")).toThrow(/got `web\$`$/);
  });

  it("reads meta.tags only for a @tag: a meta.tags of another kind is the user's own, for name selection", () => {
    const mixed = [host("web1", "v1.2"), host("web2", { latest: true }), host("db1", ["db"])];
    expect(names(selectHosts(mixed, "web*,!web2"))).toEqual(["web1"]);
    expect(() => selectHosts(mixed, "cache")).toThrow(
      "`cache` matches none of the 3 hosts (web1, web2, db1); their tags: db.",
    );
    expect(() => selectHosts(mixed, "@db")).toThrow("Expected `meta.tags` of host `web1` to be an array of strings");
  });

  it("rejects meta.tags that are not strings, naming the host", () => {
    expect(() => selectHosts([host("a", "web")], "@web")).toThrow(
      'Expected `meta.tags` of host `a` to be an array of strings, got `"web"`',
    );
  });
});

describe("the process-wide selection (configure({ on }), dk --on)", () => {
  it("every group call sees only the selected hosts", async () => {
    configure({ on: "@eu" });
    const seen = await new Group(fleet).runFunction((h) => h.hostname);
    expect(seen.map((r) => r.result)).toEqual(["web1.example.com", "db1.example.com"]);
    expect(names(inSelection(fleet))).toEqual(["web1.example.com", "db1.example.com"]);
  });

  it("a group call it picks nothing from fails before running anything; clearing it restores every host", async () => {
    configure({ on: "@nope" });
    let ran = 0;
    await expect(new Group(fleet).runFunction(() => ran++)).rejects.toBeInstanceOf(SelectionError);
    expect(ran).toBe(0);
    configure({ on: undefined });
    expect((await new Group(fleet).runFunction(() => ran++)).length).toBe(5);
  });

  it("a bad selection is a TypeError and leaves the old one", () => {
    configure({ on: "@web" });
    expect(() => configure({ on: "a b" })).toThrow(TypeError);
    expect(names(inSelection(fleet))).toEqual(["web1.example.com", "web2.example.com"]);
    expect(configure({}).on).toBe("@web");
  });
});
