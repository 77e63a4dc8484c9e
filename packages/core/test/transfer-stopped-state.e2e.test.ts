// A transfer stopped partway (an abort, a timeout) says what it left at its destination and what to do, and leaves no
// rsync, ssh or sudo running and no temporary file on either side: it said only "the upload was interrupted", of a
// file written in place too, which it leaves half-written. A throwaway user (needs root, as CI runs the tests).
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ownedInTmp, waitUntil } from "@deploykit/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import type { Host } from "../src/host.ts";
import { useFleet } from "./helpers/fleet.ts";
import { bigFile, copying } from "./helpers/hang-copy.ts";
import { waitGone } from "./helpers/processes.ts";
import { rejection } from "./helpers/rejection.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const fleet = useFleet({ hosts: 1 });
const PASSWORD = `pw ${process.pid}`;
const user = useSudoUser(fleet, `dk-stopped-${process.pid}`, PASSWORD);
const root = mkdtempSync(join(tmpdir(), "dk-stopped-state-"));

beforeAll(() => {
  chmodSync(root, 0o755);
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

// A directory `name` holding `old`, a file with the content "old", and a big source file beside it.
function place(name: string): { dir: string; old: string; source: string } {
  const dir = join(root, name);
  mkdirSync(dir);
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, "old"), "old\n");
  return { dir, old: join(dir, "old"), source: bigFile(join(root, `${name}.big`)) };
}

// Starts `transfer`, aborts it once `running` says it copies, and returns its error once nothing of it runs on.
async function stopped(
  transfer: (signal: AbortSignal) => Promise<unknown>,
  running: () => boolean,
  marker: string,
): Promise<TransferError> {
  const abort = new AbortController();
  const settled = rejection(transfer(abort.signal), TransferError);
  try {
    await waitUntil(running, "the copy to run", 30_000);
  } finally {
    abort.abort();
  }
  const error = await settled;
  expect(await waitGone(marker)).toEqual([]);
  return error;
}

describe("a transfer stopped partway says what it left", () => {
  it.each(["upload", "download"] as const)("%s of a file: the old one intact, no temporary file", async (how) => {
    const { dir, old, source } = place(`file-${how}`);
    const host: Host = fleet.host();
    const error = await stopped((signal) => host[how](source, old, { signal }), copying(dir), dir);
    expect(error.reason).toBe(
      `the ${how} was interrupted: nothing is half-written at ${old} (a file takes its name only once all of it has ` +
        "arrived); copy again",
    );
    expect(readFileSync(old, "utf8")).toBe("old\n");
    expect(readdirSync(dir)).toEqual(["old"]);
  });

  it("upload of a directory: part of the copy may be there", async () => {
    const { dir, source } = place("tree");
    const tree = join(root, "tree-source");
    mkdirSync(tree);
    for (const name of ["a", "b"]) writeFileSync(join(tree, name), `${name}\n`);
    bigFile(join(tree, "c"));
    rmSync(source);
    // rsync sends a directory's files in order: a and b are in place once c is under way.
    const error = await stopped((signal) => fleet.host().upload(tree, dir, { signal }), copying(dir, "c."), dir);
    expect(error.reason).toBe(
      `the upload was interrupted: ${dir} may hold part of the copy (each file in it as it was, or whole and new; ` +
        "none half-written); copy again to finish",
    );
    expect(readdirSync(dir).sort()).toEqual(["a", "b", "old"]);
  });

  it("upload in place (the login user may not write its directory): the file may be half-written", async () => {
    const { dir, old, source } = place("in-place");
    chmodSync(old, 0o666);
    const grown = () => statSync(old).size > 4;
    const error = await stopped((signal) => user.host().upload(source, old, { signal }), grown, dir);
    expect(error.reason).toBe(
      `the upload was interrupted: the file at ${old} may be half-written (it is written in place, as the login ` +
        "user may not write its directory); copy again",
    );
    expect(statSync(old).size).toBeGreaterThan(4);
  });

  it("staged upload (a sudo password) stopped on its way to the host: nothing written at the destination", async () => {
    const { dir, old, source } = place("staged");
    const stages = () => ownedInTmp(user.name, (name) => name.startsWith("tmp."));
    const options = { becomeRoot: true, sudoPassword: PASSWORD };
    // Only this upload's stage: a user of an earlier run may have had the same uid.
    const before = stages();
    const ours = () => stages().filter((stage) => !before.includes(stage));
    const staging = () => ours().some((stage) => copying(stage)());
    const error = await stopped((signal) => user.host().upload(source, old, { ...options, signal }), staging, dir);
    expect(error.reason).toBe(
      `the upload was interrupted: nothing was written to ${old} (the files were still on their way to a private ` +
        "directory on the host); copy again",
    );
    expect(readFileSync(old, "utf8")).toBe("old\n");
    await waitUntil(() => ours().length === 0, "the stage to be removed", 20_000);
  });
});
