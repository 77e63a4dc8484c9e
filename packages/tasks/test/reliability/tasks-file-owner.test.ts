import { chmodSync, chownSync, existsSync, lchownSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "../helpers/build.ts";
import { dk } from "../helpers/dk.ts";
import { tempDir } from "../helpers/paths.ts";
import { OTHER_USER, said } from "./cache-plant.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

// Importing it writes `marker`: a refused file must never get that far.
function tasks(marker: string): string {
  return (
    `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(marker)}, "ran");\n` +
    `/** Says hi. */\nexport function hi({ who = "you" }: { who?: string }) {\n  console.log("hi " + who);\n}\n`
  );
}

// A shared directory as /tmp is (root's, sticky, writable by all), with a subdirectory the user works in.
function shared(): { dir: string; work: string; marker: string } {
  const dir = tempDir("dk-shared-");
  chmodSync(dir, 0o1777);
  const work = join(dir, "x");
  mkdirSync(work);
  return { dir, work, marker: join(dir, "marker") };
}

// nogroup: the primary group of nobody, so not root's alone.
const NOGROUP = 65534;
const RULE = "dk runs only a tasks file that you (or root) own and no one else can write, nor a directory above it";

describe("a tasks file another user could have written is not run", () => {
  it("not one found above the working directory in a shared directory, when another user owns it", async () => {
    const { dir, work, marker } = shared();
    const file = join(dir, "tasks.ts");
    writeFileSync(file, tasks(marker));
    chownSync(file, OTHER_USER, OTHER_USER);
    for (const args of [["hi"], [], ["--list"], ["hi", "--help"]]) {
      const result = await dk(args, { cwd: work });
      expect(result.stderr, said(result)).toBe(
        `dk: ${file}: not run: it belongs to uid ${OTHER_USER}, not to you (uid 0); ${RULE}: if it is not yours, ` +
          "remove it or give yours with -f; if it is yours, chown it to you and chmod go-w it (and the directories " +
          "above it)\n",
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
    }
    expect(existsSync(marker)).toBe(false);
  });

  it("still prints dk's own help, then says why the tasks file found is not listed", async () => {
    const { dir, work, marker } = shared();
    const file = join(dir, "tasks.ts");
    writeFileSync(file, tasks(marker));
    chownSync(file, OTHER_USER, OTHER_USER);
    const result = await dk(["--help"], { cwd: work });
    expect(result.stdout, said(result)).toMatch(/^Usage: dk /);
    expect(result.stderr).toContain(`dk: ${file}: not run: it belongs to uid ${OTHER_USER}`);
    expect(result.code).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });

  it.each([
    [
      "writable by a group others are in",
      (file: string) => (chownSync(file, 0, NOGROUP), chmodSync(file, 0o664)),
      `it is writable by others (mode 664, group ${NOGROUP}, which others can be in)`,
    ],
    ["in a directory others can write", (file: string) => chmodSync(join(file, ".."), 0o777), "is writable by others"],
    ["given with -f through another user's symlink", undefined, "it is a symlink that belongs to uid 65534"],
  ])("not one %s", async (_, spoil, why) => {
    const { dir, marker } = shared();
    const own = join(dir, "own");
    mkdirSync(own);
    writeFileSync(join(own, "tasks.ts"), tasks(marker));
    let file = join(own, "tasks.ts");
    if (spoil) spoil(file);
    else {
      file = join(dir, "link.ts");
      symlinkSync(join(own, "tasks.ts"), file);
      lchownSync(file, OTHER_USER, OTHER_USER);
    }
    const result = await dk(["-f", file, "hi"]);
    expect(result.stderr, said(result)).toContain(`dk: ${file}: not run: `);
    expect(result.stderr).toContain(why);
    expect(result.code).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });

  it("runs a file and directories writable by the user's own group alone, as a umask of 002 leaves them", async () => {
    const { dir, marker } = shared();
    const own = join(dir, "own");
    mkdirSync(own, { mode: 0o775 });
    chmodSync(own, 0o775);
    const file = join(own, "tasks.ts");
    writeFileSync(file, tasks(marker), { mode: 0o664 });
    chmodSync(file, 0o664);
    // Group root: root's primary group, named as root, no one else's (the user private group of root).
    chownSync(own, 0, 0);
    chownSync(file, 0, 0);
    const result = await dk(["-f", file, "hi"]);
    expect(result.stdout, said(result)).toBe("hi you\n");
    expect(result.code).toBe(0);
  });

  it("runs the user's own tasks file in a shared sticky directory, and the sudo user's when run by sudo", async () => {
    const { dir, work, marker } = shared();
    const file = join(dir, "tasks.ts");
    writeFileSync(file, tasks(marker));
    const own = await dk(["hi"], { cwd: work });
    expect(own.stdout, said(own)).toBe("hi you\n");
    chownSync(file, OTHER_USER, OTHER_USER);
    const sudo = await dk(["hi"], { cwd: work, env: { SUDO_UID: String(OTHER_USER) } });
    expect(sudo.stdout, said(sudo)).toBe("hi you\n");
    expect(sudo.code).toBe(0);
  });
});

describe("a project config another user could have written is not read", () => {
  const CONFIG_RULE = "dk takes flag values only from a config that you (or root) own and no one else can write";

  it.each([
    ["dk.config.json of another user", "dk.config.json", (path: string) => chownSync(path, OTHER_USER, OTHER_USER)],
    ["package.json writable by others", "package.json", (path: string) => chmodSync(path, 0o666)],
  ])("not a %s beside the user's tasks file in a shared directory", async (_, name, spoil) => {
    const { dir, marker } = shared();
    writeFileSync(join(dir, "tasks.ts"), tasks(marker));
    const config = join(dir, name);
    const flags = { flags: { who: "the other user" } };
    writeFileSync(config, JSON.stringify(name === "package.json" ? { dk: flags } : flags));
    const before = await dk(["hi"], { cwd: dir });
    expect(before.stdout, said(before)).toBe("hi the other user\n");
    spoil(config);
    const result = await dk(["hi"], { cwd: dir });
    expect(result.stderr, said(result)).toContain(`dk: ${config}: not read: it `);
    expect(result.stderr).toContain(CONFIG_RULE);
    expect(result.stdout).toBe("");
    expect(result.code).toBe(1);
  });

  it("not a FIFO planted as dk.config.json, which would hang the read", async () => {
    const { dir, marker } = shared();
    writeFileSync(join(dir, "tasks.ts"), tasks(marker));
    execFileSync("mkfifo", [join(dir, "dk.config.json")]);
    const result = await dk(["hi"], { cwd: dir, timeoutMs: 30_000 });
    expect(result.stderr, said(result)).toContain(
      `dk: ${join(dir, "dk.config.json")}: not read: it is not a regular file`,
    );
    expect(result.code).toBe(1);
  });
});

describe("a tsconfig.json another user could have written is not compiled with", () => {
  it("not one in a shared directory above the project, whose paths send an import to that user's code", async () => {
    const { dir, marker } = shared();
    const project = join(dir, "project");
    mkdirSync(join(project, "node_modules", "greet"), { recursive: true });
    writeFileSync(join(project, "node_modules", "greet", "package.json"), '{ "name": "greet", "main": "index.js" }');
    writeFileSync(join(project, "node_modules", "greet", "index.js"), 'exports.greet = () => "genuine";\n');
    const file = join(project, "tasks.ts");
    writeFileSync(
      file,
      `import { greet } from "greet";\n/** Greets. */\nexport function hi() {\n  console.log(greet());\n}\n`,
    );
    const genuine = await dk(["hi"], { cwd: project, cache: tempDir("dk-cache-") });
    expect(genuine.stdout, said(genuine)).toBe("genuine\n");
    const config = join(dir, "tsconfig.json");
    writeFileSync(config, JSON.stringify({ compilerOptions: { paths: { greet: ["./planted.ts"] } } }));
    writeFileSync(
      join(dir, "planted.ts"),
      tasks(marker).replace("export function hi", "export const greet = 1;\nfunction hi"),
    );
    chownSync(config, OTHER_USER, OTHER_USER);
    for (const cache of [tempDir("dk-cache-"), join(dir, "no-cache-here")]) {
      // Compiled into the cache, or (a cache dir that is not private) once, or through tsx: none of them takes it.
      if (!existsSync(cache)) mkdirSync(cache);
      if (cache.endsWith("no-cache-here")) chmodSync(cache, 0o777);
      const result = await dk(["hi"], { cwd: project, cache, env: { TMPDIR: cache } });
      expect(result.stderr, said(result)).toContain(
        `dk: ${config}: not used: it belongs to uid ${OTHER_USER}, not to you (uid 0); it applies to ${file}, `,
      );
      expect(result.code).toBe(1);
      expect(existsSync(marker)).toBe(false);
    }
  });
});
