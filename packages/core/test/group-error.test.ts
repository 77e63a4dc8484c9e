import { describe, expect, it } from "vitest";
import { GroupError, reasonOf } from "../src/group-error.ts";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";
import { HostResult } from "../src/host-result.ts";

const failed = (name: string, reason: string, options: ConstructorParameters<typeof Host>[1] = {}) =>
  HostResult.failed(new Host(name, options), new Error(reason));

describe("GroupError's message", () => {
  it("names hosts that failed alike together, also when each reason names its own host", () => {
    const refused = (name: string) => `ssh: connect to host ${name} port 22: Connection refused`;
    const hosts = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.10", "10.0.0.11"];
    const error = new GroupError([...hosts.map((name) => failed(name, refused(name))), failed("db", "disk full")]);
    expect(error.message).toBe(
      "6 of 6 hosts failed:\n" +
        "  10.0.0.1, 10.0.0.2, 10.0.0.3 and 2 more: ssh: connect to host <host> port 22: Connection refused\n" +
        "  db: disk full",
    );
  });

  it("finds a host's name in its reason in any case, as ssh writes it lowercased", () => {
    const refused = (name: string) => `ssh: connect to host ${name} port 22: Connection refused`;
    const error = new GroupError([failed("WEB1", refused("web1")), failed("web2", refused("web2"))]);
    expect(error.message).toBe(
      "2 of 2 hosts failed:\n  WEB1, web2: ssh: connect to host <host> port 22: Connection refused",
    );
  });

  it("keeps a host's own words when it is alone in its reason, and never takes part of a longer name", () => {
    const error = new GroupError([
      failed("db", "cannot read /srv/db/db.conf"),
      failed("web", "cannot read /srv/db/web.conf"),
      failed("10.0.0.1", "10.0.0.10 is down"),
      failed("10.0.0.2", "10.0.0.20 is down"),
    ]);
    expect(error.message.split("\n").slice(1)).toEqual([
      "  db: cannot read /srv/db/db.conf",
      "  web: cannot read /srv/db/web.conf",
      "  10.0.0.1: 10.0.0.10 is down",
      "  10.0.0.2: 10.0.0.20 is down",
    ]);
  });

  it("matches a host by its tag too (a port of a shared address)", () => {
    const error = new GroupError([
      failed("10.0.0.1", "10.0.0.1:2222 timed out", { port: 2222, commandPrefix: "10.0.0.1:2222" }),
      failed("10.0.0.1", "10.0.0.1:2223 timed out", { port: 2223, commandPrefix: "10.0.0.1:2223" }),
    ]);
    expect(error.message).toBe("2 of 2 hosts failed:\n  10.0.0.1:2222, 10.0.0.1:2223: <host> timed out");
  });
});

describe("reasonOf", () => {
  it("says in one line why, whatever was thrown", () => {
    expect(reasonOf(new Error("disk full"))).toBe("disk full");
    expect(reasonOf({ code: 5, host: "db" })).toBe("{ code: 5, host: 'db' }");
    expect(reasonOf(null)).toBe("null");
    expect(reasonOf("plain words")).toBe("plain words");
    expect(reasonOf(new Error(""))).toBe("Error");
    expect(reasonOf(new RangeError(""))).toBe("RangeError");
    const nested = new GroupError([failed("a", "x"), failed("b", "y")]);
    expect(reasonOf(nested)).toBe("2 of 2 hosts failed: a: x; b: y");
    expect(reasonOf(new Error("first\n\n  second  \n"))).toBe("first; second");
  });

  it("says a value that cannot be shown (it throws when read) is one, so that every host still settles", async () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const unreadable = new Error("x");
    Object.defineProperty(unreadable, "message", {
      get() {
        throw new Error("getter");
      },
    });
    for (const thrown of [revoked.proxy, unreadable])
      expect(reasonOf(thrown)).toBe("a thrown value that cannot be shown");
    const group = new Group([new Host("web1"), new Host("web2")]);
    const error: unknown = await group
      .runFunction((h) => {
        if (h.hostname === "web1") throw revoked.proxy;
        return 1;
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GroupError);
    expect((error as GroupError).results.map((r) => r.ok)).toEqual([false, true]);
  });

  it("shows a thrown blank string as one, never as an empty reason", () => {
    expect(reasonOf("")).toBe("''");
    expect(reasonOf(" \n ")).toBe("' \\n '");
    const error = new GroupError([HostResult.failed(new Host("web1"), "")]);
    expect(error.message).toBe("1 host failed:\n  web1: ''");
  });
});
