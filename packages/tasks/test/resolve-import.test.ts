import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { resolveImport } from "../src/compile/resolve-import.ts";
import { userProject } from "./helpers/project.ts";

const json = (value: unknown) => `${JSON.stringify(value)}\n`;

// Packages that use what Node's resolution offers: patterns, nested conditions, fallbacks, exclusions, sugar,
// "main" without an extension, no package.json at all, "imports", self-reference, a symlinked install.
const PROJECT = {
  "package.json": json({
    name: "me",
    type: "module",
    exports: { "./self": "./src/self.js" },
    imports: { "#dep": { node: "patterns/feature/a.js", default: "./poly.js" }, "#int/*": "./src/int/*.js" },
  }),
  "src/self.js": "",
  "src/int/x.js": "",
  "node_modules/patterns/package.json": json({
    name: "patterns",
    exports: {
      ".": { types: "./no.d.ts", node: { "module-sync": "./sync.js", import: "./imp.mjs" }, default: "./def.js" },
      "./feature/*.js": "./src/feature/*.js",
      "./feature/internal/*": null,
      "./feature/deep/*.js": "./src/deep/*.js",
      "./fallback": ["bad-target", "./fallback.js"],
      "./only-require": { require: "./r.cjs" },
      "./package.json": "./package.json",
    },
  }),
  "node_modules/@scope/sugar/package.json": json({ name: "@scope/sugar", exports: "./main.js" }),
  "node_modules/@scope/sugar/main.js": "",
  "node_modules/legacy/package.json": json({ name: "legacy", main: "lib/main" }),
  "node_modules/legacy/lib/main.js": "",
  "node_modules/legacy/other.js": "",
  "node_modules/bare/index.js": "",
  "real/linked/package.json": json({ name: "linked", exports: "./index.js" }),
  "real/linked/index.js": "",
};

const SPECIFIERS = [
  "./here.js",
  "../src/self.js",
  "../src/int/x.js?query#hash",
  "..",
  "/abs/path.js",
  "node:fs",
  "fs",
  "fs/promises",
  "data:text/javascript,0",
  "patterns",
  "patterns/feature/a.js",
  "patterns/feature/deep/b.js",
  "patterns/feature/internal/c.js",
  "patterns/fallback",
  "patterns/only-require",
  "patterns/package.json",
  "patterns/not-exported",
  "@scope/sugar",
  "@scope/sugar/main.js",
  "@scope",
  "legacy",
  "legacy/other.js",
  "bare",
  "linked",
  "me/self",
  "#dep",
  "#int/x",
  "#missing",
  "no-such-package",
  ".hidden",
];

// Prints what Node's own import.meta.resolve gives in this file, for each specifier: its URL or its error's code.
const PROBE =
  `const answers = {};\n` +
  `for (const s of ${JSON.stringify(SPECIFIERS)}) {\n` +
  `  try { answers[s] = import.meta.resolve(s); } catch (e) { answers[s] = e.code; }\n}\n` +
  `console.log(JSON.stringify(answers));\n`;

function nodeAnswers(probe: string): Record<string, string> {
  const out = execFileSync(process.execPath, [probe], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } });
  return JSON.parse(out) as Record<string, string>;
}

describe("resolveImport", () => {
  it("answers as Node's import.meta.resolve does, from the same file, for every kind of specifier", () => {
    const dir = userProject("dk-resolve-", { ...PROJECT, "sub/probe.mjs": PROBE }, []);
    mkdirSync(join(dir, "node_modules"), { recursive: true });
    symlinkSync(join(dir, "real", "linked"), join(dir, "node_modules", "linked"));
    const probe = join(dir, "sub", "probe.mjs");
    const ours = Object.fromEntries(
      SPECIFIERS.map((specifier) => {
        try {
          return [specifier, resolveImport(specifier, pathToFileURL(probe).href)];
        } catch (error) {
          return [specifier, (error as { code?: string }).code];
        }
      }),
    );
    expect(ours).toEqual(nodeAnswers(probe));
    // Not vacuous: the cases that matter resolve, and to where Node resolves them.
    expect(ours.patterns).toBe(pathToFileURL(join(dir, "node_modules/patterns/sync.js")).href);
    expect(ours.linked).toBe(pathToFileURL(join(dir, "real/linked/index.js")).href);
    expect(ours["#dep"]).toBe(pathToFileURL(join(dir, "node_modules/patterns/src/feature/a.js")).href);
  });
});
