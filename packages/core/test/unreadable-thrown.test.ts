// A thrown value that throws when read (a proxy whose traps throw, an error's getters): code that sorts what was
// thrown must not throw in turn, so core's error classes answer `instanceof` with false, and a host's reason says
// what it can.
import { describe, expect, it } from "vitest";
import { CommandError, GroupError, HostResult, Host, reasonOf } from "../src/index.ts";

const hostile = () =>
  new Proxy(
    {},
    {
      getPrototypeOf() {
        throw new Error("trap");
      },
    },
  );

describe("a value whose prototype cannot be read", () => {
  it("is no CommandError or GroupError, where instanceof would throw", () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    for (const value of [hostile(), revoked.proxy]) {
      expect(() => value instanceof Error).toThrow();
      expect(value instanceof CommandError).toBe(false);
      expect(value instanceof GroupError).toBe(false);
    }
  });

  it("leaves instanceof as it was for everything else, subclasses included", () => {
    const result = { command: "x", exitCode: 1, stdout: "", stderr: "", durationMs: 0 };
    class Mine extends CommandError {}
    expect(new CommandError(result) instanceof CommandError).toBe(true);
    expect(new Mine(result) instanceof CommandError).toBe(true);
    expect(new Mine(result) instanceof Mine).toBe(true);
    expect(new CommandError(result) instanceof Mine).toBe(false);
    expect(new Error("x") instanceof CommandError).toBe(false);
    expect(new GroupError([]) instanceof GroupError).toBe(true);
    expect(new GroupError([]) instanceof CommandError).toBe(false);
    expect((null as unknown as object) instanceof GroupError).toBe(false);
  });
});

describe("a host's reason", () => {
  it("keeps an error's own words when its cause cannot be read", () => {
    const error = new Error("deploy failed");
    Object.defineProperty(error, "cause", {
      get() {
        throw new Error("lazy cause");
      },
    });
    expect(reasonOf(error)).toBe("deploy failed");
    expect(new GroupError([HostResult.failed(new Host("web1"), error)]).message).toBe(
      "1 host failed:\n  web1: deploy failed",
    );
  });
});
