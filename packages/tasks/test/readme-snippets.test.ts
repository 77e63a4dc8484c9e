// The README's TypeScript snippets, as a user copies them: each type-checks against the published types, and each
// `// tasks.ts` snippet is a tasks file dk loads, whose documented commands run (deploys as a dry run).
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { packageDir } from "./helpers/paths.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const root = join(packageDir, "..", "..");
const tsc = createRequire(join(packageDir, "package.json")).resolve("typescript/bin/tsc");

type Snippet = { readonly line: number; readonly text: string };

// Every ```ts block of the README, with the line it starts on.
function snippets(): Snippet[] {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  return [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => ({
    line: readme.slice(0, match.index).split("\n").length,
    text: match[1]!,
  }));
}

// What the snippets take as given: an ES module project, a host and a group made earlier, imports of earlier
// snippets, and the module the invoke snippet re-exports.
const CONTEXT = {
  "package.json": JSON.stringify({ name: "user", type: "module" }),
  "context.d.ts": `declare const host: import("@deploykit/core").Host;
declare const web: import("@deploykit/core").Group;
declare const run: typeof import("@deploykit/core").run;
declare const createReadStream: typeof import("node:fs").createReadStream;
`,
  "docs.ts": "export function build() {}\nexport function serve({ port = 8000 }: { port?: number }) {}\n",
};

// A user's strict settings with Node's types, as the README asks for a project's own tsc.
const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: "es2022",
    module: "nodenext",
    strict: true,
    noEmit: true,
    allowImportingTsExtensions: true,
    typeRoots: [join(root, "node_modules", "@types")],
    types: ["node"],
  },
});

function typecheck(dir: string): Promise<string> {
  return new Promise((resolve) =>
    execFile(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve(error === null ? "" : `${stdout}${stderr}${error.message}`),
    ),
  );
}

describe("the README's TypeScript snippets", () => {
  it("type-check against the packages' published types", { timeout: 150_000 }, async () => {
    const all = snippets();
    expect(all.length).toBeGreaterThan(5);
    const files = Object.fromEntries(all.map((s) => [`readme-line-${s.line}.ts`, `export {};\n${s.text}`]));
    const dir = userProject("dk-readme-", { ...files, ...CONTEXT, "tsconfig.json": TSCONFIG }, ["core", "tasks"]);
    expect(await typecheck(dir)).toBe("");
  });

  it(
    "that are a tasks.ts load in dk, and the deploy and invoke snippets' commands run",
    { timeout: 240_000 },
    async () => {
      const tasksFiles = snippets().filter((s) => s.text.startsWith("// tasks.ts\n"));
      expect(tasksFiles.length).toBeGreaterThanOrEqual(3);
      for (const { line, text } of tasksFiles) {
        // In a path with a space, which a file URL escapes: a snippet must take its own directory as a path.
        const files = { "tasks.ts": text, "nixos/flake.nix": "{ }\n", ...CONTEXT };
        const cwd = userProject(`dk readme ${line} `, files, ["core", "tasks"]);
        const list = await dk(["--list"], { cwd, timeoutMs: 60_000 });
        expect({ line, stderr: list.stderr, code: list.code }).toEqual({ line, stderr: "", code: 0 });
        if (text.includes("deployNixos(")) {
          const deploy = await dk(["--dry-run", "deploy"], { cwd, timeoutMs: 60_000 });
          expect({ line, stderr: deploy.stderr, code: deploy.code }).toEqual({ line, stderr: "", code: 0 });
        }
        if (!text.includes("@pre clean")) continue;
        for (const args of [["clean", "build", "-rvv", "greet", "Bob", "--times", "2"], [], ["--list", "docs"]]) {
          const run = await dk(args, { cwd, env: { DK_HOSTS: "web1,web2" }, timeoutMs: 60_000 });
          expect({ line, args, stderr: run.stderr, code: run.code }).toEqual({ line, args, stderr: "", code: 0 });
        }
      }
    },
  );
});
