// An upload with `delete` is refused into the login user's home however it is named: `~` and `.` before anything
// runs, its absolute path (or one through `..` or a symlink) on the host, before rsync removes anything there (its
// ssh keys among them). A throwaway user (needs root, as CI runs the tests) whose home is a directory of this test.
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSudoUser, type SudoUser } from "@deploykit/sandbox";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";

const fleet = useFleet({ hosts: 1 });
const root = mkdtempSync(join(tmpdir(), "dk-mirror-home-"));
const NAME = `dk-mirror-${process.pid}`;
const HOME = join(root, "home");
const SOURCE = join(root, "src");
let user: SudoUser | undefined;

beforeAll(() => {
  // The user reads the sandbox's authorized_keys through these directories.
  chmodSync(fleet.sandbox.dir, 0o755);
  chmodSync(root, 0o755);
  user = createSudoUser(NAME, "unused", HOME, { noPassword: true });
  const uid = Number(execFileSync("id", ["-u", NAME], { encoding: "utf8" }));
  mkdirSync(HOME);
  writeFileSync(join(HOME, "authorized_keys"), "keep me\n");
  chownSync(HOME, uid, uid);
  mkdirSync(SOURCE);
  writeFileSync(join(SOURCE, "app.txt"), "app\n");
  symlinkSync(HOME, join(root, "link-to-home"));
  setPrinter({ line: () => undefined, notice: () => {} });
});

afterAll(async () => {
  setPrinter(undefined);
  await user?.remove();
  rmSync(root, { recursive: true, force: true });
});

const host = () => fleet.host({ user: NAME });

describe("an upload with delete into the login user's home", () => {
  it("is refused however the home is named, and removes nothing", async () => {
    const around = `${root}/../${root.split("/").pop()!}/home`;
    for (const destination of [HOME, `${HOME}/`, around, `${root}/link-to-home`]) {
      for (const becomeRoot of [false, true]) {
        const e = await rejection(host().upload(SOURCE, destination, { delete: true, becomeRoot }), TransferError);
        expect(e.reason).toBe(
          `Refusing to mirror into ${destination}, which is the login user's home on the host, with \`delete\`: ` +
            "everything there that the source does not have would be removed; name the directory to mirror " +
            "(e.g. /srv/app)",
        );
        expect(readdirSync(HOME)).toEqual(["authorized_keys"]);
      }
    }
  });

  it("mirrors into a directory below it, and into the home without delete", async () => {
    await host().upload(SOURCE, join(HOME, "app"), { delete: true });
    expect(readdirSync(join(HOME, "app"))).toEqual(["app.txt"]);
    await host().upload(SOURCE, HOME);
    expect(readdirSync(HOME).sort()).toEqual(["app", "app.txt", "authorized_keys"]);
  });
});
