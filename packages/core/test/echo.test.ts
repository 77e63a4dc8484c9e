import { describe, expect, it } from "vitest";
import { echo } from "../src/output/echo.ts";
import type { Printer } from "../src/output/printer.ts";
import type { Invocation } from "../src/run/invocation.ts";

// The lines an echo prints, as the tagged printer gets them.
function echoed(display: string, dryRun = false): string[] {
  const lines: string[] = [];
  const out: Printer = { line: (tag, text) => void lines.push(`[${tag}] ${text}`), notice: () => {} };
  echo(out, { file: "sh", args: [], display, tag: "web1" } satisfies Invocation, dryRun);
  return lines;
}

describe("the echo of a command", () => {
  it("is one line for a one-line command, with the dry run said after it", () => {
    expect(echoed("echo hi")).toEqual(["[web1] $ echo hi"]);
    expect(echoed("echo hi", true)).toEqual(["[web1] $ echo hi  (dry run)"]);
  });

  it("tags each line of a script, without the blank lines and indent a template literal or a file gives it", () => {
    const script = "\n    set -e\n\n    if true; then\n      apt-get update\n    fi\n  ";
    const lines = ["$ set -e", "> ", "> if true; then", ">   apt-get update", "> fi"];
    expect(echoed(script)).toEqual(lines.map((line) => `[web1] ${line}`));
    expect(echoed("echo a\necho b\n", true)).toEqual(["[web1] $ echo a", "[web1] > echo b  (dry run)"]);
  });

  it("still shows a command that is only blank", () => {
    expect(echoed("")).toEqual(["[web1] $ "]);
    expect(echoed("\n\n", true)).toEqual(["[web1] $   (dry run)"]);
  });
});
