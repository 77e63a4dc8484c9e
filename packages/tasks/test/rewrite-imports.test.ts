import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { DYNAMIC_IMPORT, DYNAMIC_REQUIRE, dynamicImports, rewriteImports } from "../src/compile/dynamic-imports.ts";

describe("rewriteImports", () => {
  it("replaces the keywords where esbuild reports them (a line, a byte column), past wide characters", async () => {
    const source =
      `const s = "é😀", f = () => import(n);\r\nconst g = () =>\u2028import(m); // import(x)\n` +
      `const h = (k) => require(k) + require("node:fs");\n`;
    const { warnings } = await build({
      stdin: { contents: source, loader: "ts" },
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      logLevel: "silent",
      logOverride: { [DYNAMIC_IMPORT]: "warning", [DYNAMIC_REQUIRE]: "warning" },
    });
    const found = dynamicImports(warnings, "/");
    expect([...found.values()].flat()).toHaveLength(3);
    expect(rewriteImports(source, [...found.values()].flat())).toBe(
      `const s = "é😀", f = () => dk$imp(n);\r\nconst g = () =>\u2028dk$imp(m); // import(x)\n` +
        `const h = (k) => dk$reqr(k) + require("node:fs");\n`,
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
