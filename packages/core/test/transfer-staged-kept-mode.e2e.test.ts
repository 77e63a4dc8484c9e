// A staged upload (becomeRoot through a sudo that wants a password) that stops during its `sudo rsync` puts back the
// mode of the directory it mirrored into, as a direct upload does: rsync had already given it the source's. The host's
// sudo finds an rsync that, once done, hangs, as one still copying would. Needs root, as CI runs the tests.
import {
  appendFileSync,
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const root = mkdtempSync(join(tmpdir(), "dk-staged-kept-"));
const fleet = useFleet({ hosts: 1 });
const PASSWORD = `pw ${process.pid}`;
const sudo = useSudoUser(fleet, `dk-skm-${process.pid}`, PASSWORD);
const bin = join(root, "bin");
const pidFile = join(root, "rsync.pid");
const mode = (path: string) => (statSync(path).mode & 0o7777).toString(8);
const notices: string[] = [];

beforeAll(() => {
  chmodSync(root, 0o755);
  mkdirSync(bin);
  // Its PID is the sleep's (exec), which the test ends.
  writeFileSync(join(bin, "rsync"), `#!/bin/sh\necho $$ > ${pidFile}\n/usr/bin/rsync "$@"\nexec sleep 60\n`, {
    mode: 0o755,
  });
  appendFileSync(`/etc/sudoers.d/${sudo.name}`, `Defaults:${sudo.name} secure_path="${bin}:/usr/sbin:/usr/bin:/bin"\n`);
  setPrinter({ line: () => undefined, notice: (_tag, text) => void notices.push(text) });
});
afterEach(() => {
  const pid = Number(readFileSync(pidFile, { encoding: "utf8", flag: "a+" }));
  rmSync(pidFile, { force: true });
  // Ended already when the session's supervisor took it along.
  try {
    if (pid > 0) process.kill(pid, "SIGKILL");
  } catch {}
  notices.length = 0;
});
afterAll(() => {
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("a staged upload stopped during its sudo rsync", () => {
  const stops = {
    timeout: () => ({ timeout: 6000 }),
    abort: () => ({ signal: AbortSignal.timeout(6000) }),
  } as const;

  it.each(["timeout", "abort"] as const)("%s: a shared 1777 is 1777 again when the call fails", async (stop) => {
    const src = mkdtempSync(join(root, "src-"));
    chmodSync(src, 0o755);
    writeFileSync(join(src, "a.txt"), "a");
    const shared = mkdtempSync(join(root, "shared-"));
    chmodSync(shared, 0o1777);
    const upload = sudo.host().upload(src, shared, { becomeRoot: true, sudoPassword: PASSWORD, ...stops[stop]() });
    const e = await rejection(upload, TransferError);
    const how = stop === "timeout" ? "timed out after 6000 ms" : "was interrupted";
    expect(e.reason).toBe(`the upload ${how}: ${partial(shared)}`);
    expect(readFileSync(join(shared, "a.txt"), "utf8")).toBe("a");
    expect(mode(shared)).toBe("1777");
    expect(notices.filter((n) => n.includes("mode"))).toEqual([]);
  });
});

// What a directory's transfer stopped partway says it left at `dir`.
function partial(dir: string): string {
  const why = "each file in it as it was, or whole and new; none half-written";
  return `${dir} may hold part of the copy (${why}); copy again to finish`;
}
