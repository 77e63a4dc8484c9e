// dk's help and listing on a terminal: every line fits in its width, wrapped text starts under its own column, and
// nothing is lost; without a width (a pipe, a file) every line stays whole, as before.
import { describe, expect, it } from "vitest";
import { globalHelp } from "../src/format/global-help.ts";
import { taskHelp } from "../src/format/help.ts";
import { listText } from "../src/format/list.ts";
import { wrapUsage } from "../src/format/wrap.ts";
import type { ResolvedTask } from "../src/types.ts";
import { inTmux } from "./helpers/tmux.ts";
import { fixture } from "./helpers/paths.ts";
import { flag } from "./helpers/flag.ts";

const deploy: ResolvedTask = {
  name: "web.deploy-everything",
  exportName: "web",
  help: "Deploy the whole fleet, one rack at a time, and wait until each host answers its health check again.",
  rest: true,
  flags: [
    flag("hosts", "string", { required: true, help: "comma-separated hosts, user@host:port, or @tags of the fleet" }),
    flag("environment", "string", { choices: ["production", "staging", "eu west"] }),
    flag("dry-run", "boolean"),
    flag("ports", "number[]", { help: "ports to open on each host before the deployment starts" }),
  ],
  file: "/p/tasks.ts",
  builtin: false,
};
const builtin: ResolvedTask = { ...deploy, name: "reboot", builtin: true, flags: [] };

const texts = (width?: number) => ({
  help: taskHelp(deploy, "/p", new Map(), width),
  global: globalHelp(width),
  list: listText([deploy, builtin], "/p/tasks.ts", "/p", { width }),
});
// The words of a text, whatever its line breaks.
const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe("help and listing wrapped to a terminal's width", () => {
  it.each([40, 60, 80, 120])("at %i columns: every line fits, and every word is kept in order", (width) => {
    const whole = texts();
    for (const [name, text] of Object.entries(texts(width))) {
      const long = text.split("\n").filter((line) => line.length > width);
      // Only a single word wider than the line may stay wider.
      expect(
        long.filter((line) => line.trim().includes(" ")),
        name,
      ).toEqual([]);
      expect(words(text), name).toEqual(words(whole[name as keyof typeof whole]));
    }
  });

  it("wraps a flag's text under its own column, and under the flag when too few columns are left", () => {
    const at60 = texts(60).help.split("\n");
    const row = at60.findIndex((line) => line.startsWith("  --ports <number>..."));
    const column = at60[row]!.indexOf("ports to");
    expect(at60[row + 1]!.slice(0, column).trim()).toBe("");
    expect(at60[row + 1]!.charAt(column)).not.toBe(" ");
    const at30 = texts(34).help.split("\n");
    expect(at30[at30.indexOf("  --ports <number>...") + 1]).toMatch(/^ {6}ports to/);
  });

  it("keeps a flag and its value together in the usage, continued under the first flag", () => {
    const usage = wrapUsage("Usage: ", "dk web.deploy-everything --hosts <string> [--environment <a b|c>] [--x]", 60);
    expect(usage.split("\n")).toEqual([
      "Usage: dk web.deploy-everything --hosts <string>",
      "                                [--environment <a b|c>]",
      "                                [--x]",
    ]);
  });

  it("breaks a long array default between its items: it was one word past the terminal's edge", () => {
    const items = Array.from({ length: 30 }, (_, i) => `item${i}`);
    const task = { ...deploy, flags: [flag("exclude", "string[]", { default: items })] };
    const lines = taskHelp(task, "/p", new Map(), 60).split("\n");
    const at = lines.findIndex((line) => line.startsWith("  --exclude <string>..."));
    const row = lines.slice(at, lines.indexOf("", at));
    expect(row.filter((line) => line.length > 60)).toEqual([]);
    expect(row.join(" ").replace(/\s+/g, " ")).toContain(`default: [${items.map((item) => `"${item}"`).join(", ")}])`);
  });

  it("without a width, lines stay whole", () => {
    const { help } = texts();
    expect(help).toContain(`Usage: dk web.deploy-everything --hosts <string> [--environment`);
    expect(help).toContain(`\n${deploy.help}\n`);
  });

  it("in a real 50-column terminal, dk restart --help continues each flag's text under it", async () => {
    const run = await inTmux(["-f", fixture("flags"), "restart", "--help"], { size: { x: 50, y: 80 } });
    expect(run.exit).toBe(0);
    const lines = run.history.slice(run.history.indexOf("dk's flags, here too:") + 1);
    const table = lines.slice(0, lines.indexOf(""));
    expect(table.length).toBeGreaterThan(10);
    for (const line of table) expect(line).toMatch(/^ {2}/);
  });
});
