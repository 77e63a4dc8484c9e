// A counted flag (@count: each -v adds one) takes from the environment or the config what the command line can give
// it: a whole number from 0. -1 or 0.5 is no count, and is refused naming where it came from.
import { beforeAll, describe, expect, it } from "vitest";
import { BUILD_HOOK_MS, ensureBuilt } from "./helpers/build.ts";
import { dk } from "./helpers/dk.ts";
import { userProject } from "./helpers/project.ts";

beforeAll(ensureBuilt, BUILD_HOOK_MS);

const TASKS = `export function c({ verbose = 0 }: {
  /**
   * louder
   * @count
   * @short v
   */
  verbose?: number;
}) {
  console.log(verbose);
}
`;
const COUNT = "--verbose counts how often it is given: use a whole number from 0";

describe("a counted flag's preset", () => {
  it("takes a whole number from 0", async () => {
    const dir = userProject("dk-count-", { "tasks.ts": TASKS }, []);
    for (const [value, printed] of [
      ["0", "0\n"],
      ["3", "3\n"],
    ]) {
      const result = await dk(["c"], { cwd: dir, env: { DK_VERBOSE: value! } });
      expect(result).toMatchObject({ code: 0, stdout: printed, stderr: "" });
    }
  });

  it.each(["-1", "0.5"])("refuses %s from the environment and the config", async (value) => {
    const dir = userProject(
      "dk-count-",
      { "tasks.ts": TASKS, "dk.config.json": `{ "flags": { "verbose": ${value} } }` },
      [],
    );
    const env = await dk(["c"], { cwd: dir, env: { DK_VERBOSE: value } });
    expect(env).toMatchObject({ code: 2, stdout: "" });
    expect(env.stderr.split("\n")[0]).toBe(`dk: DK_VERBOSE: ${COUNT}, got "${value}"`);
    const config = await dk(["c"], { cwd: dir });
    expect(config).toMatchObject({ code: 2, stdout: "" });
    expect(config.stderr.split("\n")[0]).toBe(`dk: dk.config.json flags.verbose: ${COUNT}, got "${value}"`);
  });
});
