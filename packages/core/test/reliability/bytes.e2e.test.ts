import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Host } from "../../src/host.ts";
import { run } from "../../src/run.ts";
import { useFleet } from "../helpers/fleet.ts";

const fleet = useFleet({ hosts: 1 });
const dir = mkdtempSync(join(tmpdir(), "dk-bytes-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MB = 1024 * 1024;

function host(): Host {
  const { addresses, hostOptions, port, user } = fleet.sandbox;
  return new Host(addresses[0]!, { user, port, ...hostOptions });
}

describe("captured bytes", () => {
  it('encoding: "buffer" gives 10 MB of random bytes exactly, on stdout and stderr, over ssh and locally', async () => {
    const bytes = randomBytes(10 * MB);
    const file = join(dir, "random");
    writeFileSync(file, bytes);
    const options = { stdout: "pipe", stderr: "pipe", encoding: "buffer", echo: false } as const;
    const remote = await host().run(`cat ${file}; cat ${file} >&2`, options);
    const local = await run(["bash", "-c", `cat ${file}; cat ${file} >&2`], options);
    for (const result of [remote, local]) {
      expect(Buffer.isBuffer(result.stdout)).toBe(true);
      expect(result.stdout.equals(bytes)).toBe(true);
      expect(result.stderr.equals(bytes)).toBe(true);
    }
  }, 60_000);

  it("text mode replaces invalid UTF-8 with U+FFFD, as documented", async () => {
    const result = await run(["printf", "a\\377b"], { stdout: "pipe", echo: false });
    expect(result.stdout).toBe("a\uFFFDb");
  });

  it("a failed run's error carries the exact bytes too", async () => {
    const error = await host()
      .run("printf '\\377\\000x'; exit 3", { stdout: "pipe", encoding: "buffer", echo: false })
      .catch((e: unknown) => e);
    expect((error as { stdout: Buffer }).stdout).toEqual(Buffer.from([0xff, 0x00, 0x78]));
    expect((error as { exitCode: number }).exitCode).toBe(3);
  });
});

describe("the exit-status mark never eats output", () => {
  it("keeps a stderr line that contains the mark's text, whole", async () => {
    const result = await host().run("printf 'before\\037dk-exit:0after\\n' >&2; exit 4", {
      stderr: "pipe",
      check: false,
      echo: false,
    });
    expect(result.stderr).toBe("before\x1fdk-exit:0after\n");
    expect(result.exitCode).toBe(4);
  });

  it("takes only the run's own mark: a look-alike line before it is output", async () => {
    const result = await host().run("printf 'x\\037dk-exit:5\\n' >&2; exit 3", {
      stderr: "pipe",
      check: false,
      echo: false,
    });
    expect(result.stderr).toBe("x\x1fdk-exit:5\n");
    expect(result.exitCode).toBe(3);
  });

  it("keeps a last stderr line without a newline, and still reads the exit status", async () => {
    const result = await host().run("printf 'no newline' >&2; exit 6", { stderr: "pipe", check: false, echo: false });
    expect(result.stderr).toBe("no newline");
    expect(result.exitCode).toBe(6);
  });
});
