import { inspect } from "node:util";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { GroupError, reasonOf } from "../src/group-error.ts";
import { Group } from "../src/group.ts";
import { Host } from "../src/host.ts";
import { HostResult } from "../src/host-result.ts";

const failed = (name: string, reason: string, options: ConstructorParameters<typeof Host>[1] = {}) =>
  HostResult.failed(new Host(name, options), new Error(reason));

describe("GroupError made by hand", () => {
  it("is a TypeError naming what it got when its results are not a group call's", () => {
    for (const [results, shown] of [
      ["x", "x"],
      [undefined, "undefined"],
      [[1], "[1]"],
      [[{ ok: false }], '[{"ok":false}]'],
    ] as const) {
      expect(() => new GroupError(results as never)).toThrow(
        new TypeError(
          `Expected a GroupError's results to be an array of HostResult (a group call's results), got \`${shown}\``,
        ),
      );
    }
  });
});

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
    expect(reasonOf({ code: 5, host: "db" })).toBe("threw { code: 5, host: 'db' }");
    expect(reasonOf(null)).toBe("threw null");
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
    expect(reasonOf("")).toBe("threw ''");
    expect(reasonOf(" \n ")).toBe("threw ' \\n '");
    const error = new GroupError([HostResult.failed(new Host("web1"), "")]);
    expect(error.message).toBe("1 host failed:\n  web1: threw ''");
  });
});

describe("what a group says of a thrown value", () => {
  const group = new Group([new Host("web1"), new Host("web2"), new Host("web3")]);
  const thrown = (value: (host: Host) => unknown) =>
    group
      .runFunction((host) => Promise.reject(value(host)))
      .then(
        () => expect.unreachable("the group call failed"),
        (error: unknown) => error as GroupError,
      );

  it("says a value that is no Error was thrown, as a value, and words an Error's causes and gathered errors", () => {
    const inner = new Error("connect ECONNREFUSED 127.0.0.1:80");
    const cycle = new Error("loops");
    cycle.cause = new Error("back", { cause: cycle });
    const cases: [unknown, string][] = [
      [{ code: 5 }, "threw { code: 5 }"],
      [42, "threw 42"],
      [null, "threw null"],
      [undefined, "threw undefined"],
      [Symbol("s"), "threw Symbol(s)"],
      ["no disk", "no disk"],
      [new Error("fetch failed", { cause: inner }), "fetch failed; caused by: connect ECONNREFUSED 127.0.0.1:80"],
      [new Error("deploy: no disk", { cause: new Error("no disk") }), "deploy: no disk"],
      [new Error("a", { cause: new Error("b", { cause: { code: 7 } }) }), "a; caused by: b; caused by: { code: 7 }"],
      [cycle, "loops; caused by: back"],
      [new Error("", { cause: "why" }), "Error; caused by: why"],
      [new AggregateError([new Error("e1"), "e2"], "several"), "several (2 errors: e1; e2)"],
      [new AggregateError([new Error("e1"), { code: 2 }]), "AggregateError (2 errors: e1; { code: 2 })"],
      [new AggregateError([1, 2, 3, 4, 5, 6, 7], "x"), "x (7 errors: 1; 2; 3; 4; 5; and 2 more)"],
      [runInNewContext("new Error('from a vm', { cause: 'inside' })"), "from a vm; caused by: inside"],
    ];
    for (const [value, reason] of cases) expect(reasonOf(value), String(reason)).toBe(reason);
    // Core's errors word their causes in their reason already: the rsync command line under a transfer's stays out.
    const own = Object.assign(new Error("[web1] x", { cause: new Error("`rsync …` failed") }), { reason: "x" });
    expect(reasonOf(own)).toBe("x");
  });

  it("never merges thrown objects that name their host into one with `<host>` inside", async () => {
    const error = await thrown((host) => ({ code: host.hostname }));
    expect(error.message).toBe(
      "3 of 3 hosts failed:\n  web1: threw { code: 'web1' }\n  web2: threw { code: 'web2' }\n" +
        "  web3: threw { code: 'web3' }",
    );
    expect((await thrown(() => undefined)).message).toBe("3 of 3 hosts failed:\n  web1, web2, web3: threw undefined");
    expect((await thrown((host) => `no disk on ${host.hostname}`)).message).toBe(
      "3 of 3 hosts failed:\n  web1, web2, web3: no disk on <host>",
    );
  });

  it("cuts a long reason in its message, saying how much, while each host's error keeps it whole", async () => {
    const error = await thrown(() => new Error("x".repeat(100_000)));
    expect(error.message.length).toBeLessThan(1200);
    expect(error.message).toMatch(/^3 of 3 hosts failed:\n {2}web1, web2, web3: x{1000}… \(99000 more characters, /);
    expect(error.message).toContain("all in the error's `failed`)");
    expect((error.failed[0]!.error as Error).message).toHaveLength(100_000);
  });

  it("stays bounded when every one of many hosts fails its own way, counting the hosts it leaves out", async () => {
    const many = new Group(Array.from({ length: 1000 }, (_, i) => new Host(`h${i}`)));
    const error: unknown = await many
      .runFunction((host) => Promise.reject(new Error(`${host.hostname}/${Math.random()}`)))
      .catch((e: unknown) => e);
    const lines = (error as GroupError).message.split("\n");
    expect(lines).toHaveLength(21);
    expect(lines[1]).toMatch(/^ {2}h0: h0\/0\.\d+$/);
    expect(lines[20]).toBe("  and 981 more hosts that failed otherwise (each in the error's `failed`)");
    expect((error as GroupError).failed).toHaveLength(1000);
  });
});

describe("GroupError as console.log (and an uncaught throw) shows it", () => {
  it("shows its message and its first failure, and counts the rest: not every host three times over", async () => {
    const many = new Group(Array.from({ length: 100 }, (_, i) => new Host(`web${i + 1}`)));
    const error = (await many
      .runFunction((host) => Promise.reject(new Error(`disk full on ${host.hostname}`)))
      .catch((e: unknown) => e)) as GroupError;
    const shown = inspect(error);
    expect(shown.split("\n").length).toBeLessThan(60);
    expect(shown).toMatch(
      /^GroupError: 100 of 100 hosts failed:\n {2}web1, web2, web3 and 97 more: disk full on <host>/,
    );
    expect(shown).toMatch(/results: \[100 HostResult: 0 ok, 100 failed\]/);
    expect(shown).toMatch(/failed: \[\s+HostResult \{[^]*error: Error: disk full on web1\n[^]*… 99 more\s+\]/);
    expect(shown).not.toContain("web2 ");
    expect(shown).not.toContain("[errors]");
    expect(inspect({ error }, { depth: 0 })).toBe("{ error: [GroupError] }");
  });

  it("keeps its hosts' with() defaults (env: secrets) out of what Node prints of an uncaught throw", async () => {
    const group = new Group([new Host("web1"), new Host("web2")]).with({ env: { API_TOKEN: "s3cret-token" } });
    const error = (await group
      .runFunction(() => Promise.reject(new Error("no disk")))
      .catch((e: unknown) => e)) as GroupError;
    // Node prints an uncaught error as inspect does without custom inspection.
    const uncaught = inspect(error, { customInspect: false, depth: 10 });
    expect(uncaught).toMatch(/^GroupError: 2 of 2 hosts failed:\n {2}web1, web2: no disk/);
    expect(uncaught).not.toContain("s3cret-token");
    expect(inspect(error, { depth: 10 })).not.toContain("s3cret-token");
    expect(error.results.map((r) => r.host.defaults.env)).toEqual([
      { API_TOKEN: "s3cret-token" },
      { API_TOKEN: "s3cret-token" },
    ]);
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json).toMatchObject({ name: "GroupError", message: error.message, results: [{ ok: false }, { ok: false }] });
    expect(JSON.stringify(error)).not.toContain("s3cret-token");
  });

  it("shows a small group's failures whole", () => {
    const ok = HostResult.ok(new Host("web1"), 1);
    const shown = inspect(new GroupError([ok, failed("web2", "no disk")]));
    expect(shown).toMatch(/results: \[2 HostResult: 1 ok, 1 failed\]/);
    expect(shown).toMatch(/failed: \[\s+HostResult \{[^]*error: Error: no disk/);
    expect(shown).not.toContain("more");
  });
});

describe("a GroupError made by hand", () => {
  it("says how many of its hosts failed, also when none or all but one did", () => {
    const ok = HostResult.ok(new Host("web1"), 1);
    expect(new GroupError([ok]).message).toBe("0 of 1 hosts failed");
    expect(new GroupError([]).message).toBe("0 of 0 hosts failed");
    expect(new GroupError([failed("web1", "x")]).message).toBe("1 host failed:\n  web1: x");
    expect(new GroupError([ok, failed("web2", "x")]).message).toBe("1 of 2 hosts failed:\n  web2: x");
  });
});
