// A staged upload (becomeRoot through a sudo that wants a password) keeps its copy on the host private while it is
// there: other users of the host cannot read it, whatever the modes of the files, which only the destination takes.
// The host's sudo finds an rsync that first tries to read the staged copy as `nobody`. Needs root, as CI runs tests.
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { useFleet } from "./helpers/fleet.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const root = mkdtempSync(join(tmpdir(), "dk-staged-private-"));
const fleet = useFleet({ hosts: 1 });
const PASSWORD = `pw ${process.pid}`;
const sudo = useSudoUser(fleet, `dk-spv-${process.pid}`, PASSWORD);
const bin = join(root, "bin");
const seen = join(root, "seen");

// rsync's last two words are the staged copy and the destination: `nobody` reads the copy's a.txt, or cannot.
const RSYNC = `#!/bin/sh
for a; do src=$last; last=$a; done
case $src in */) file=\${src}a.txt;; *) file=$src;; esac
r=private
setpriv --reuid=65534 --regid=65534 --clear-groups cat -- "$file" >/dev/null 2>&1 && r=readable
echo $r > ${seen}
exec /usr/bin/rsync "$@"
`;

beforeAll(() => {
  chmodSync(root, 0o755);
  mkdirSync(bin);
  writeFileSync(join(bin, "rsync"), RSYNC, { mode: 0o755 });
  appendFileSync(`/etc/sudoers.d/${sudo.name}`, `Defaults:${sudo.name} secure_path="${bin}:/usr/sbin:/usr/bin:/bin"\n`);
  setPrinter({ line: () => undefined, notice: () => {} });
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("a staged upload's copy on the host", () => {
  it.each(["directory", "file"] as const)("of a %s others may read here is private there", async (kind) => {
    const src = mkdtempSync(join(root, "src-"));
    chmodSync(src, 0o755);
    writeFileSync(join(src, "a.txt"), "secret", { mode: 0o644 });
    const dest = mkdtempSync(join(root, "dest-"));
    const source = kind === "directory" ? src : join(src, "a.txt");
    await sudo.host().upload(source, `${dest}/`, { becomeRoot: true, sudoPassword: PASSWORD, timeout: 30_000 });
    expect(readFileSync(seen, "utf8").trim()).toBe("private");
    expect(readFileSync(join(dest, "a.txt"), "utf8")).toBe("secret");
  });
});
