import { execFileSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";

// A project with the chain fixture and dk in its node_modules/.bin, as `pnpm add @deploykit/tasks` leaves it;
// no dk on PATH, so `pnpm dk` and `npx dk` can only be completed through the project's own.
function project(): string {
  const dir = tempDir("dk-complete-");
  cpSync(dirname(fixture("chain")), dir, { recursive: true });
  mkdirSync(join(dir, "node_modules", ".bin"), { recursive: true });
  writeFileSync(join(dir, "node_modules", ".bin", "dk"), `#!/bin/sh\nexec "${process.execPath}" "${dkBin}" "$@"\n`);
  chmodSync(join(dir, "node_modules", ".bin", "dk"), 0o755);
  mkdirSync(join(dir, "sub"));
  return dir;
}

// What bash offers for `line` (the last word being completed), with a pnpm completion loaded before ours.
function bash(script: string, line: string, cwd: string): string[] {
  const before = `_pnpm_own() { COMPREPLY=(pnpm-own); }; complete -F _pnpm_own pnpm`;
  const out = execFileSync(
    "bash",
    [
      "-c",
      `${before}\n${script}\nCOMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); ` +
        `_dk_complete pnpm; printf '%s\\n' "\${COMPREPLY[@]}"`,
    ],
    { cwd, env: { ...process.env, DK_CACHE_DIR: tempDir() }, encoding: "utf8", timeout: 20_000 },
  );
  return out.split("\n").filter((word) => word !== "");
}

// What fish offers for `line`, as its own completion of a typed line lists it: the words, or with `described` each
// line as fish gives it (the word, a tab and its description).
function fish(script: string, line: string, cwd: string, env: NodeJS.ProcessEnv = {}, described = false): string[] {
  const out = execFileSync("fish", ["--no-config", "-c", `${script}\ncomplete -C ${JSON.stringify(line)}`], {
    cwd,
    env: { ...process.env, DK_CACHE_DIR: tempDir(), ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
  const lines = out.split("\n").filter((word) => word !== "");
  return described ? lines : lines.map((text) => text.split("\t")[0]!);
}

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("completion for pnpm dk and npx dk", () => {
  it("completes after pnpm dk and npx dk, from a subdirectory, and leaves other pnpm commands alone", async () => {
    const dir = project();
    const script = (await dk(["completion", "bash"])).stdout;
    const cwd = join(dir, "sub");
    expect(bash(script, "pnpm dk docs.", cwd)).toEqual(["docs.build", "docs.serve"]);
    expect(bash(script, "npx dk gr", cwd)).toEqual(["greet"]);
    expect(bash(script, "pnpm --silent dk build --re", cwd)).toEqual(["--release"]);
    expect(bash(script, "pnpm dk clean ops.deep.p", cwd)).toEqual(["ops.deep.ping"]);
    expect(bash(script, "pnpm ins", cwd)).toEqual(["pnpm-own"]);
  });

  it("offers namespaces' tasks, aliases and, after a task, the next task", async () => {
    const dir = project();
    const words = async (...typed: string[]) =>
      (await dk(["__complete", ...typed], { cwd: dir })).stdout.split("\n").filter(Boolean);
    expect(await words()).toEqual(expect.arrayContaining(["docs.build", "docs.serve", "ops.deep.ping", "b", "hello"]));
    const afterBuild = await words("build", "-r");
    expect(afterBuild).toEqual(expect.arrayContaining(["--verbose", "--quiet", "--ask-sudo-password", "clean"]));
    expect(await words("docs.serve", "--port")).toEqual([]);
  });

  it("completes the value of --flag=, which bash splits at the = and fish and zsh keep in one word", async () => {
    const dir = project();
    const script = (await dk(["completion", "bash"])).stdout;
    expect(bash(script, "npx dk text --transport = n", dir)).toEqual(["native"]);
    expect(bash(script, "npx dk text --transport =", dir)).toEqual(["auto", "native", "openssh"]);
    expect(bash(script, "npx dk --transport = native te", dir)).toEqual(["text"]);
    const fishScript = (await dk(["completion", "fish"])).stdout;
    expect(fish(fishScript, "npx dk text --transport=n", dir)).toEqual(["--transport=native"]);
    expect(fish(fishScript, "dk --transport=", dir)).toEqual([
      "--transport=auto",
      "--transport=native",
      "--transport=openssh",
    ]);
    expect((await dk(["completion", "zsh"])).stdout).toContain("compset -P '*='");
  });

  it("in bash, inserts each value as one word, quoted as the shell needs, and matches a quote begun", async () => {
    const dir = project();
    writeFileSync(join(dir, "odd.ts"), `export function pick(o: { zone?: "eu west" | "$HOME" | "a'b" }) {}\n`);
    const script = (await dk(["completion", "bash"])).stdout;
    expect(bash(script, "npx dk -f odd.ts pick --zone ''", dir)).toEqual(["eu\\ west", "\\$HOME", "a\\'b"]);
    expect(bash(script, `npx dk -f odd.ts pick --zone "'eu"`, dir)).toEqual(["eu\\ west"]);
    // The words typed before it reach dk as the command gets them: -f 'my dir/…' and -f my\ dir/… name one file.
    cpSync(join(dir, "odd.ts"), join(dir, "my dir.ts"));
    expect(bash(script, `npx dk -f "'my dir.ts'" pick --zone "'eu"`, dir)).toEqual(["eu\\ west"]);
    expect(bash(script, `npx dk -f 'my\\ dir.ts' pick --zone "'eu"`, dir)).toEqual(["eu\\ west"]);
  });

  it("in fish: one dk per Tab, and -f ~/FILE read from the home directory", async () => {
    const dir = project();
    const script = (await dk(["completion", "fish"])).stdout;
    // A dk on PATH that counts its runs.
    const bin = tempDir("dk-bin-");
    const log = join(bin, "runs");
    writeFileSync(join(bin, "dk"), `#!/bin/sh\necho run >> "${log}"\nexec "${process.execPath}" "${dkBin}" "$@"\n`);
    chmodSync(join(bin, "dk"), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}`, HOME: dir };
    expect(fish(script, "dk gr", join(dir, "sub"), env)).toEqual(["greet"]);
    expect(readFileSync(log, "utf8")).toBe("run\n");
    expect(fish(script, "dk -f ~/tasks.ts gr", tempDir(), env)).toEqual(["greet"]);
  });

  it("in fish, shows each task's summary and each flag's help beside it", async () => {
    const dir = project();
    const script = (await dk(["completion", "fish"])).stdout;
    expect(fish(script, "dk docs.", dir, {}, true)).toEqual([
      "docs.build\tBuild the docs.",
      "docs.serve\tServe the docs.",
    ]);
    expect(fish(script, "npx dk greet --name Bob --ti", dir, {}, true)).toEqual(["--times\t(number, default: 1)"]);
    expect(fish(script, "dk --li", dir, {}, true)).toEqual([
      "--limit\trun each group call of the task on at most N hosts at once",
      expect.stringMatching(/^--list\tlist the tasks, or one namespace's/),
    ]);
    expect(fish(script, "dk --transport=n", dir, {}, true)).toEqual(["--transport=native"]);
  });

  it("prints a fish script that completes pnpm dk and npx dk in fish, with flags and their choices", async () => {
    const dir = project();
    const result = await dk(["completion", "fish"]);
    expect(result.code).toBe(0);
    const cwd = join(dir, "sub");
    expect(fish(result.stdout, "pnpm dk docs.", cwd)).toEqual(["docs.build", "docs.serve"]);
    expect(fish(result.stdout, "npx dk gr", cwd)).toEqual(["greet"]);
    expect(fish(result.stdout, "pnpm --silent dk build --re", cwd)).toEqual(["--release"]);
    expect(fish(result.stdout, "npx dk --li", cwd)).toEqual(["--limit", "--list"]);
    const zsh = await dk(["completion", "zsh"]);
    expect(zsh.stdout).toContain("compdef _dk dk pnpm npx");
  });
});
