import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture, tempDir } from "./helpers/paths.ts";

const file = fixture("exits");

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("exit codes and failure reports", () => {
  it("exits 0 when the task returns", async () => {
    const result = await dk(["-f", file, "ok"]);
    expect(result).toMatchObject({ code: 0, stdout: "ok ran\n", stderr: "" });
  });

  it("exits 1 with the message and where it was thrown, no stack", async () => {
    const result = await dk(["-f", file, "fail"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `dk: task "fail" failed: Error: the disk is full\n  at ${file}:11:9\n(run with --debug for the stack trace)\n`,
    );
  });

  it("points at the user's line when the error is thrown inside Node (node:internal/url)", async () => {
    const result = await dk(["-f", file, "bad-url"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `dk: task "bad-url" failed: TypeError: Invalid URL\n  at ${file}:65:10\n(run with --debug for the stack trace)\n`,
    );
  });

  it("prints the stack with --debug, before or after the task name", async () => {
    for (const args of [
      ["--debug", "fail"],
      ["fail", "--debug"],
    ]) {
      const result = await dk(["-f", file, ...args]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/the disk is full\n\s+at fail \(.*tasks\.ts:11:9\)/);
    }
  });

  it("prints only the message of core's CommandError, and exits with the command's code", async () => {
    const result = await dk(["-f", file, "command-fails"]);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      'dk: task "command-fails" failed: `echo disk full >&2; exit 3` failed with exit code 3: disk full\n',
    );
  });

  it("leaves which hosts failed and why to the summary for core's GroupError", async () => {
    const result = await dk(["-f", file, "group-fails"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^web1 +failed .* web1 is full\nweb2 +failed .* web2 is full\nweb3 +ok /m);
    expect(result.stderr).toBe(
      'dk: task "group-fails" failed: 2 of 3 hosts failed (the summary above says which and why)\n',
    );
  });

  it("treats an error only named like core's as any other error: name, message and where", async () => {
    const result = await dk(["-f", file, "named-like-core"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `dk: task "named-like-core" failed: CommandError: not from core\n  at ${file}:28:23\n` +
        "(run with --debug for the stack trace)\n",
    );
  });

  it("reports a thrown non-Error", async () => {
    const result = await dk(["-f", file, "throws-string"]);
    expect(result).toMatchObject({ code: 1, stderr: 'dk: task "throws-string" failed: just a string\n' });
  });

  it("exits with a process.exitCode outside 1-255 as Node would: -1 is 255", async () => {
    const result = await dk(["-f", file, "sets-minus-one"]);
    expect(result).toMatchObject({ code: 255, stderr: 'dk: task "sets-minus-one" set process.exitCode to -1\n' });
  });

  it("exits with the process.exitCode a task set, says so, and runs no task after it", async () => {
    const result = await dk(["-f", file, "sets-exit-code", "ok"]);
    expect(result).toMatchObject({ code: 3, stdout: "said why itself\n" });
    expect(result.stderr).toBe('dk: task "sets-exit-code" set process.exitCode to 3\n');
    const json = await dk(["-f", file, "--json", "sets-exit-code"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, exitCode: 3 });
  });

  it("exits 130 on SIGINT", async () => {
    const result = await dk(["-f", file, "hang"], {
      onOutput: { text: "ready\n", act: (child) => child.kill("SIGINT") },
    });
    expect(result).toMatchObject({ code: 130, stdout: "ready\n", stderr: "dk: interrupted (SIGINT)\n" });
  });

  it("turns core's dry run on for --dry-run, before or after the task name, and only then", async () => {
    const before = await dk(["-f", file, "--dry-run", "show-dry-run"]);
    const after = await dk(["-f", file, "show-dry-run", "--dry-run"]);
    const without = await dk(["-f", file, "show-dry-run"]);
    expect([before.stdout, after.stdout, without.stdout]).toEqual([
      "dry run: true\n",
      "dry run: true\n",
      "dry run: false\n",
    ]);
  });

  it("says under the summary of a dry run that no command ran", async () => {
    const dir = tempDir();
    const tasks = join(dir, "tasks.ts");
    const source = [
      'import { parseHosts } from "@deploykit/core";',
      'export async function up({ hosts }: { hosts: string }) { await parseHosts(hosts).run("uptime"); }',
    ];
    writeFileSync(tasks, `${source.join("\n")}\n`);
    const dry = await dk(["-f", tasks, "--dry-run", "up", "--hosts", "a,b"]);
    expect(dry).toMatchObject({ code: 0, stderr: "" });
    expect(dry.stdout).toMatch(/\n2 hosts: 2 ok, 0 failed \(dry run: no command ran\)\n$/);
  });

  it("names the tasks file it loaded in DK_TASKS_FILE", async () => {
    const result = await dk(["-f", file, "show-tasks-file"], { env: { DK_TASKS_FILE: "" } });
    expect(result.stdout).toBe(`${file}\n`);
  });
});
