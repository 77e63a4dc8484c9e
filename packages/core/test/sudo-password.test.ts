import { describe, expect, it } from "vitest";
import { Host } from "../src/host.ts";
import { setSudoPassword } from "../src/run/sudo-password.ts";

describe("a sudo password that cannot travel as one line", () => {
  const host = new Host("127.0.0.1", { hostKeyCheck: "none" });
  const run = (sudoPassword: unknown) =>
    host.run("true", { becomeRoot: true, sudoPassword: sudoPassword as string, echo: false });

  it("names the option and what is wrong, never the value", async () => {
    await expect(run(1234)).rejects.toThrow(
      new TypeError("Expected the `sudoPassword` option to be a string without newlines or NUL bytes: got a number"),
    );
    await expect(run(null)).rejects.toThrow(/: got null$/);
    const error = (await run("s3cret\nmore").catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      "Expected the `sudoPassword` option to be a string without newlines or NUL bytes: it holds a newline",
    );
    expect(error.message).not.toContain("s3cret");
    await expect(run("a\0b")).rejects.toThrow(/: it holds a NUL byte$/);
  });

  it("names setSudoPassword() when that is where it was given", () => {
    expect(() => setSudoPassword(["x"] as unknown as string)).toThrow(
      "Expected the password given to setSudoPassword() to be a string without newlines or NUL bytes: got an array",
    );
  });
});
