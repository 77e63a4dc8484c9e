import { chmodSync, chownSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { tempDir } from "../helpers/paths.ts";
import { writeFiles } from "../helpers/project.ts";
import { OTHER_USER, said } from "./cache-plant.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const CODE_RULE = "dk runs only code that you (or root) own and no one else can write, nor a directory above it";
const OWN = "if it is yours, chown it to you and chmod go-w it (and the directories above it)";

// Running it writes `marker`: code that is refused must never get that far.
function planted(marker: string, exported: string): string {
  return `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "ran");\n${exported}\n`;
}

// A shared directory as /tmp is (root's, sticky, writable by all) holding the user's project `x`, whose tasks.ts
// imports `specifier`, a module that sits in the shared directory above it.
function sharedProject(specifier: string, dynamic = false): { dir: string; file: string; marker: string } {
  const dir = tempDir("dk-shared-");
  chmodSync(dir, 0o1777);
  const file = join(dir, "x", "tasks.ts");
  // Not a literal: the build cannot bundle it, Node loads it when the task runs.
  const loaded = `const { who } = await import([${JSON.stringify(specifier)}].join(""));\n`;
  const task =
    "/** Says hi. */\n" + `export async function hi() {\n  ${dynamic ? loaded : ""}console.log("hi " + who);\n}\n`;
  const head = dynamic ? "" : `import { who } from ${JSON.stringify(specifier)};\n`;
  writeFiles(dir, { "x/tasks.ts": head + task });
  return { dir, file, marker: join(dir, "marker") };
}

// The three ways dk loads a tasks file: compiled into its cache; compiled once (the cache dir is not private); through
// tsx (nor is the temporary dir).
function loadings(dir: string): [string, { cache: string; env: Record<string, string> }][] {
  const open = join(dir, "open");
  mkdirSync(open);
  chmodSync(open, 0o777);
  return [
    ["the cache", { cache: tempDir("dk-cache-"), env: {} }],
    ["a private temporary directory", { cache: open, env: { TMPDIR: tempDir("dk-tmp-") } }],
    ["tsx", { cache: open, env: { TMPDIR: open } }],
  ];
}

describe("a module the tasks file imports that another user could have written is not run", () => {
  it("not one in the shared directory above the project, through the cache, a compile of its own, or tsx", async () => {
    const { dir, file, marker } = sharedProject("../lib.ts");
    const lib = join(dir, "lib.ts");
    writeFiles(dir, { "lib.ts": planted(marker, 'export const who = "lib";') });
    chownSync(lib, OTHER_USER, OTHER_USER);
    for (const [how, options] of loadings(dir)) {
      const result = await dk(["hi"], { cwd: join(dir, "x"), ...options });
      // The cache dir others may write is not used, and dk says so first.
      const open = join(dir, "open");
      const warned =
        options.cache === open
          ? `dk: warning: not using the cache in ${open}: ${open} is writable by others (mode 777); ` +
            "set DK_CACHE_DIR to a directory only you can write\n"
          : "";
      expect(result.stderr, `${how}: ${said(result)}`).toBe(
        `${warned}dk: ${lib}: not run: it belongs to uid ${OTHER_USER}, not to you (uid 0); ${file} imports it, ` +
          `directly or through a file it imports; ${CODE_RULE}: if it is not yours, remove it, or the import of it; ` +
          `${OWN}\n`,
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(existsSync(marker), how).toBe(false);
    }
  });

  it("runs the user's own module in the shared directory, and refuses it once others can write it", async () => {
    const { dir, marker } = sharedProject("../lib/lib.ts");
    writeFiles(dir, { "lib/lib.ts": planted(marker, 'export const who = "lib";') });
    const cache = tempDir("dk-cache-");
    const own = await dk(["hi"], { cwd: join(dir, "x"), cache });
    expect(own.stdout, said(own)).toBe("hi lib\n");
    chmodSync(join(dir, "lib"), 0o777);
    writeFiles(dir, { "lib/lib.ts": planted(marker, 'export const who = "swapped";') });
    const swapped = await dk(["hi"], { cwd: join(dir, "x"), cache });
    expect(swapped.stderr, said(swapped)).toContain(
      `dk: ${join(dir, "lib", "lib.ts")}: not run: ${join(dir, "lib")} is writable by others (mode 777); `,
    );
    expect(swapped.code).toBe(1);
    expect(swapped.stdout).toBe("");
  });

  it("not a package in a node_modules another user made in the shared directory", async () => {
    const { dir, marker } = sharedProject("greet");
    writeFiles(dir, {
      "node_modules/greet/package.json": '{ "name": "greet", "main": "index.js" }',
      "node_modules/greet/index.js":
        `require("node:fs").writeFileSync(${JSON.stringify(marker)}, "ran");\n` + 'exports.who = "greet";\n',
    });
    chownSync(join(dir, "node_modules"), OTHER_USER, OTHER_USER);
    const result = await dk(["hi"], { cwd: join(dir, "x"), cache: tempDir("dk-cache-") });
    expect(result.stderr, said(result)).toContain(
      `dk: ${join(dir, "node_modules", "greet", "index.js")}: not run: ${join(dir, "node_modules")} belongs to ` +
        `uid ${OTHER_USER}, not to you (uid 0); `,
    );
    expect(result.code).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });

  it("not a module imported at run time (import(x)) that another user owns", async () => {
    const { dir, file, marker } = sharedProject("../lib.mjs", true);
    const lib = join(dir, "lib.mjs");
    writeFiles(dir, { "lib.mjs": planted(marker, 'export const who = "lib";') });
    chownSync(lib, OTHER_USER, OTHER_USER);
    const result = await dk(["hi"], { cwd: join(dir, "x"), cache: tempDir("dk-cache-") });
    expect(result.stderr, said(result)).toContain(
      `${lib}: not run: it belongs to uid ${OTHER_USER}, not to you (uid 0); ${file} imports it`,
    );
    expect(result.code).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });
});

describe("a tsconfig.json of another user above a module the tasks file imports is not used", () => {
  it("not one beside a module in a shared directory, whose paths would send its import elsewhere", async () => {
    const { dir, marker } = sharedProject("../lib/lib.ts");
    writeFiles(dir, {
      "lib/lib.ts": 'export { who } from "greet";\n',
      "lib/greet.ts": 'export const who = "genuine";\n',
      "lib/tsconfig.json": JSON.stringify({ compilerOptions: { paths: { greet: ["./greet.ts"] } } }),
      "planted.ts": planted(marker, 'export const who = "planted";'),
    });
    const cache = tempDir("dk-cache-");
    const own = await dk(["hi"], { cwd: join(dir, "x"), cache });
    expect(own.stdout, said(own)).toBe("hi genuine\n");
    const config = join(dir, "lib", "tsconfig.json");
    writeFiles(dir, {
      "lib/tsconfig.json": JSON.stringify({ compilerOptions: { paths: { greet: ["../planted.ts"] } } }),
    });
    chownSync(config, OTHER_USER, OTHER_USER);
    const result = await dk(["hi"], { cwd: join(dir, "x"), cache });
    expect(result.stderr, said(result)).toContain(
      `dk: ${config}: not used: it belongs to uid ${OTHER_USER}, not to you (uid 0); it applies to ` +
        `${join(dir, "lib", "lib.ts")}, `,
    );
    expect(result.code).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });
});
