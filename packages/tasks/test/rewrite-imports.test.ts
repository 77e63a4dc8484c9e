import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { DYNAMIC_IMPORT, dynamicImports, rewriteImports } from "../src/compile/dynamic-imports.ts";

describe("rewriteImports", () => {
  it("replaces the keyword where esbuild reports it (a line, a byte column), past wide characters", async () => {
    const source = `const s = "é😀", f = () => import(n);\r\nconst g = () =>\u2028import(m); // import(x)\n`;
    const { warnings } = await build({
      stdin: { contents: source, loader: "ts" },
      bundle: true,
      write: false,
      format: "esm",
      logLevel: "silent",
      logOverride: { [DYNAMIC_IMPORT]: "warning" },
    });
    const found = dynamicImports(warnings, "/");
    expect([...found.values()].flat()).toHaveLength(2);
    expect(rewriteImports(source, [...found.values()].flat())).toBe(
      `const s = "é😀", f = () => dk$imp(n);\r\nconst g = () =>\u2028dk$imp(m); // import(x)\n`,
    );
  });

  it("leaves a position alone that holds no import keyword", () => {
    expect(
      rewriteImports("a(x);\nimport(y);\n", [
        { line: 1, column: 0 },
        { line: 5, column: 0 },
      ]),
    ).toBe("a(x);\nimport(y);\n");
  });
});
