// An upload to a new remote file named with `*`, `?` or `[` sends it from a link here of that name, in a private
// directory: the link leads to the source, the run goes into the destination's directory, and the directory here goes
// when the upload ends, or when the process is stopped (Ctrl-C) before it ends, which left it behind.
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { collect } from "@deploykit/sandbox";
import { afterAll, describe, expect, it } from "vitest";
import { namedLink } from "../src/transfer/glob-name.ts";

const root = mkdtempSync(join(tmpdir(), "dk-named-link-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const module = fileURLToPath(new URL("../src/transfer/glob-name.ts", import.meta.url));
const SOURCE = join(root, "source.txt");
writeFileSync(SOURCE, "x");

describe("the link an upload to a new file named as a pattern sends from", () => {
  it("is named as the destination, leads to the source, and goes into the destination's directory", () => {
    const named = namedLink(SOURCE, "/srv/app/new[1]*", "web1");
    const link = named.plan.source;
    expect(basename(link)).toBe("new[1]*");
    expect(readlinkSync(link)).toBe(SOURCE);
    expect(named.plan).toMatchObject({ destination: "/srv/app/", dir: "/srv/app/" });
    named.remove();
    expect(existsSync(dirname(link))).toBe(false);
  });

  it("is removed when the process is stopped by a signal before the upload ends", async () => {
    const tmp = mkdtempSync(join(root, "tmp-"));
    const script = `const { namedLink } = await import(${JSON.stringify(module)});
      namedLink(${JSON.stringify(SOURCE)}, "dir/new*", "web1");
      console.log("made");
      setTimeout(() => {}, 60_000);`;
    const cwd = fileURLToPath(new URL("..", import.meta.url));
    const child = await collect(process.execPath, ["--import", "tsx/esm", "--input-type=module", "-e", script], {
      cwd,
      env: { ...process.env, TMPDIR: tmp },
      timeoutMs: 20_000,
      onOutput: { text: "made", act: (running) => running.kill("SIGINT") },
    });
    expect(child.signal).toBe("SIGINT");
    expect(readdirSync(tmp).filter((entry) => entry.startsWith("dk-name-"))).toEqual([]);
  });
});
