// A transfer that runs long without a word (rsync prints only at its end) is named in the "still waiting" notice by
// what it copies, from where to where, not by the start of rsync's long command line (`rsync -e 'ssh -F …`).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPrinter } from "../src/output/printer.ts";
import { TransferError } from "../src/transfer/transfer-error.ts";
import { useFleet } from "./helpers/fleet.ts";
import { bigFile } from "./helpers/hang-copy.ts";
import { rejection } from "./helpers/rejection.ts";

const fleet = useFleet({ hosts: 1 });
const root = mkdtempSync(join(tmpdir(), "dk-transfer-waiting-"));
const notices: string[] = [];
const before = process.env.DEPLOYKIT_WAITING_NOTICE_MS;

beforeAll(() => {
  process.env.DEPLOYKIT_WAITING_NOTICE_MS = "300";
});
afterAll(() => {
  if (before === undefined) delete process.env.DEPLOYKIT_WAITING_NOTICE_MS;
  else process.env.DEPLOYKIT_WAITING_NOTICE_MS = before;
  setPrinter(undefined);
  rmSync(root, { recursive: true, force: true });
});

// Runs `transfer` until the first "still waiting" notice, then stops it; that notice.
async function firstWaiting(transfer: (signal: AbortSignal) => Promise<unknown>): Promise<string> {
  const stop = new AbortController();
  notices.length = 0;
  setPrinter({
    line: () => undefined,
    notice: (_tag, text) => {
      notices.push(text);
      if (text.startsWith("still waiting")) stop.abort();
    },
  });
  await rejection(transfer(stop.signal), TransferError);
  return notices.find((text) => text.startsWith("still waiting")) ?? `none among ${JSON.stringify(notices)}`;
}

describe("the still-waiting notice of a long transfer", () => {
  it("names an upload's source and destination", async () => {
    const source = bigFile(join(root, "big"));
    const destination = join(root, "up", "big");
    const notice = await firstWaiting((signal) => fleet.host().upload(source, destination, { signal }));
    expect(notice).toMatch(/^still waiting for 'upload \S+\/big → \S+\/up\/big' to finish\.\.\. \(\d\d:\d\d:\d\d/);
  });

  it("names a download's source and destination", async () => {
    const source = bigFile(join(root, "remote-big"));
    const destination = join(root, "down", "big");
    const notice = await firstWaiting((signal) => fleet.host().download(source, destination, { signal }));
    expect(notice).toMatch(/^still waiting for 'download \S+\/remote-big → \S+\/down\/big' to finish/);
  });
});
