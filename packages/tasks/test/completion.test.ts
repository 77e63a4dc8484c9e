import { execFileSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { AFTER_TASK, GLOBAL_FLAGS, flagName } from "../src/cli/global-flags.ts";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { dkBin, fixture, tempDir } from "./helpers/paths.ts";

const project = dirname(fixture("flags"));

async function complete(...words: string[]): Promise<string[]> {
  const result = await dk(["__complete", ...words], { cwd: project });
  expect(result).toMatchObject({ code: 0, stderr: "" });
  return result.stdout.split("\n").filter((line) => line !== "");
}

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("dk __complete: what may come next", () => {
  it("offers task names, built-ins included, and dk's flags first", async () => {
    const words = await complete();
    expect(words.slice(0, 7)).toEqual([
      "restart",
      "every-type",
      "hello",
      "exec",
      "reboot",
      "deploy-nixos",
      "completion",
    ]);
    expect(words).toContain("--dry-run");
  });

  it("offers a task's flags not given yet (repeatable ones always), then dk's and the next task", async () => {
    const tasks = ["restart", "every-type", "hello", "exec", "reboot", "deploy-nixos"];
    expect(await complete("restart", "--hosts", "a")).toEqual([
      "--service",
      "--wait",
      "--no-wait",
      "--retries",
      "--env",
      ...AFTER_TASK.map((flag) => `--${flagName(flag)}`),
      ...tasks,
    ]);
    expect(await complete("every-type", "--tags", "a")).toContain("--tags");
  });

  it("offers no task name where the next word fills a required flag, unless a preset fills it", async () => {
    expect(await complete("restart")).not.toContain("hello");
    const preset = await dk(["__complete", "restart"], { cwd: project, env: { DK_HOSTS: "a" } });
    expect(preset.stdout.split("\n")).toContain("hello");
  });

  it("offers the choices of the flag being given, and nothing (files) for free text", async () => {
    expect(await complete("restart", "--env")).toEqual(["prod", "staging"]);
    expect(await complete("restart", "--hosts")).toEqual([]);
    expect(await complete("-f")).toEqual([]);
  });

  it("reads the tasks file named by -f", async () => {
    expect((await complete("-f", fixture("exits"))).slice(0, 2)).toEqual(["ok", "fail"]);
  });

  it("offers the shells after completion", async () => {
    expect(await complete("completion")).toEqual(["bash", "zsh", "fish"]);
  });
});

describe("dk completion", () => {
  it("prints scripts for bash, zsh and fish that ask dk __complete, or __describe for what each word is", async () => {
    for (const [shell, command] of [
      ["bash", "__complete"],
      ["zsh", "__describe"],
      ["fish", "__describe"],
    ]) {
      const result = await dk(["completion", shell!]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`${command} `);
    }
  });

  // A script saved before dk had __describe (a zsh _dk in $fpath) still asks __complete.
  it("dk __describe gives each word a tab and what it is; __complete the words alone", async () => {
    const described = await dk(["__describe", "restart", "--hosts", "a", "--s"], { cwd: project });
    expect(described.stdout.split("\n")[0]).toBe('--service\tthe systemd unit (string, default: "nginx")');
    const preset = await dk(["__describe", "restart"], { cwd: project, env: { DK_RETRIES: "7" } });
    expect(preset.stdout).toContain("--retries\t(number, default: 7 from DK_RETRIES)\n");
    expect((await complete("restart", "--hosts", "a")).slice(0, 2)).toEqual(["--service", "--wait"]);
  });

  it("completes task names and flags in a real bash", async () => {
    const bin = tempDir();
    writeFileSync(join(bin, "dk"), `#!/bin/sh\nexec "${process.execPath}" "${dkBin}" "$@"\n`);
    chmodSync(join(bin, "dk"), 0o755);
    const script = (await dk(["completion", "bash"])).stdout;
    const run = (line: string) =>
      execFileSync(
        "bash",
        [
          "-c",
          `${script}\nCOMP_WORDS=(${line}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); ` +
            `_dk_complete; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        {
          cwd: project,
          env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, DK_CACHE_DIR: tempDir() },
          encoding: "utf8",
          timeout: 20_000,
        },
      );
    expect(run("dk re")).toBe("restart\nreboot\n");
    expect(run("dk restart --e")).toBe("--env\n");
    expect(run("dk restart --env st")).toBe("staging\n");
    // Every flag of dk's table, from the table: --ask-sudo-password was once missing here.
    expect(run("dk --").split("\n").filter(Boolean).sort()).toEqual(
      GLOBAL_FLAGS.map((flag) => `--${flagName(flag)}`).sort(),
    );
    expect(run("dk --ask")).toBe("--ask-sudo-password\n");
  });
});
