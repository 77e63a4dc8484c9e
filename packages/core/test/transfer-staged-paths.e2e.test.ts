// A staged upload (becomeRoot through a sudo that wants a password) takes the same remote paths a direct one does: a
// relative one that starts with `-` or holds a `:` before any `/` is a path under the login user's home, never an
// option or another host of the host's own rsync. Needs root, as CI runs the tests.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const root = mkdtempSync(join(tmpdir(), "dk-staged-paths-"));
const fleet = useFleet({ hosts: 1 });
const PASSWORD = `pw ${process.pid}`;
const sudo = useSudoUser(fleet, `dk-spa-${process.pid}`, PASSWORD);
const staged = { becomeRoot: true, sudoPassword: PASSWORD, timeout: 30_000 } as const;
// Where relative remote paths lead: the login user's home, the sandbox's.
const home = () => fleet.sandbox.home;
const made: string[] = [];

beforeAll(() => {
  chmodSync(root, 0o755);
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterEach(() => {
  for (const name of made.splice(0)) rmSync(join(home(), name), { recursive: true, force: true });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("a staged upload's relative remote path", () => {
  it.each(["-dash", "x:y", "-n:1 two"])("%s names a path in the login user's home", async (name) => {
    const src = mkdtempSync(join(root, "src-"));
    mkdirSync(join(src, "sub"));
    writeFileSync(join(src, "sub", "a.txt"), "a");
    made.push(name, `${name}.txt`);
    const dir = await sudo.host().upload(src, name, staged);
    expect(dir).toMatchObject({ destination: name, files: 1 });
    expect(readFileSync(join(home(), name, "sub", "a.txt"), "utf8")).toBe("a");
    await sudo.host().upload(join(src, "sub", "a.txt"), `${name}.txt`, staged);
    expect(readFileSync(join(home(), `${name}.txt`), "utf8")).toBe("a");
  });
});
