// A DK_* variable whose name spells two flags' variables is neither's default: dk says which two, and what to use.
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { userProject } from "./helpers/project.ts";

const TASKS = `
export function deploy({ hosts }: { hosts: string }) { console.log("deploy", hosts); }
export function sync({ deployHosts = 3 }: { deployHosts?: number } = {}) { console.log("sync", deployHosts); }
export function a({ bC = "code" }: { bC?: string } = {}) { console.log("a", bC); }
export function aB({ c = "code" }: { c?: string } = {}) { console.log("a-b", c); }
`;

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const refused = (name: string, both: string, alone: string, usage: string) =>
  `dk: ${name}: the name is both ${both}, so dk takes it for neither; give the value on the command line, ` +
  `in dk.config.json, or as ${alone}\nUsage: ${usage}  (more: dk ${usage.split(" ")[1]} --help)\n`;

describe("a variable that spells two flags' variables", () => {
  const cwd = userProject("dk-env-clash-", { "tasks.ts": TASKS }, []);

  it.each([
    [
      "DK_<TASK>_<FLAG> of one task, DK_<FLAG> of another's flag: deploy",
      ["deploy"],
      { DK_DEPLOY_HOSTS: "web1,web2" },
      refused(
        "DK_DEPLOY_HOSTS",
        "deploy's --hosts and the --deploy-hosts of any task (sync)",
        "DK_HOSTS",
        "dk deploy --hosts <string>",
      ),
    ],
    [
      "the same, read for sync",
      ["sync"],
      { DK_DEPLOY_HOSTS: "web1,web2" },
      refused(
        "DK_DEPLOY_HOSTS",
        "the --deploy-hosts of any task and deploy's --hosts",
        "DK_SYNC_DEPLOY_HOSTS",
        "dk sync [--deploy-hosts <number>]",
      ),
    ],
    [
      "DK_<TASK>_<FLAG> of two tasks (a --b-c, a-b --c)",
      ["a"],
      { DK_A_B_C: "x" },
      refused("DK_A_B_C", "a's --b-c and a-b's --c", "DK_B_C", "dk a [--b-c <string>]"),
    ],
  ])("%s: refused, naming both and the names of one flag alone, exit 2", async (_label, args, env, stderr) => {
    const result = await dk(args, { cwd, env });
    expect(result).toMatchObject({ code: 2, stdout: "", stderr });
  });

  it("leaves the variables of one flag alone working", async () => {
    const runs = await Promise.all([
      dk(["deploy"], { cwd, env: { DK_HOSTS: "h" } }),
      dk(["sync"], { cwd, env: { DK_SYNC_DEPLOY_HOSTS: "4" } }),
      dk(["a", "a-b"], { cwd, env: { DK_B_C: "x", DK_C: "y" } }),
    ]);
    expect(runs.map(({ code, stdout, stderr }) => ({ code, stdout, stderr }))).toEqual([
      { code: 0, stdout: "deploy h\n", stderr: "" },
      { code: 0, stdout: "sync 4\n", stderr: "" },
      { code: 0, stdout: "a x\na-b y\n", stderr: "" },
    ]);
  });
});
