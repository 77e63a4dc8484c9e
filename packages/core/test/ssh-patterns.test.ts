import { describe, expect, it } from "vitest";
import { matchPattern, matchPatternList } from "../src/ssh/resolve/patterns.ts";

describe("ssh config wildcards, as OpenSSH's match_pattern", () => {
  it.each([
    ["web1", "web1", true],
    ["web1", "web*", true],
    ["web1", "*", true],
    ["", "*", true],
    ["", "", true],
    ["web1", "", false],
    ["web12", "web?", false],
    ["web1", "web?", true],
    ["LC_MONETARY", "LC_*", true],
    ["LANG", "LC_*", false],
    ["a.b.example.com", "*.example.com", true],
    ["example.com", "*.example.com", false],
    // The rest is literal, regular-expression characters included.
    ["abc", "a.c", false],
    ["a.c", "a.c", true],
    ["a+b(c)", "a+b(c)", true],
    // A `*` that first swallows too little or too much is retried further on.
    ["aXbYbZc", "a*b*c", true],
    ["abcb", "a*b*c", false],
    ["mississippi", "*sip*", true],
    ["mississippi", "m*iss*ppi", true],
    ["mississippi", "m*iss*ppix", false],
    ["db-1.dc2", "db-?.dc*", true],
  ])("%j against %j: %s", (text, pattern, expected) => {
    expect(matchPattern(text, pattern)).toBe(expected);
  });

  it("stays fast on patterns that backtrack a lot", () => {
    const text = "a".repeat(4000);
    // A naive recursive matcher takes exponential time here; this one is bounded by text × pattern.
    expect(matchPattern(text, "*a*a*a*a*a*a*a*a*b")).toBe(false);
    expect(matchPattern(`${text}b`, "*a*a*a*a*a*a*a*a*b")).toBe(true);
  });

  it("lists: any pattern matches, a matching negation vetoes, host names compare lowercased", () => {
    expect(matchPatternList("web1", "db*,web*")).toBe(1);
    expect(matchPatternList("web1", "db*,mail*")).toBe(0);
    expect(matchPatternList("web1", "*,!web1")).toBe(-1);
    expect(matchPatternList("WEB1", "web*", true)).toBe(1);
    expect(matchPatternList("WEB1", "web*")).toBe(0);
  });
});
