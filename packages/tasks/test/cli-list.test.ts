import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { fixture, packageDir, tempDir } from "./helpers/paths.ts";

const file = fixture("flags");
const projectDir = dirname(file);

beforeAll(ensureBuilt, BUILD_HOOK_MS);

describe("listing", () => {
  it("lists user tasks with their first doc line, then the built-ins", async () => {
    for (const args of [[], ["--list"], ["-l"]]) {
      const result = await dk(args, { cwd: projectDir });
      expect(result).toMatchObject({ code: 0, stderr: "" });
      const userPart = [
        "Tasks in tasks.ts:",
        "  restart     Restart a service on hosts. Example: dk restart --hosts a,b --service nginx",
        "  every-type  Every flag type at once.",
        "  hello       Takes no flags.",
        "  exec        Passes the arguments after -- through.",
        "",
        "Built-in tasks:",
      ].join("\n");
      expect(result.stdout.startsWith(`${userPart}\n`)).toBe(true);
      expect(result.stdout).toMatch(
        new RegExp(
          /\nBuilt-in tasks:\n {2}reboot {8}\S.*\n {2}deploy-nixos {2}\S.*\n/.source +
            /\nRun "dk TASK --help" for a task's flags; "dk TASK1 TASK2" runs several\.\n$/.source,
        ),
      );
    }
  });

  it("shows a doc's first paragraph whole, also when its source wrapped it over lines", async () => {
    const project = tempDir();
    const doc = "/**\n * Deploy the web tier to every host and then\n * restart nginx on each.\n *\n * Details.\n */";
    writeFileSync(join(project, "tasks.ts"), `${doc}\nexport function deploy() {}\n`);
    const result = await dk(["--list"], { cwd: project });
    expect(result.stdout).toMatch(
      /^Tasks in tasks\.ts:\n {2}deploy {2}Deploy the web tier to every host and then restart nginx on each\.\n\n/,
    );
  });

  it("finds tasks.ts in the nearest parent directory", async () => {
    const project = tempDir();
    writeFileSync(join(project, "tasks.ts"), "/** Bring it up. */\nexport function up() {}\n");
    const nested = join(project, "a", "b");
    mkdirSync(nested, { recursive: true });
    const result = await dk(["--list"], { cwd: nested });
    expect(result.stdout.startsWith(`Tasks in ${join(project, "tasks.ts")}:\n  up  Bring it up.\n`)).toBe(true);
  });

  it("says that exports were left out when none is a task, and where to read why", async () => {
    const project = tempDir();
    writeFileSync(join(project, "tasks.ts"), "export function up(o: string) {}\n");
    const result = await dk(["--list"], { cwd: project });
    expect(
      result.stdout.startsWith("Tasks in tasks.ts:\n  (no tasks: 1 export is not a task; dk --list --all says why)\n"),
    ).toBe(true);
    // A value is an export that is no task too, and --list --all says why.
    writeFileSync(join(project, "tasks.ts"), "export const answer = 42;\n");
    const value = await dk(["--list"], { cwd: project });
    expect(value.stdout).toMatch(
      /^Tasks in tasks\.ts:\n {2}\(no tasks: 1 export is not a task; dk --list --all says why\)\n/,
    );
    writeFileSync(join(project, "tasks.ts"), "export type Flags = { a: string };\n");
    const none = await dk(["--list"], { cwd: project });
    expect(none.stdout.startsWith("Tasks in tasks.ts:\n  (no exported functions)\n")).toBe(true);
  });

  it("lists only the built-ins when there is no tasks.ts", async () => {
    const result = await dk(["--list"], { cwd: "/" });
    expect(result.stdout).toMatch(
      /^No tasks.ts in this directory or any parent \(create one, or pass -f FILE\)\.\n\nBuilt-in tasks:\n  reboot /,
    );
  });

  it("prints the same as JSON with --list --json", async () => {
    const result = await dk(["-f", file, "--list", "--json"]);
    const json = JSON.parse(result.stdout) as {
      file: string;
      tasks: { name: string; builtin: boolean; flags: unknown[] }[];
    };
    expect(json.file).toBe(file);
    expect(json.tasks.map((task) => [task.name, task.builtin])).toEqual([
      ["restart", false],
      ["every-type", false],
      ["hello", false],
      ["exec", false],
      ["reboot", true],
      ["deploy-nixos", true],
    ]);
    expect(json.tasks[0]?.flags[1]).toEqual({
      name: "service",
      property: "service",
      type: "string",
      required: false,
      default: "nginx",
      help: "the systemd unit",
    });
  });

  it("prints the version from package.json", async () => {
    const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) expect((await dk([flag])).stdout).toBe(`dk ${version}\n`);
  });
});

describe("help", () => {
  const restartHelp = [
    "Usage: dk restart --hosts <string> [--service <string>] [--[no-]wait] [--retries <number>] [--env <prod|staging>]",
    "",
    "Restart a service on hosts. Example: dk restart --hosts a,b --service nginx",
    "",
    "Flags:",
    "  --hosts <string>      comma-separated hosts, user@host:port (string, required)",
    '  --service <string>    the systemd unit (string, default: "nginx")',
    "  --[no-]wait           (boolean, default: true)",
    "  --retries <number>    (number, default: 3)",
    "  --env <prod|staging>  (one of prod, staging)",
    "",
  ].join("\n");

  it("dk TASK --help and dk --help TASK: usage, doc, and each flag's type, choices, default and help", async () => {
    for (const args of [
      ["restart", "--help"],
      ["--help", "restart"],
      ["restart", "-h"],
      ["restart", "--hosts", "x", "--help"],
    ]) {
      const result = await dk(args, { cwd: projectDir });
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(result.stdout.startsWith(restartHelp)).toBe(true);
      expect(result.stdout).toContain("Defined in tasks.ts.");
    }
  });

  it("shows repeatable flags, rest arguments and the @param help", async () => {
    const everyType = (await dk(["-f", file, "every-type", "--help"])).stdout;
    expect(everyType).toContain(
      "  --tags <string>...   labels to attach (string; repeatable or comma-separated, --tags= for none)\n",
    );
    expect(everyType).toContain("  --level <1|2|3>      (one of 1, 2, 3)\n");
    expect((await dk(["-f", file, "exec", "--help"])).stdout).toContain(
      "Arguments after -- are passed to the task untouched.",
    );
    expect((await dk(["-f", file, "hello", "--help"])).stdout).toContain("This task takes no flags.");
  });

  it("shows dk's own flags and the task list for dk --help", async () => {
    const result = await dk(["--help"], { cwd: projectDir });
    expect(result.stdout).toMatch(/^Usage: dk \[--list/);
    expect(result.stdout).toMatch(/^ {2}--dry-run +print commands, tagged with the host, instead of running them\n/m);
    expect(result.stdout).toMatch(/^ {2}--ask-sudo-password +ask once for the sudo password of the hosts/m);
    expect(result.stdout).toMatch(/^ {2}-l, --list \[NAMESPACE\] +list the tasks, or one namespace's/m);
    expect(result.stdout).toContain("completion bash|zsh");
    expect(result.stdout).toContain("Tasks in tasks.ts:\n  restart ");
  });
});
