import { mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { freshInputs, hashInputs, sha256 } from "../src/inputs.ts";
import { tempDir } from "./helpers/paths.ts";

const inputsFresh = (file: string, inputs: Parameters<typeof freshInputs>[1]) =>
  freshInputs(file, inputs) !== undefined;

// Three seconds on: a file written now has settled by then (its times are over two seconds old).
const LATER = () => Date.now() + 3_000;

// A tasks file and one imported file, in a directory of their own.
function project(): { dir: string; file: string; lib: string } {
  const dir = tempDir("dk-inputs-");
  const file = join(dir, "tasks.ts");
  const lib = join(dir, "lib.ts");
  writeFileSync(file, "export function a() {}\n");
  writeFileSync(lib, "export const x = 1;\n");
  return { dir, file, lib };
}

describe("the inputs a cached result depends on", () => {
  it("are stamped only once their times have settled", () => {
    const { dir, file, lib } = project();
    const now = hashInputs(dir, [file, lib]);
    expect(now.map((input) => input.stamp)).toEqual([undefined, undefined]);
    expect(now.map((input) => input.hash)).toEqual([
      sha256("export function a() {}\n"),
      sha256("export const x = 1;\n"),
    ]);
    const later = hashInputs(dir, [file, lib], LATER());
    expect(later.every((input) => /^\d+:\d+:\d+:\d+:\d+$/.test(input.stamp ?? ""))).toBe(true);
  });

  it("are not read again while their stamp holds", () => {
    const { dir, file, lib } = project();
    const inputs = hashInputs(dir, [file, lib], LATER());
    // A hash no content has: only the stamp can make this fresh.
    expect(
      inputsFresh(
        file,
        inputs.map((input) => ({ ...input, hash: "0".repeat(64) })),
      ),
    ).toBe(true);
    expect(inputsFresh(file, inputs)).toBe(true);
  });

  it("are hashed when the stamp differs, so an edit of the same size is seen", () => {
    const { dir, file, lib } = project();
    const inputs = hashInputs(dir, [file, lib], LATER());
    writeFileSync(lib, "export const x = 2;\n");
    expect(inputsFresh(file, inputs)).toBe(false);
    // A stamp from elsewhere (another checkout, another install) costs a read, not a miss.
    const moved = inputs.map((input) => ({ ...input, stamp: "1:2:3:4:5" }));
    writeFileSync(lib, "export const x = 1;\n");
    expect(inputsFresh(file, moved)).toBe(true);
  });

  it("count a file that appears or goes away", () => {
    const { dir, file, lib } = project();
    const absent = join(dir, "tsconfig.json");
    const inputs = hashInputs(dir, [file, lib, absent], LATER());
    expect(inputs[2]).toEqual({ path: "tsconfig.json", hash: "" });
    expect(inputsFresh(file, inputs)).toBe(true);
    writeFileSync(absent, "{}");
    expect(inputsFresh(file, inputs)).toBe(false);
    rmSync(absent);
    rmSync(lib);
    expect(inputsFresh(file, inputs)).toBe(false);
  });

  it("may lie above the tasks file's directory, however far", () => {
    const { dir, file } = project();
    const outside = join(tempDir("dk-inputs-"), "shared", "types.ts");
    mkdirSync(dirname(outside));
    writeFileSync(outside, "export type T = 1;\n");
    const inputs = hashInputs(dir, [file, outside, "/"], LATER());
    expect(inputs[1]!.path).toMatch(/^(\.\.\/)+.*shared\/types\.ts$/);
    expect(inputsFresh(file, inputs)).toBe(true);
    writeFileSync(outside, "export type T = 2;\n");
    expect(inputsFresh(file, inputs)).toBe(false);
  });

  it("never make a list fresh that lacks the tasks file or is malformed", () => {
    const { dir, file, lib } = project();
    expect(inputsFresh(file, hashInputs(dir, [lib], LATER()))).toBe(false);
    expect(inputsFresh(file, [])).toBe(false);
    const bad = [{ path: "tasks.ts", hash: sha256("export function a() {}\n"), stamp: 7 }];
    expect(inputsFresh(file, bad as never)).toBe(false);
  });

  it("read because a stamp moved, not the content, come back stamped anew, so the next check reads none", () => {
    const { dir, file, lib } = project();
    const inputs = hashInputs(dir, [file, lib], LATER());
    expect(freshInputs(file, inputs, LATER())).toBe(inputs);
    // A touch (as a checkout or a copy does): new times, the same bytes.
    utimesSync(lib, new Date(2001, 0, 1), new Date(2001, 0, 1));
    const restamped = freshInputs(file, inputs, LATER());
    expect(restamped).not.toBe(inputs);
    expect(restamped![0]).toBe(inputs[0]);
    expect(restamped![1]).toEqual({ ...inputs[1], stamp: expect.not.stringMatching(inputs[1]!.stamp!) });
    // A hash no content has: only the new stamp can make this fresh.
    expect(inputsFresh(file, [restamped![0]!, { ...restamped![1]!, hash: "0".repeat(64) }])).toBe(true);
    // Not yet settled: read now, and again next time.
    utimesSync(lib, new Date(2002, 0, 1), new Date(2002, 0, 1));
    expect(freshInputs(file, inputs)).toBe(inputs);
  });

  it("made elsewhere (a build, unstamped) are stamped here when the content is the one hashed, else stale", () => {
    const { dir, file, lib } = project();
    const built = hashInputs(dir, [file, lib]);
    expect(built.map((input) => input.stamp)).toEqual([undefined, undefined]);
    const copied = freshInputs(file, built, LATER())!;
    expect(copied.map((input) => input.stamp)).toEqual([
      expect.stringMatching(/^\d+:\d+:\d+:\d+:\d+$/),
      expect.stringMatching(/^\d+:\d+:\d+:\d+:\d+$/),
    ]);
    expect(copied.map(({ path, hash }) => ({ path, hash }))).toEqual(built);
    writeFileSync(lib, "export const x = 3;\n");
    expect(freshInputs(file, built, LATER())).toBeUndefined();
    expect(inputsFresh(file, copied)).toBe(false);
  });
});
