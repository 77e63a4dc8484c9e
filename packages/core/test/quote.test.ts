import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { quote, quoteAnyShell, quoteArgv } from "../src/run/quote.ts";

// Runs the words through a real bash and reads back the arguments it produced.
function throughBash(words: string): string[] {
  const out = execFileSync("bash", ["-c", `printf '%s\\0' ${words}`], { encoding: "utf8" });
  return out.split("\0").slice(0, -1);
}

describe("quote", () => {
  it.each([
    ["plain", "plain"],
    ["a/b-c_d.e:f,g@h%i+j=k", "a/b-c_d.e:f,g@h%i+j=k"],
    ["", "''"],
    ["a b", "'a b'"],
    ["it's", "'it'\\''s'"],
    ["$HOME", "'$HOME'"],
    ["~", "'~'"],
    ["-rf", "-rf"],
  ])("quotes %j as %s", (value, expected) => {
    expect(quote(value)).toBe(expected);
  });

  it.each([
    "a b",
    "'",
    "''",
    '"',
    "$(id)",
    "`id`",
    "a\nb",
    "\\",
    "*",
    "tab\there",
    "ünïcödé ✓",
    "!x",
    "a;b|c&d>e<f",
    "--",
    "~root",
    "#c",
  ])("round-trips %j through bash", (value) => {
    expect(throughBash(quote(value))).toEqual([value]);
  });

  it("keeps each argv element one argument", () => {
    const argv = ["echo", "a b", "", "c'd", "$x"];
    expect(throughBash(quoteArgv(argv))).toEqual(argv);
  });

  it("rejects NUL bytes with a clear error", () => {
    expect(() => quote("a\0b")).toThrow(/NUL/);
  });
});

describe("quoteAnyShell", () => {
  const values = ["plain", "a\\b", "ends in \\", "\\\\", "it's", "'\\'", '$HOME `x` "q" !# ~', "é\\'\\", "{a,b} *"];
  values.push("!", "a!b", "=1", "=-", "", "%1", "^a^b", "!!", "\\!", "a=b");
  it.each(["sh", "bash", "fish", "tcsh", "bsd-csh"])("round-trips each value through %s", (shell) => {
    for (const value of values) {
      const out = execFileSync(shell, ["-c", `printf '[%s]' ${quoteAnyShell(value)}`], {
        env: { ...process.env, HOME: "/tmp" },
      });
      expect(out.toString()).toBe(`[${value}]`);
    }
  });

  it("is quote's word when that needs no quotes or has only single quotes to set apart", () => {
    expect(quoteAnyShell("a=b")).toBe("a=b");
    expect(quoteAnyShell("it's $x")).toBe("'it'\\''s $x'");
    expect(quoteAnyShell("")).toBe("''");
  });

  it("refuses a NUL byte and a newline, which no quoting carries into every shell", () => {
    expect(() => quoteAnyShell("a\0b")).toThrow(/NUL/);
    expect(() => quoteAnyShell("a\nb")).toThrow(/one line.*csh/);
  });
});
