// errorChain: the one walk of an error's causes and an AggregateError's errors, for a group's reasons and dk's report.
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { errorChain } from "../src/index.ts";

// An error with `getter` read as `key` (a library's lazy `cause`, a proxy's trap that throws).
const throwingOn = (error: Error, key: "cause" | "errors") =>
  Object.defineProperty(error, key, {
    get() {
      throw new Error(`no ${key}`);
    },
  });

describe("errorChain", () => {
  it("follows the causes nearest first, stopping at a value that is no Error", () => {
    const inner = new Error("connect ECONNREFUSED", { cause: { code: "ECONNREFUSED" } });
    const chain = errorChain(new TypeError("fetch failed", { cause: new Error("request failed", { cause: inner }) }));
    expect(chain.causes.map((cause) => (cause instanceof Error ? cause.message : cause))).toEqual([
      "request failed",
      "connect ECONNREFUSED",
      { code: "ECONNREFUSED" },
    ]);
    expect(chain).toMatchObject({ moreCauses: false, errors: [], errorCount: 0 });
  });

  it("names each cause once, whatever loops back, and at most five, saying more follow", () => {
    const loop = new Error("a");
    loop.cause = new Error("b", { cause: loop });
    expect(errorChain(loop).causes).toEqual([loop.cause]);
    const self = new Error("self");
    self.cause = self;
    expect(errorChain(self)).toMatchObject({ causes: [], moreCauses: false });
    let deep = new Error("7");
    for (let i = 6; i >= 1; i--) deep = new Error(String(i), { cause: deep });
    const chain = errorChain(deep);
    expect(chain.causes.map((cause) => (cause as Error).message)).toEqual(["2", "3", "4", "5", "6"]);
    expect(chain.moreCauses).toBe(true);
  });

  it("follows an error made in another realm, which instanceof misses", () => {
    const chain = errorChain(runInNewContext("new Error('outer', { cause: new Error('inner', { cause: 'why' }) })"));
    expect(chain.causes.map((cause) => (typeof cause === "string" ? cause : (cause as Error).message))).toEqual([
      "inner",
      "why",
    ]);
  });

  it("gives an AggregateError's first five errors and how many it gathers", () => {
    const chain = errorChain(new AggregateError([1, 2, 3, 4, 5, 6, 7], "seven", { cause: "why" }));
    expect(chain).toEqual({ causes: ["why"], moreCauses: false, errors: [1, 2, 3, 4, 5], errorCount: 7 });
    expect(errorChain(new AggregateError([], "none")).errorCount).toBe(0);
  });

  it("ends a part it cannot read (a getter that throws) and keeps what it read", () => {
    const outer = new Error("outer", { cause: throwingOn(new Error("middle"), "cause") });
    expect(errorChain(outer).causes.map((cause) => (cause as Error).message)).toEqual(["middle"]);
    expect(errorChain(throwingOn(new AggregateError([1]), "errors"))).toMatchObject({ errors: [], errorCount: 0 });
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const { causes } = errorChain(new Error("x", { cause: revoked.proxy }));
    expect(causes).toHaveLength(1);
    expect(causes[0] === revoked.proxy).toBe(true);
    expect(errorChain(revoked.proxy)).toEqual({ causes: [], moreCauses: false, errors: [], errorCount: 0 });
  });
});
