import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GroupError, Host } from "@deploykit/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findPing } from "../../src/builtin/reboot/probes.ts";
import { reboot, RebootError, type RebootResult } from "../../src/builtin/reboot/index.ts";
import { capture, FAST, rejection, withHosts } from "./helpers.ts";

// These tests change PATH (this file's own process) to put a failing ping first.
const PATH = process.env.PATH;
let bin = "";

beforeEach(() => {
  bin = mkdtempSync(join(tmpdir(), "dkr-ping-"));
});
afterEach(() => {
  process.env.PATH = PATH;
  rmSync(bin, { recursive: true, force: true });
});

// A `ping` that hands its first `answers` calls to the real ping and then fails as ping does on a local error.
function fakePing(answers: number): void {
  const realPing = findPing(PATH)!;
  writeFileSync(
    join(bin, "ping"),
    [
      "#!/bin/sh",
      `n=$(cat ${bin}/count 2>/dev/null || echo 0); echo $((n + 1)) > ${bin}/count`,
      `if [ "$n" -lt ${answers} ]; then exec ${realPing} "$@"; fi`,
      'echo "ping: sendmsg: No buffer space available" >&2',
      "exit 2",
      "",
    ].join("\n"),
  );
  chmodSync(join(bin, "ping"), 0o755);
  process.env.PATH = `${bin}:${PATH}`;
}

describe("ping problems on this machine", () => {
  it("ping failing (exit 2) before the reboot is an error, not 'no answer': nothing is rebooted", async () => {
    fakePing(0);
    const error = await rejection(reboot([new Host("127.0.0.1", { port: 1 })], { ...FAST, output: capture() }));
    const failure = (error as GroupError<RebootResult>).failed[0]!.error as RebootError;
    expect(failure).toMatchObject({ phase: "checking", rebootSent: false });
    expect(failure.reason).toBe(
      "`ping 127.0.0.1` exited with 2: ping: sendmsg: No buffer space available; " +
        'that is a failure of ping, not "no answer", ' +
        "so the host cannot be watched; nothing was rebooted",
    );
  });

  it("ping failing while waiting is an error, not 'down'", async () => {
    await withHosts([{ downFor: 1 }], async (_fleet, group) => {
      fakePing(1);
      const output = capture();
      const error = await rejection(reboot(group, { ...FAST, timeout: 30, output }));
      const failure = (error as GroupError<RebootResult>).failed[0]!.error as RebootError;
      expect(failure).toMatchObject({ phase: "rebooting", rebootSent: true });
      expect(failure.reason).toMatch(
        new RegExp(
          /`ping \S+` exited with 2: ping: sendmsg: No buffer space available; /.source +
            /that is a failure of ping, not "no answer"$/.source,
        ),
      );
      expect(output.text()).not.toMatch(/\] down after/);
    });
  });
});
