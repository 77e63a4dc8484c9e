// A staged upload (becomeRoot through a sudo that wants a password) whose step as root runs long without a word is
// named in the "still waiting" notice by what it copies, from where to where, as a direct upload is; it showed none
// (its steps ran quiet), and the call seemed to hang. Needs root, as CI runs the tests.
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { rejection } from "./helpers/rejection.ts";
import { useSudoUser } from "./helpers/sudo-user.ts";

const root = mkdtempSync(join(tmpdir(), "dk-staged-waiting-"));
// First on sudo's secure_path: an rsync that waits before it starts, so that only the step as root is slow.
const BIN = join(root, "bin");
const fleet = useFleet({ hosts: 1 });
const PASSWORD = `pw ${process.pid}`;
const user = useSudoUser(fleet, `dk-stwait-${process.pid}`, PASSWORD);
const before = process.env.DEPLOYKIT_WAITING_NOTICE_MS;

beforeAll(() => {
  process.env.DEPLOYKIT_WAITING_NOTICE_MS = "300";
  chmodSync(root, 0o755);
  mkdirSync(BIN);
  writeFileSync(join(BIN, "rsync"), '#!/bin/sh\nsleep 60\nexec /usr/bin/rsync "$@"\n', { mode: 0o755 });
  const path = `${BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
  appendFileSync(`/etc/sudoers.d/${user.name}`, `Defaults:${user.name} secure_path=${path}\n`);
  writeFileSync(join(root, "app.conf"), "x\n");
});
afterAll(() => {
  if (before === undefined) delete process.env.DEPLOYKIT_WAITING_NOTICE_MS;
  else process.env.DEPLOYKIT_WAITING_NOTICE_MS = before;
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

describe("the still-waiting notice of a staged upload", () => {
  it("names its step as root by what it copies, from where to where", async () => {
    const stop = new AbortController();
    const notices: string[] = [];
    const destination = join(root, "etc", "app.conf");
    setPrinter({
      line: () => undefined,
      notice: (_tag, text) => {
        notices.push(text);
        // (The copy into the stage, before it, may be named too on a busy machine: as its own copy.)
        if (text.startsWith("still waiting") && text.includes(`→ ${destination} `)) stop.abort();
      },
    });
    // Without a notice (it showed none), the upload is stopped all the same, long after the notice's 300 ms.
    const bound = setTimeout(() => stop.abort(), 20_000);
    const options = { becomeRoot: true, sudoPassword: PASSWORD, signal: stop.signal } as const;
    await rejection(user.host().upload(join(root, "app.conf"), destination, options), TransferError);
    clearTimeout(bound);
    const notice =
      notices.find((text) => text.includes(`→ ${destination} `)) ?? `none among ${JSON.stringify(notices)}`;
    expect(notice).toMatch(
      new RegExp(
        `^still waiting for 'upload \\S+/app\\.conf → ${destination} \\(as root, from /tmp/tmp\\.\\w+\\)' to finish`,
      ),
    );
  });
});
